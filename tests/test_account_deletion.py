"""Deleting one's own account (config/account_deletion.py, config/account_views.py; docs/accounts.md)."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Invitation, Listing, Membership
from config.account_deletion import AccountDeletionError, delete_account, deletion_plan
from events import services as event_services
from events.models import Event, Meeting, MeetingRequest, Notification, Participation
from tests.factories import (
    CompanyFactory,
    EventFactory,
    InvitationFactory,
    ListingFactory,
    MembershipFactory,
    OrganizerFactory,
    ParticipationFactory,
    SessionFactory,
    UserFactory,
    meet,
)

pytestmark = pytest.mark.django_db

DELETE = reverse("account_delete")
PASSWORD = "correct horse battery staple"
User = get_user_model()


def text(response) -> str:
    """The page's text without tags, whitespace collapsed: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="organizer")


@pytest.fixture
def forum(organizer):
    """A forum next month with one session of three slots and two tables, organized by `organizer`."""
    event = EventFactory(title="Baku Forum", slug="baku-forum", organizers=[organizer])
    SessionFactory(event=event)
    event_services.set_table_count(event=event, count=2)
    return event


def partner(event, name: str, username: str) -> Participation:
    company = CompanyFactory(name=name, slug=username, country="AZ")
    MembershipFactory(company=company, user=UserFactory(username=username))
    return ParticipationFactory(event=event, company=company)


@pytest.fixture
def history(owner, company, forum):
    """Mekong Coffee (only `owner` in it) at the forum: one booked meeting with Caspian Foods, one request from
    Baku Tea waiting for its answer, two marketplace entries and an open invitation."""
    coffee = ParticipationFactory(event=forum, company=company)
    meet(coffee, partner(forum, "Caspian Foods", "caspian"))
    event_services.request_meeting(requester=partner(forum, "Baku Tea", "tea"), recipient=coffee)
    ListingFactory(company=company, title="Robusta, lot 1")
    ListingFactory(company=company, title="Robusta, lot 2", kind="request")
    InvitationFactory(company=company, email="colleague@example.com")
    mail.outbox.clear()
    Notification.objects.all().delete()
    return coffee


def past_event_with_a_participant(organizer) -> Event:
    """"Past Forum", held a month ago, with one registration."""
    past_day = timezone.localdate() - timedelta(days=30)
    past = EventFactory(title="Past Forum", start_date=past_day, end_date=past_day,
                        registration_opens=timezone.now() - timedelta(days=60),
                        registration_closes=timezone.now() - timedelta(days=40), organizers=[organizer])
    ParticipationFactory(event=past)
    return past


def confirm(client, password=PASSWORD, **kwargs):
    return client.post(DELETE, {"password": password}, **kwargs)


# The explanation, per case ------------------------------------------------------------------------------------


def test_explanation_for_the_only_member_of_a_company_with_event_history(client, owner, history):
    client.force_login(owner)

    response = client.get(DELETE)

    plan = response.context["plan"]
    assert response.status_code == 200
    assert (plan.company_fate, plan.meetings_cancelled, plan.requests_closed, plan.listings_removed,
            plan.invitations_revoked, plan.allowed) == ("deactivated", 1, 1, 2, 1, True)
    page = text(response)
    assert ("You are the only member of Mekong Coffee, so it leaves TradeBridge with you. It has taken part in "
            "events, and its partners' meeting history refers to it, so its profile is not deleted: it is "
            "deactivated, hidden from the site, with nobody in it.") in page
    assert "1 upcoming meeting is cancelled; the partner company is told." in page
    assert "1 meeting request waiting for an answer is withdrawn; the other company is told." in page
    assert "2 marketplace entries are removed." in page
    assert "1 open invitation to a colleague is withdrawn." in page
    assert 'name="password"' in response.content.decode()


def test_explanation_for_the_only_member_of_a_company_without_event_history(client, owner, company):
    ListingFactory(company=company)
    client.force_login(owner)

    response = client.get(DELETE)

    plan = response.context["plan"]
    assert (plan.company_fate, plan.listings_removed, plan.meetings_cancelled) == ("deleted", 1, 0)
    assert ("You are the only member of Mekong Coffee, so it leaves TradeBridge with you. It has not taken part in "
            "any event, so it is deleted completely:") in text(response)


