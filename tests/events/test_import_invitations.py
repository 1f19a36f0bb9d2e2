"""The invitations an import sent (events.services.imports.sent_invitations, resend_invitation,
withdraw_invitation): listed on the import page with where each stands, sent again with a new link, withdrawn."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.errors import EventError
from events.import_files import parse_upload
from events.models import ParticipantInvitation
from events.services import imports
from tests.events.conftest import EVENT_ROLES
from tests.events.test_imports import HEADER, IMPORT_ACCESS, csv_file
from tests.factories import CompanyFactory


def invite(event, organizer, *lines: str, capture) -> list[ParticipantInvitation]:
    with capture(execute=True):
        imports.apply_import(event=event, rows=parse_upload(csv_file("\n".join([HEADER, *lines]) + "\n")).rows,
                             by=organizer)
    return list(ParticipantInvitation.objects.order_by("pk"))


@pytest.fixture
def invitation(event, organizer, django_capture_on_commit_callbacks) -> ParticipantInvitation:
    return invite(event, organizer, "Sông Hồng Tea,VN,lan@songhong.example,,Nguyễn Thị Lan",
                  capture=django_capture_on_commit_callbacks)[0]


def page(client, event):
    return client.get(reverse("events:import_participants", args=[event.slug]))


def action_url(event, invitation, action: str) -> str:
    return reverse(f"events:{action}_invitation", args=[event.slug, invitation.pk])


def test_sent_invitations_say_where_each_stands(event, organizer, django_capture_on_commit_callbacks):
    fresh, old, in_review, registered = invite(
        event, organizer, "Fresh Co,VN,fresh@co.example,,", "Old Co,AZ,old@co.example,,",
        "Review Co,VN,review@co.example,,", "Done Co,AZ,done@co.example,,",
        capture=django_capture_on_commit_callbacks)
    ParticipantInvitation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    ParticipantInvitation.objects.filter(pk=in_review.pk).update(company=CompanyFactory(status="pending"))
    ParticipantInvitation.objects.filter(pk=registered.pk).update(company=CompanyFactory(),
                                                                  accepted_at=timezone.now())

    listed = {i.company_name: (i.state, i.expired) for i in imports.sent_invitations(event)}

    assert listed == {"Fresh Co": ("open", False), "Old Co": ("open", True), "Review Co": ("in_review", False),
                      "Done Co": ("registered", False)}


def test_resend_emails_a_new_link_counted_from_now(event, invitation, django_capture_on_commit_callbacks):
    ParticipantInvitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=40))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        imports.resend_invitation(invitation=invitation)

    invitation.refresh_from_db()
    assert timezone.now() - invitation.created_at < timedelta(minutes=1)
    assert [m.to for m in mail.outbox] == [["lan@songhong.example"]]
    link = re.search(r"http://\S+?(/\w\w/events/\S+/invitation/\S+/)", mail.outbox[0].body).group(1)
    assert imports.invitation_from_token(event=event, token=link.rstrip("/").rsplit("/", 1)[1]) == invitation


def test_withdraw_deletes_the_invitation_and_its_link_stops_working(event, invitation):
    token = imports.invitation_token(invitation)

    imports.withdraw_invitation(invitation=invitation)

    assert ParticipantInvitation.objects.count() == 0
    with pytest.raises(imports.InvitationLinkError):
        imports.invitation_from_token(event=event, token=token)


@pytest.mark.parametrize("action", ["resend", "withdraw"])
def test_an_invitation_taken_up_is_neither_sent_again_nor_withdrawn(event, invitation, action):
    company = CompanyFactory(name="Sông Hồng Tea", status="pending")
    ParticipantInvitation.objects.filter(pk=invitation.pk).update(company=company)
    mail.outbox.clear()

    with pytest.raises(EventError) as error:
        getattr(imports, f"{action}_invitation")(invitation=invitation)

    assert str(error.value) == "Sông Hồng Tea has already taken up this invitation."
    assert (ParticipantInvitation.objects.get().company, len(mail.outbox)) == (company, 0)


def test_import_page_lists_the_invitations_with_their_actions(client, event, organizer, invitation):
    client.force_login(organizer)

    response = page(client, event)

    assert [i.company_name for i in response.context["invitations"]] == ["Sông Hồng Tea"]
    html = response.content.decode()
    assert action_url(event, invitation, "resend") in html and action_url(event, invitation, "withdraw") in html


def test_import_page_says_when_nothing_was_sent(client, event, organizer):
    client.force_login(organizer)

    response = page(client, event)

    assert response.context["invitations"] == []
    assert "No invitation sent yet" in response.content.decode()


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("action", ["resend", "withdraw"])
def test_invitation_action_permissions(as_role, event, all_roles, invitation, role, action,
                                       django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).post(action_url(event, invitation, action))

    allowed = IMPORT_ACCESS[role] == 200
    assert response.status_code == 302 if allowed or role == "anonymous" else 403
    if allowed:
        assert response.url == reverse("events:import_participants", args=[event.slug]) + "#invitations"
    done = len(mail.outbox) == 1 if action == "resend" else not ParticipantInvitation.objects.exists()
    assert done is allowed


def test_invitation_actions_refuse_another_events_invitation(client, event, organizer, other_organizer,
                                                             invitation):
    client.force_login(other_organizer)
    other = other_organizer.organized_events.get()

    response = client.post(reverse("events:withdraw_invitation", args=[other.slug, invitation.pk]))

    assert response.status_code == 404
    assert ParticipantInvitation.objects.count() == 1


def test_invitation_actions_refuse_a_get(client, event, organizer, invitation):
    client.force_login(organizer)

    assert client.get(action_url(event, invitation, "withdraw")).status_code == 405
    assert ParticipantInvitation.objects.count() == 1


@pytest.mark.parametrize("count", [1, 12])
def test_import_page_query_count_is_constant(client, event, organizer, django_assert_num_queries, count,
                                             django_capture_on_commit_callbacks):
    invite(event, organizer, *(f"Co {n},VN,co{n}@x.example,," for n in range(count)),
           capture=django_capture_on_commit_callbacks)
    ParticipantInvitation.objects.filter(company_name="Co 0").update(company=CompanyFactory(),
                                                                     accepted_at=timezone.now())
    client.force_login(organizer)
    page(client, event)  # the header's unread count is cached from here on (events.notice_counts)

    with django_assert_num_queries(8):
        response = page(client, event)

    assert len(response.context["invitations"]) == count
