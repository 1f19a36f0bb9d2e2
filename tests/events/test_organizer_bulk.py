"""The organizer's bulk actions on the dashboard (events.services.bulk, events.views.organizer.bulk_action): approve,
decline with the integrity rules, write to a selection through the announcement form; who may use them, what
they refuse, and the dashboard's query count.

The event (tests/events/conftest.py) is in Baku, one session of three slots, two tables; Highland Coffee and
Caspian Foods are approved. Meetings are made as the site makes them (tests.factories.meet).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from events.models import Announcement, AnnouncementAudience, Participation
from events.services import bulk
from events.services.announcements import DAILY_LIMIT, send_announcement
from tests.events.conftest import EVENT_ROLES
from tests.factories import EventFactory, join, meet

BULK_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403), ("staff", 302)]
EN = {"en": ("Badges", "Collect your badges at the door.")}


def bulk_url(event) -> str:
    return reverse("events:bulk_action", args=[event.slug])


def dashboard_url(event) -> str:
    return reverse("events:dashboard", args=[event.slug])


def announcements_url(event) -> str:
    return reverse("events:announcements", args=[event.slug])


def statuses(event) -> dict[str, str]:
    return dict(event.participations.values_list("company__name", "status"))


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def waiting(event):
    """Three registrations awaiting approval."""
    return [join(event, name, status="pending") for name in ("Ana Trade", "Bao Trade", "Cem Trade")]


# The service ---------------------------------------------------------------------------------------------------


def test_bulk_approve_approves_each_and_reports(event, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk.decide_participations(event=event, participation_ids=[p.pk for p in waiting], approve=True)

    assert result.decided == ["Ana Trade", "Bao Trade", "Cem Trade"]
    assert result.message() == "3 approved."
    assert set(Participation.objects.filter(pk__in=[p.pk for p in waiting]).values_list("status", flat=True)) == {
        "approved"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana.trade@example.com", "bao.trade@example.com", "cem.trade@example.com"]


def test_bulk_decline_refuses_companies_with_live_meetings_and_declines_the_others(event, coffee, distributor):
    ana, bao, cem = (join(event, name) for name in ("Ana Trade", "Bao Trade", "Cem Trade"))
    meet(coffee, ana)
    meet(ana, distributor)
    meet(bao, cem)
    free = join(event, "Free Trade")

    result = bulk.decide_participations(event=event, participation_ids=[ana.pk, bao.pk, free.pk], approve=False)

    assert result.message() == "1 declined; 2 could not be declined: Ana Trade (2 meetings), Bao Trade (1 meeting)."
    assert statuses(event) == {"Highland Coffee": "approved", "Caspian Foods": "approved", "Ana Trade": "approved",
                               "Bao Trade": "approved", "Cem Trade": "approved", "Free Trade": "declined"}


def test_bulk_decision_reports_those_already_decided(event, coffee, waiting):
    result = bulk.decide_participations(event=event, participation_ids=[coffee.pk, waiting[0].pk], approve=True)

    assert (result.decided, result.unchanged) == (["Ana Trade"], ["Highland Coffee"])
    assert result.message() == "1 approved; 1 was already so."


def test_bulk_decision_ignores_ids_of_another_event_and_unknown_ids(event, waiting):
    elsewhere = join(EventFactory(slug="elsewhere"), "Elsewhere Trade", status="pending")

    result = bulk.decide_participations(event=event, participation_ids=[elsewhere.pk, 999_999, waiting[0].pk],
                                        approve=True)

    assert result.decided == ["Ana Trade"]
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


def test_selection_token_is_bound_to_its_event(event, waiting):
    other = EventFactory(slug="elsewhere")
    token = bulk.selection_token(event=event, participation_ids=[waiting[1].pk, waiting[0].pk, waiting[0].pk])

    assert bulk.selection_ids(event=event, token=token) == sorted([waiting[0].pk, waiting[1].pk])
    assert bulk.selection_ids(event=other, token=token) is None
    assert bulk.selection_ids(event=event, token=token + "x") is None
    assert bulk.selection_ids(event=event, token="garbage") is None


def test_send_announcement_to_a_selection_reaches_only_approved_companies_of_the_event(
        all_roles, event, coffee, distributor, waiting, organizer, django_capture_on_commit_callbacks):
    elsewhere = join(EventFactory(slug="elsewhere"), "Elsewhere Trade")
    suspended = waiting[2]
    suspended.company.status = "suspended"
    suspended.company.save()

    with django_capture_on_commit_callbacks(execute=True):
        announcement = send_announcement(event=event, author=organizer, audience=AnnouncementAudience.SELECTED,
                                         texts=EN, companies=[coffee.company, waiting[0].company_id,
                                                              suspended.company_id, elsewhere.company_id])

    assert sorted(announcement.recipients.values_list("name", flat=True)) == ["Ana Trade", "Highland Coffee"]
    assert announcement.recipient_count == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["ana.trade@example.com", "participant@example.com"]


def test_send_announcement_to_an_empty_selection_is_refused(event, organizer):
    from events.errors import EventError

    with pytest.raises(EventError):
        send_announcement(event=event, author=organizer, audience=AnnouncementAudience.SELECTED, texts=EN,
                          companies=[])
    assert Announcement.objects.count() == 0


# The view: who may use it --------------------------------------------------------------------------------------


def test_access_table_covers_every_role():
    assert [role for role, _ in BULK_ACCESS] == EVENT_ROLES


@pytest.mark.parametrize(("role", "status"), BULK_ACCESS)
def test_bulk_permission_matrix(all_roles, event, waiting, as_role, role, status):
    response = as_role(role).post(bulk_url(event), {"action": "approve", "participations": [waiting[0].pk]})

    assert response.status_code == status
    waiting[0].refresh_from_db()
    assert waiting[0].status == ("approved" if role in ("organizer", "co_organizer", "staff") else "pending")


def test_anonymous_visitor_is_sent_to_log_in(event, client):
    response = client.post(bulk_url(event), {"action": "approve"})

    assert response["Location"] == f"{reverse('account_login')}?next={bulk_url(event)}"


def test_bulk_answers_get_with_405(event, as_role):
    assert as_role("organizer").get(bulk_url(event)).status_code == 405


def test_bulk_of_unknown_event_is_404(organizer, as_role):
    assert as_role("organizer").post(reverse("events:bulk_action", args=["no-such-forum"]),
                                     {"action": "approve", "participations": ["1"]}).status_code == 404


# The view: what it does ----------------------------------------------------------------------------------------


def test_bulk_approve_through_the_dashboard(all_roles, event, waiting, as_role):
    response = as_role("organizer").post(bulk_url(event), {"action": "approve",
                                                           "participations": [waiting[0].pk, waiting[2].pk]})

    assert response["Location"] == dashboard_url(event)
    assert shown(response) == ["2 approved."]
    assert statuses(event)["Bao Trade"] == "pending"
    assert [statuses(event)[name] for name in ("Ana Trade", "Cem Trade")] == ["approved", "approved"]


def test_bulk_decline_reports_refusals_per_company(all_roles, event, coffee, distributor, as_role):
    meet(coffee, distributor)
    free = join(event, "Free Trade")

    response = as_role("organizer").post(bulk_url(event), {"action": "decline",
                                                           "participations": [coffee.pk, distributor.pk, free.pk]})

    assert shown(response) == ["1 declined; 2 could not be declined: Caspian Foods (1 meeting), Highland Coffee "
                               "(1 meeting)."]
    assert statuses(event) == {"Highland Coffee": "approved", "Caspian Foods": "approved", "Free Trade": "declined"}


def test_select_all_matching_takes_the_search_not_the_ticks(all_roles, event, as_role):
    join(event, "Cà Phê Sài Gòn", status="pending")
    join(event, "Cafe Phe Bakı", status="declined")  # matches the text, not the status
    join(event, "Pepper Trade", status="pending")  # matches the status, not the text

    response = as_role("organizer").post(bulk_url(event), {"action": "approve", "all_matching": "1",
                                                           "q": "ca phe", "status": "pending"})

    assert shown(response) == ["1 approved."]
    assert statuses(event) == {"Highland Coffee": "approved", "Caspian Foods": "approved",
                               "Cà Phê Sài Gòn": "approved", "Cafe Phe Bakı": "declined",
                               "Pepper Trade": "pending"}


def test_select_all_without_a_search_takes_every_registration(all_roles, event, waiting, as_role):
    response = as_role("organizer").post(bulk_url(event), {"action": "approve", "all_matching": "1"})

    assert shown(response) == ["3 approved; 2 were already so."]


@pytest.mark.parametrize("data", [{"action": "approve"}, {"action": "decline", "participations": []}])
def test_no_selection_changes_nothing(all_roles, event, waiting, as_role, data):
    response = as_role("organizer").post(bulk_url(event), data)

    assert response["Location"] == dashboard_url(event)
    assert shown(response) == ["Tick at least one registration, or choose all that match the search."]
    assert set(statuses(event).values()) == {"approved", "pending"}
    assert statuses(event)["Ana Trade"] == "pending"


@pytest.mark.parametrize(("ids", "message"), [
    (["999999"], "None of the chosen registrations is of this event any more."),
    (["abc"], "The selection could not be read. Nothing was changed."),
    (["-1"], "The selection could not be read. Nothing was changed."),
    (["99999999999999999999"], "The selection could not be read. Nothing was changed."),
])
def test_unknown_or_malformed_ids_change_nothing(all_roles, event, waiting, as_role, ids, message):
    response = as_role("organizer").post(bulk_url(event), {"action": "approve", "participations": ids})

    assert response.status_code == 302
    assert shown(response) == [message]
    assert statuses(event)["Ana Trade"] == "pending"


def test_ids_of_another_event_are_ignored(all_roles, event, waiting, as_role):
    elsewhere = join(EventFactory(slug="elsewhere", organizers=[]), "Elsewhere Trade", status="pending")

    response = as_role("organizer").post(bulk_url(event), {"action": "approve",
                                                           "participations": [elsewhere.pk, waiting[0].pk]})

    assert shown(response) == ["1 approved."]
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


@pytest.mark.parametrize("action", ["", "delete", "APPROVE"])
def test_bad_action_is_400(all_roles, event, waiting, as_role, action):
    response = as_role("organizer").post(bulk_url(event), {"action": action, "participations": [waiting[0].pk]})

    assert response.status_code == 400
    assert statuses(event)["Ana Trade"] == "pending"


# The dashboard -------------------------------------------------------------------------------------------------


def test_dashboard_offers_the_bulk_form(all_roles, event, waiting, as_role):
    content = as_role("organizer").get(dashboard_url(event)).content.decode()

    assert f'action="{bulk_url(event)}"' in content
    assert f'name="participations" value="{waiting[0].pk}" form="bulk-actions"' in content
    assert "Or all 5 registrations" in content


@pytest.mark.parametrize("extra", [0, 11])
def test_dashboard_queries_do_not_grow(all_roles, event, as_role, django_assert_num_queries, extra):
    for n in range(extra):
        meet(join(event, f"Hanoi Trader {n}", status="approved"), join(event, f"Baku Trader {n}"))
    client = as_role("organizer")

    with django_assert_num_queries(12):  # as tests/events/test_organizer_views.py's budget: the search adds none
        response = client.get(dashboard_url(event), {"status": "approved"})

    assert len(response.context["participations"]) == 2 + 2 * extra


# Write to a selection, end to end ------------------------------------------------------------------------------


def test_message_a_selection_end_to_end(all_roles, event, coffee, distributor, waiting, as_role,
                                        django_capture_on_commit_callbacks):
    client = as_role("organizer")
    response = client.post(bulk_url(event), {"action": "message", "participations": [coffee.pk, waiting[1].pk]})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(announcements_url(event) + "?selection=")
    token = parse_qs(urlsplit(location).query)["selection"][0]

    page = client.get(location)
    assert page.status_code == 200
    assert [str(label) for _, label in page.context["form"].fields["audience"].choices] == [
        "Participants chosen on the dashboard (2 companies)"]
    assert [p.company.name for p in page.context["selected"]] == ["Bao Trade", "Highland Coffee"]

    data = {"audience": "selected", "selection": page.context["form"]["selection"].value(),
            "subject_en": "Badges", "body_en": "Collect your badges.", "subject_vi": "", "body_vi": "",
            "subject_az": "", "body_az": ""}
    preview = client.post(announcements_url(event), data)
    assert preview.templates[0].name == "events/announcements/confirm.html"
    assert preview.context["count"] == 2
    assert f'name="selection" value="{token}"' in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(announcements_url(event), data | {"confirm": "1"})

    assert sent["Location"] == announcements_url(event)
    assert shown(sent) == ["The announcement is on its way to 2 companies."]
    announcement = Announcement.objects.get()
    assert (announcement.audience, announcement.recipient_count) == ("selected", 2)
    assert sorted(announcement.recipients.values_list("name", flat=True)) == ["Bao Trade", "Highland Coffee"]
    assert sorted(message.to[0] for message in mail.outbox) == ["bao.trade@example.com", "participant@example.com"]


def test_message_all_matching(all_roles, event, waiting, as_role):
    response = as_role("organizer").post(bulk_url(event), {"action": "message", "all_matching": "1",
                                                           "status": "pending"})
    token = parse_qs(urlsplit(response["Location"]).query)["selection"][0]

    assert bulk.selection_ids(event=event, token=token) == sorted(p.pk for p in waiting)


@pytest.mark.parametrize("token", ["forged", "wrong-event"])
def test_a_bad_selection_leads_back_to_the_dashboard(all_roles, event, waiting, as_role, token):
    if token == "wrong-event":
        token = bulk.selection_token(event=EventFactory(slug="elsewhere"), participation_ids=[waiting[0].pk])
    client = as_role("organizer")

    for response in (client.get(announcements_url(event), {"selection": token}),
                     client.post(announcements_url(event), {"selection": token, "audience": "selected",
                                                            "subject_en": "S", "body_en": "B", "confirm": "1"})):
        assert response["Location"] == dashboard_url(event)
    assert Announcement.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("co_organizer", 200), ("viewer", 403)])
def test_only_who_manages_the_event_opens_the_form_for_a_selection(all_roles, event, waiting, as_role, role, status):
    token = bulk.selection_token(event=event, participation_ids=[waiting[0].pk])

    assert as_role(role).get(announcements_url(event), {"selection": token}).status_code == status


def test_the_selected_audience_cannot_be_chosen_without_a_selection(all_roles, event, as_role):
    response = as_role("organizer").post(announcements_url(event), {
        "audience": "selected", "subject_en": "S", "body_en": "B", "confirm": "1"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["audience"]
    assert "selected" not in [value for value, _ in response.context["form"].fields["audience"].choices]
    assert Announcement.objects.count() == 0


def test_the_daily_limit_holds_for_a_selection(all_roles, event, coffee, organizer, as_role,
                                               django_capture_on_commit_callbacks):
    for _ in range(DAILY_LIMIT):
        with django_capture_on_commit_callbacks(execute=True):
            send_announcement(event=event, author=organizer, audience="approved", texts=EN)
    token = bulk.selection_token(event=event, participation_ids=[coffee.pk])

    response = as_role("organizer").post(announcements_url(event), {
        "audience": "selected", "selection": token, "subject_en": "S", "body_en": "B", "confirm": "1"})

    assert response.context["form"].non_field_errors() == [
        "This event already had 3 announcements in the last 24 hours, the most there can be. Please send yours "
        "later."]
    assert Announcement.objects.count() == DAILY_LIMIT