def test_explanation_when_other_members_remain(client, owner, member):
    client.force_login(member)

    response = client.get(DELETE)

    plan = response.context["plan"]
    assert (plan.company_fate, plan.other_members, plan.allowed) == ("stays", 1, True)
    assert ("Mekong Coffee stays on TradeBridge with its other member: only your membership ends.") in text(response)


def test_explanation_refuses_the_last_owner_while_members_remain(client, owner, member):
    client.force_login(owner)

    response = client.get(DELETE)

    plan = response.context["plan"]
    assert (response.status_code, plan.refusal, plan.allowed) == (200, "last_owner", False)
    assert ("You are the only owner of Mekong Coffee, and a company always keeps an owner. Make a colleague an "
            "owner on the team page first, then come back to delete your account.") in text(response)
    assert f'href="{reverse("companies:team")}"' in response.content.decode()
    assert 'name="password"' not in response.content.decode()


def test_an_owner_among_owners_may_go(client, owner, company):
    MembershipFactory(company=company, user=UserFactory(username="co-owner"), role="owner")
    client.force_login(owner)

    plan = client.get(DELETE).context["plan"]

    assert (plan.company_fate, plan.allowed) == ("stays", True)


def test_explanation_for_an_organizer_sorts_their_events(client, organizer, forum):
    ParticipationFactory(event=forum)  # a registration: the forum cannot be left without an organizer
    shared = EventFactory(title="Shared Forum", organizers=[organizer, OrganizerFactory(username="colleague")])
    draft = EventFactory(title="Draft Forum", status="draft", organizers=[organizer])
    past = past_event_with_a_participant(organizer)
    client.force_login(organizer)

    response = client.get(DELETE)

    plan = response.context["plan"]
    assert (plan.events_blocking, plan.events_shared, plan.events_deleted, plan.events_kept) == (
        [forum], [shared], [draft], [past])
    assert (plan.refusal, plan.company_fate) == ("organized_events", "")
    assert ("You are the only organizer of Baku Forum, for which companies are registered and which is not over. "
            "Ask the administrators to hand it to another organizer first.") in text(response)
    assert 'name="password"' not in response.content.decode()


def test_explanation_refuses_staff(client, staff):
    client.force_login(staff)

    response = client.get(DELETE)

    assert (response.status_code, response.context["plan"].refusal) == (200, "staff")
    assert ("Staff accounts cannot be deleted here. Ask another administrator to deactivate or delete your account "
            "in the administration.") in text(response)


# The confirmation -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["wrong password", ""])
def test_wrong_or_missing_password_is_a_form_error_and_deletes_nothing(client, owner, history, password):
    client.force_login(owner)

    response = confirm(client, password)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password": ["This is not your current password."] if password else ["This field is required."]}
    assert User.objects.filter(username="owner").exists() is True
    assert Company.objects.get(name="Mekong Coffee").status == Company.Status.APPROVED
    assert client.get(reverse("account_data")).status_code == 200  # still logged in
    assert mail.outbox == []


def test_password_attempts_are_rate_limited(client, owner, company, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "1/m/user"}
    client.force_login(owner)
    confirm(client, "wrong password")

    response = confirm(client)

    assert response.context["form"].errors == {"password": ["Too many attempts. Wait a minute, then try again."]}
    assert User.objects.filter(username="owner").exists() is True


def test_get_deletes_nothing(client, owner, company):
    client.force_login(owner)

    client.get(DELETE)

    assert User.objects.filter(username="owner").exists() is True


def test_deletion_of_the_only_member_deactivates_the_company_and_tells_the_partners(
        client, owner, history, django_capture_on_commit_callbacks):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your account was deleted. Goodbye, and thank you for using TradeBridge."]
    assert response.context["user"].is_authenticated is False
    assert User.objects.filter(username="owner").exists() is False
    company = Company.objects.get(name="Mekong Coffee")
    assert (company.status, company.status_reason) == ("deactivated", "Its only member deleted their account.")
    assert (Membership.objects.filter(company=company).count(), Listing.objects.filter(company=company).count()) == (
        0, 0)
    assert Invitation.objects.get(company=company).revoked_at is not None
    assert list(Meeting.objects.values_list("status", flat=True)) == ["cancelled"]
    assert list(MeetingRequest.objects.filter(status="pending").values_list("pk", flat=True)) == []
    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("caspian", "meeting_withdrawn"), ("tea", "request_closed")]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("caspian@example.com", "Meeting with Mekong Coffee cancelled"),
        ("owner@example.com", "Your TradeBridge account was deleted"),
        ("tea@example.com", "Meeting request with Mekong Coffee closed"),
    ]
    goodbye = next(m for m in mail.outbox if m.to == ["owner@example.com"])
    assert ("Mekong Coffee was deactivated, as you were its only member: it no longer appears on the site, its "
            "meetings to come are cancelled and its partners told.") in " ".join(goodbye.body.split())
    # The company's history stays: its participation, the partners' meeting (cancelled) and request (closed).
    assert Participation.objects.filter(company=company).count() == 1


def test_deletion_of_the_only_member_without_history_deletes_the_company(
        client, owner, company, django_capture_on_commit_callbacks):
    ListingFactory(company=company)
    InvitationFactory(company=company)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client)

    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert (User.objects.count(), Company.objects.count(), Membership.objects.count(), Listing.objects.count(),
            Invitation.objects.count(), EmailAddress.objects.count()) == (0, 0, 0, 0, 0, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["owner@example.com"], "Your TradeBridge account was deleted")]


def test_deletion_of_a_member_keeps_the_company(client, owner, member, company, django_capture_on_commit_callbacks):
    Notification.objects.create(user=member, kind="participation_approved", params={"event": "Baku Forum"})
    ListingFactory(company=company)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        confirm(client)

    assert list(User.objects.values_list("username", flat=True)) == ["owner"]
    assert list(Membership.objects.values_list("user__username", "company__name")) == [("owner", "Mekong Coffee")]
    assert (Company.objects.get().status, Listing.objects.count()) == ("approved", 1)
    assert (Notification.objects.count(), EmailAddress.objects.filter(email="member@example.com").count()) == (0, 0)


def test_deletion_of_an_organizer_deletes_their_unregistered_events_and_keeps_the_others(
        client, organizer, django_capture_on_commit_callbacks):
    colleague = OrganizerFactory(username="colleague")
    EventFactory(title="Shared Forum", organizers=[organizer, colleague])
    EventFactory(title="Draft Forum", status="draft", organizers=[organizer])
    past = past_event_with_a_participant(organizer)
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client)

    assert response.status_code == 302
    assert list(Event.objects.order_by("title").values_list("title", flat=True)) == ["Past Forum", "Shared Forum"]
    assert list(Event.objects.get(title="Shared Forum").organizers.values_list("username", flat=True)) == [
        "colleague"]
    assert list(past.organizers.all()) == []
    assert Participation.objects.filter(event=past).count() == 1


@pytest.mark.parametrize("role", ["staff", "owner", "organizer"])
def test_refused_deletions_change_nothing(client, role, request, member, forum):
    """Staff; the last owner with a member left; the only organizer of an event companies registered for."""
    ParticipationFactory(event=forum)
    user = request.getfixturevalue(role)
    client.force_login(user)
    before = (User.objects.count(), Event.objects.count(), Membership.objects.count(), Company.objects.count())

    response = confirm(client)

    assert response.status_code == 403
    assert (User.objects.count(), Event.objects.count(), Membership.objects.count(),
            Company.objects.count()) == before


def test_service_refuses_with_the_plans_message(owner, member):
    with pytest.raises(AccountDeletionError) as error:
        delete_account(user=owner, language="en")

    assert str(error.value) == deletion_plan(owner).refusal_message
    assert User.objects.filter(username="owner").exists() is True


def test_the_goodbye_email_is_sent_only_on_commit(owner, company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        delete_account(user=owner, language="vi")
        assert mail.outbox == []

    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


# Who may see the page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("organizer", 200), ("staff", 200),
])
def test_delete_page_permissions(as_role, role, status, owner, member):
    response = as_role(role).get(DELETE)

    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('account_login')}?next={DELETE}"


def test_anonymous_post_deletes_nothing(client, owner):
    response = confirm(client)

    assert (response.status_code, User.objects.filter(username="owner").exists()) == (302, True)


def test_account_menu_links_both_pages(client, owner):
    client.force_login(owner)

    page = client.get(reverse("account_email")).content.decode()

    assert f'href="{reverse("account_data")}"' in page
    assert f'href="{DELETE}"' in page
