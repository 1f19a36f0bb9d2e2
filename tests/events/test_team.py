"""An event's team (events/services/team.py, events/views/team.py): co-organizers and read-only viewers invited by
signed, expiring links; roles, removal, leaving; who may do what; where team members find their events.

The roles are those of tests/events/conftest.py: the organizer of the Baku forum, a co-organizer and a viewer
already on its team, and the others outside it.
"""

import re
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

from events.errors import EventError
from events.models import Notification, OrganizerInvitation
from events.services import team
from tests.events.conftest import EVENT_ROLES
from tests.factories import EventFactory, UserFactory, meet

TEAM_PAGE = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
             ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 200), ("staff", 200)]
# Pages whose form changes the team, and the changes themselves: the event's viewer has neither.
MANAGE_PAGE = [(role, 403 if role == "viewer" else status) for role, status in TEAM_PAGE]
MANAGE_WRITE = [(role, 302 if status == 200 else status) for role, status in MANAGE_PAGE]


# Data -------------------------------------------------------------------------------------------------------------


@pytest.fixture
def colleague(event):
    """A second viewer of the event, whom the permission matrices change or remove."""
    user = UserFactory(username="colleague", email="colleague@example.com", first_name="Lan", last_name="Pham")
    event.viewers.add(user)
    return user


@pytest.fixture
def invitee(db):
    """An account whose confirmed address the invitations below are sent to, on no team yet."""
    return UserFactory(username="invitee", email="invitee@example.com", first_name="Aysel", last_name="Mammadova")


@pytest.fixture
def invitation(event, organizer):
    return OrganizerInvitation.objects.create(event=event, email="invitee@example.com", role="organizer",
                                              invited_by=organizer)


@pytest.fixture
def world(all_roles, colleague, invitation):
    return None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a call, then what waits for its commit (mail and notices' emails are sent then)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def signed_days_ago(monkeypatch):
    """Within the block, links are signed as if `days` ago (the TimestampSigner's timestamp)."""

    @contextmanager
    def at(days):
        past = int(time.time() - days * 24 * 3600)
        with monkeypatch.context() as patch:
            patch.setattr(signing.TimestampSigner, "timestamp", lambda signer: signing.b62_encode(past))
            yield

    return at


def roles(event) -> dict[str, list[str]]:
    return {"organizers": sorted(event.organizers.values_list("username", flat=True)),
            "viewers": sorted(event.viewers.values_list("username", flat=True))}


def invite(event, by, email="invitee@example.com", role="organizer", language="en"):
    return team.invite_colleague(event=event, email=email, role=role, by=by, language=language)


def join_url(invitation) -> str:
    return team.invitation_url(invitation)


def url(name, event, *args) -> str:
    return reverse(f"events:{name}", args=[event.slug, *args])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Inviting ---------------------------------------------------------------------------------------------------------


def test_invite_stores_the_address_in_lower_case_and_emails_a_signed_link(event, organizer, committed):
    invitation = committed(invite, event, organizer, email="  Invitee@Example.COM ", role="viewer")

    assert (invitation.email, invitation.role, invitation.invited_by) == ("invitee@example.com", "viewer", organizer)
    assert [message.to for message in mail.outbox] == [["invitee@example.com"]]
    assert mail.outbox[0].subject == "organizer@example.com invites you to the team of Vietnam–Azerbaijan B2B Forum, " \
                                     "Baku on TradeBridge"
    body = mail.outbox[0].body
    assert "with the role “Viewer (read only)”" in body
    assert "As a viewer you see the event's dashboard" in body
    assert "The link works for 14 days." in body
    link = re.search(r"http\S+/team/join/\S+/", body).group(0)
    assert link.startswith("http://127.0.0.1:8000/en/events/baku-forum/team/join/")
    assert team.invitation_from_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation


def test_invite_email_is_in_the_inviters_language(event, organizer, committed):
    with translation.override("vi"):
        committed(invite, event, organizer, language="vi")

    body = mail.outbox[0].body
    assert "/vi/" in re.search(r"http\S+", body).group(0)
    with translation.override("vi"):
        assert translation.gettext("The TradeBridge team") in body


@pytest.mark.parametrize("member", ["organizer", "co_organizer", "viewer"])
def test_invite_refuses_someone_already_on_the_team(event, request, organizer, member, committed):
    address = request.getfixturevalue(member).email.upper()

    with pytest.raises(EventError, match=f"^{member}@example.com is already on the team of this event.$"):
        committed(invite, event, organizer, email=address)
    assert OrganizerInvitation.objects.count() == 0
    assert mail.outbox == []


def test_invite_refuses_a_confirmed_second_address_of_a_member(event, organizer, viewer):
    viewer.emailaddress_set.create(email="viewer@ministry.example", verified=True)

    with pytest.raises(EventError, match="already on the team"):
        invite(event, organizer, email="Viewer@Ministry.example")


def test_invite_again_replaces_the_open_invitations_role_and_sends_again(event, organizer, co_organizer, invitation,
                                                                         committed):
    again = committed(invite, event, co_organizer, email="INVITEE@example.com", role="viewer")

    assert list(OrganizerInvitation.objects.values_list("pk", "email", "role", "invited_by")) == [
        (invitation.pk, "invitee@example.com", "viewer", co_organizer.pk)]
    assert again.created_at > invitation.created_at
    assert len(mail.outbox) == 1
    assert "“Viewer (read only)”" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["viewer", "other_organizer", "participant"])
def test_invite_by_someone_who_does_not_manage_the_event_is_refused(event, request, who):
    with pytest.raises(EventError, match="^Only the organizers of the event can change its team.$"):
        invite(event, request.getfixturevalue(who))
    assert OrganizerInvitation.objects.count() == 0


def test_invite_with_an_unknown_role_is_refused(event, organizer):
    with pytest.raises(EventError, match="^Choose a valid role.$"):
        invite(event, organizer, role="owner")


def test_staff_may_invite_to_any_event(event, staff):
    assert invite(event, staff).invited_by == staff


# Accepting --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [
    ("organizer", {"organizers": ["invitee", "organizer"], "viewers": []}),
    ("viewer", {"organizers": ["organizer"], "viewers": ["invitee"]}),
])
def test_accept_puts_the_user_on_the_team_with_the_invited_role(event, organizer, invitee, invitation, role,
                                                                expected):
    OrganizerInvitation.objects.filter(pk=invitation.pk).update(role=role)

    accepted = team.accept_invitation(token=team.invitation_token(invitation), user=invitee)

    assert roles(event) == expected
    assert (accepted.accepted_by, accepted.accepted_at is not None) == (invitee, True)


def test_accept_tells_the_other_organizers_who_joined(event, organizer, co_organizer, viewer, invitee, invitation,
                                                      committed):
    committed(team.accept_invitation, token=team.invitation_token(invitation), user=invitee)

    notices = Notification.objects.order_by("user__username")
    assert [(n.user.username, n.kind, n.url) for n in notices] == [
        ("co_organizer", "team_joined_organizer", url("team", event)),
        ("organizer", "team_joined_organizer", url("team", event))]
    assert str(notices[0]) == "Aysel Mammadova joined the team of Vietnam–Azerbaijan B2B Forum, Baku as a " \
                              "co-organizer."
    assert sorted(m.to[0] for m in mail.outbox) == ["co_organizer@example.com", "organizer@example.com"]


def test_accept_needs_a_confirmed_address_of_the_invited_one(event, invitee, invitation):
    invitee.emailaddress_set.update(verified=False)

    with pytest.raises(EventError, match="^This invitation was sent to invitee@example.com, but you are logged in as "
                                         "invitee@example.com."):
        team.accept_invitation(token=team.invitation_token(invitation), user=invitee)
    assert event.organizers.filter(pk=invitee.pk).exists() is False


def test_accept_by_another_account_names_the_invited_address(event, non_participant, invitation):
    with pytest.raises(EventError, match="^This invitation was sent to invitee@example.com, but you are logged in as "
                                         "non_participant@example.com. Log in with the invited address"):
        team.accept_invitation(token=team.invitation_token(invitation), user=non_participant)
    assert OrganizerInvitation.objects.get().accepted_at is None


def test_accept_with_a_confirmed_second_address(event, non_participant, invitation):
    non_participant.emailaddress_set.create(email="Invitee@example.com", verified=True)

    team.accept_invitation(token=team.invitation_token(invitation), user=non_participant)

    assert event.organizers.filter(pk=non_participant.pk).exists() is True


def test_accept_twice_is_refused(event, invitee, invitation):
    token = team.invitation_token(invitation)
    team.accept_invitation(token=token, user=invitee)

    with pytest.raises(team.InvitationLinkError, match="^This invitation has already been accepted.$"):
        team.accept_invitation(token=token, user=invitee)


def test_accept_an_expired_link_is_refused(event, invitee, invitation, signed_days_ago):
    with signed_days_ago(15):
        token = team.invitation_token(invitation)

    with pytest.raises(team.InvitationLinkError, match="^This invitation has expired") as refused:
        team.accept_invitation(token=token, user=invitee)
    assert refused.value.status == 410
    assert roles(event) == {"organizers": ["organizer"], "viewers": []}


def test_a_link_near_its_age_limit_still_works(event, invitee, invitation, signed_days_ago):
    with signed_days_ago(13.9):
        token = team.invitation_token(invitation)

    team.accept_invitation(token=token, user=invitee)

    assert event.organizers.filter(pk=invitee.pk).exists() is True


@pytest.mark.parametrize("token", ["", "abc", "forged:token:here"])
def test_accept_a_tampered_link_is_refused(event, invitee, invitation, token):
    tampered = token or team.invitation_token(invitation)[:-2] + "xx"

    with pytest.raises(team.InvitationLinkError, match="^This invitation link is not valid.") as refused:
        team.accept_invitation(token=tampered, user=invitee)
    assert refused.value.status == 404


def test_a_link_signed_for_something_else_is_refused(event, invitee, invitation):
    other = signing.TimestampSigner(salt="events.attendance.check_in").sign_object(invitation.pk)

    with pytest.raises(team.InvitationLinkError, match="^This invitation link is not valid."):
        team.accept_invitation(token=other, user=invitee)


def test_accept_a_withdrawn_invitation_is_refused(event, organizer, invitee, invitation):
    token = team.invitation_token(invitation)
    team.revoke_invitation(invitation=invitation, by=organizer)

    with pytest.raises(team.InvitationLinkError, match="^This invitation was withdrawn"):
        team.accept_invitation(token=token, user=invitee)


def test_a_link_under_another_events_address_is_refused(event, invitee, invitation):
    other = EventFactory(slug="hanoi-forum")

    with pytest.raises(team.InvitationLinkError, match="^This invitation link is not valid."):
        team.accept_invitation(token=team.invitation_token(invitation), user=invitee, slug=other.slug)


def test_accept_by_a_viewer_invited_as_co_organizer_changes_the_role(event, organizer, viewer, committed):
    invitation = OrganizerInvitation.objects.create(event=event, email=viewer.email, role="organizer")

    committed(team.accept_invitation, token=team.invitation_token(invitation), user=viewer)

    assert roles(event) == {"organizers": ["organizer", "viewer"], "viewers": []}
    assert list(Notification.objects.values_list("user__username", "kind")) == [
        ("organizer", "team_joined_organizer")]


def test_accept_as_viewer_never_leaves_the_event_without_an_organizer(event, organizer):
    invitation = OrganizerInvitation.objects.create(event=event, email=organizer.email, role="viewer")

    with pytest.raises(EventError, match="^An event needs at least one organizer with full rights."):
        team.accept_invitation(token=team.invitation_token(invitation), user=organizer)
    assert roles(event) == {"organizers": ["organizer"], "viewers": []}
    assert OrganizerInvitation.objects.get().accepted_at is None


# Roles, removal, leaving, withdrawal ------------------------------------------------------------------------------


def test_change_role_moves_a_member_between_organizers_and_viewers(event, organizer, co_organizer, viewer):
    team.change_role(event=event, member=co_organizer, role="viewer", by=organizer)
    team.change_role(event=event, member=viewer, role="organizer", by=organizer)

    assert roles(event) == {"organizers": ["organizer", "viewer"], "viewers": ["co_organizer"]}


def test_change_role_keeps_a_full_organizer(event, organizer):
    with pytest.raises(EventError, match="^An event needs at least one organizer with full rights."):
        team.change_role(event=event, member=organizer, role="viewer", by=organizer)
    assert roles(event) == {"organizers": ["organizer"], "viewers": []}


def test_change_role_of_someone_off_the_team_is_refused(event, organizer, non_participant):
    with pytest.raises(EventError, match="^This person is no longer on the team of this event.$"):
        team.change_role(event=event, member=non_participant, role="viewer", by=organizer)
    assert roles(event) == {"organizers": ["organizer"], "viewers": []}


@pytest.mark.parametrize("role", ["", "owner"])
def test_change_role_to_an_unknown_role_is_refused(event, organizer, viewer, role):
    with pytest.raises(EventError, match="^Choose a valid role.$"):
        team.change_role(event=event, member=viewer, role=role, by=organizer)


def test_a_viewer_cannot_change_roles(event, organizer, viewer):
    with pytest.raises(EventError, match="^Only the organizers of the event can change its team.$"):
        team.change_role(event=event, member=viewer, role="organizer", by=viewer)
    assert roles(event) == {"organizers": ["organizer"], "viewers": ["viewer"]}


@pytest.mark.parametrize("member", ["co_organizer", "viewer"])
def test_remove_takes_a_member_off_the_team(event, request, organizer, co_organizer, viewer, member):
    team.remove_member(event=event, member=request.getfixturevalue(member), by=organizer)

    assert member not in roles(event)["organizers"] + roles(event)["viewers"]


def test_remove_never_the_last_full_organizer(event, organizer, viewer, staff):
    for by in (organizer, staff):
        with pytest.raises(EventError, match="^An event needs at least one organizer with full rights."):
            team.remove_member(event=event, member=organizer, by=by)
    assert roles(event) == {"organizers": ["organizer"], "viewers": ["viewer"]}


def test_an_organizer_may_leave_while_another_remains(event, organizer, co_organizer):
    team.remove_member(event=event, member=organizer, by=organizer)

    assert roles(event) == {"organizers": ["co_organizer"], "viewers": []}


def test_a_viewer_may_leave_but_not_remove_others(event, organizer, viewer, colleague):
    with pytest.raises(EventError, match="^Only the organizers of the event can change its team.$"):
        team.remove_member(event=event, member=colleague, by=viewer)

    team.remove_member(event=event, member=viewer, by=viewer)

    assert roles(event) == {"organizers": ["organizer"], "viewers": ["colleague"]}


def test_remove_someone_off_the_team_is_refused(event, organizer, non_participant):
    with pytest.raises(EventError, match="^This person is no longer on the team of this event.$"):
        team.remove_member(event=event, member=non_participant, by=organizer)


def test_revoke_deletes_the_invitation_once(event, organizer, invitation):
    team.revoke_invitation(invitation=invitation, by=organizer)

    assert OrganizerInvitation.objects.count() == 0
    with pytest.raises(EventError, match="^This invitation was already accepted or withdrawn.$"):
        team.revoke_invitation(invitation=invitation, by=organizer)


def test_revoke_by_a_viewer_is_refused(event, viewer, invitation):
    with pytest.raises(EventError, match="^Only the organizers of the event can change its team.$"):
        team.revoke_invitation(invitation=invitation, by=viewer)
    assert OrganizerInvitation.objects.count() == 1


def test_an_invited_co_organizer_has_the_organizers_rights_and_no_organizer_role(event, co_organizer, as_role):
    client = as_role("co_organizer")

    assert client.get(url("edit", event)).status_code == 200
    assert client.get(reverse("events:create")).status_code == 403


# Permission matrices ----------------------------------------------------------------------------------------------


def test_access_tables_cover_every_role():
    for matrix in (TEAM_PAGE, MANAGE_PAGE, MANAGE_WRITE):
        assert [role for role, _status in matrix] == EVENT_ROLES


def target(name, event, colleague, invitation) -> str:
    return {"team": url("team", event), "role": url("team_member_role", event, colleague.pk),
            "remove": url("team_member_remove", event, colleague.pk),
            "revoke": url("team_revoke", event, invitation.pk)}[name]


@pytest.mark.parametrize(("role", "status"), TEAM_PAGE)
def test_team_page_permission_matrix(world, event, as_role, role, status):
    assert as_role(role).get(url("team", event)).status_code == status


@pytest.mark.parametrize(("role", "status"), MANAGE_PAGE)
@pytest.mark.parametrize("name", ["role", "remove", "revoke"])
def test_team_form_pages_permission_matrix(world, event, colleague, invitation, as_role, name, role, status):
    assert as_role(role).get(target(name, event, colleague, invitation)).status_code == status


@pytest.mark.parametrize(("role", "status"), MANAGE_WRITE)
def test_invite_permission_matrix(world, event, as_role, role, status, committed):
    response = committed(as_role(role).post, url("team", event), {"email": "new@example.com", "role": "viewer"})

    assert response.status_code == status
    invited = status == 302 and role != "anonymous"
    assert OrganizerInvitation.objects.filter(email="new@example.com").count() == (1 if invited else 0)
    assert len(mail.outbox) == (1 if invited else 0)


@pytest.mark.parametrize(("role", "status"), MANAGE_WRITE)
def test_role_change_permission_matrix(world, event, colleague, as_role, role, status):
    response = as_role(role).post(url("team_member_role", event, colleague.pk), {"role": "organizer"})

    assert response.status_code == status
    changed = status == 302 and role != "anonymous"
    assert event.organizers.filter(pk=colleague.pk).exists() is changed


@pytest.mark.parametrize(("role", "status"), MANAGE_WRITE)
def test_remove_permission_matrix(world, event, colleague, as_role, role, status):
    response = as_role(role).post(url("team_member_remove", event, colleague.pk))

    assert response.status_code == status
    removed = status == 302 and role != "anonymous"
    assert event.viewers.filter(pk=colleague.pk).exists() is not removed


@pytest.mark.parametrize(("role", "status"), MANAGE_WRITE)
def test_revoke_permission_matrix(world, event, invitation, as_role, role, status):
    response = as_role(role).post(url("team_revoke", event, invitation.pk))

    assert response.status_code == status
    revoked = status == 302 and role != "anonymous"
    assert OrganizerInvitation.objects.filter(pk=invitation.pk).exists() is not revoked


@pytest.mark.parametrize("name", ["team", "role", "remove", "revoke"])
def test_anonymous_visitor_is_sent_to_log_in(world, event, colleague, invitation, client, name):
    page = target(name, event, colleague, invitation)

    response = client.get(page)

    assert response["Location"] == f"{reverse('account_login')}?next={quote(page)}"


def test_a_member_of_another_event_is_not_found(all_roles, event, as_role):
    stranger = UserFactory(username="stranger")
    EventFactory(slug="elsewhere").viewers.add(stranger)

    assert as_role("organizer").get(url("team_member_role", event, stranger.pk)).status_code == 404
    assert as_role("organizer").post(url("team_member_remove", event, stranger.pk)).status_code == 404


def test_an_invitation_of_another_event_is_not_found(all_roles, event, as_role):
    elsewhere = OrganizerInvitation.objects.create(event=EventFactory(slug="elsewhere"), email="x@example.com")

    assert as_role("organizer").post(url("team_revoke", event, elsewhere.pk)).status_code == 404
    assert OrganizerInvitation.objects.count() == 1


# The Team page ----------------------------------------------------------------------------------------------------


def test_team_page_lists_members_with_their_role_and_the_open_invitations(world, event, as_role):
    response = as_role("organizer").get(url("team", event))

    # Organizers, then viewers, each by name (those without one first) and address.
    assert [(m.username, str(m.role_label)) for m in response.context["members"]] == [
        ("co_organizer", "Co-organizer (same rights)"), ("organizer", "Co-organizer (same rights)"),
        ("viewer", "Viewer (read only)"), ("colleague", "Viewer (read only)")]
    assert [i.email for i in response.context["invitations"]] == ["invitee@example.com"]
    html = response.content.decode()
    assert url("team_revoke", event, OrganizerInvitation.objects.get().pk) in html
    assert url("team_member_remove", event, response.context["members"][3].pk) in html
    assert 'name="email"' in html


def test_a_viewer_sees_the_team_without_the_controls(world, event, viewer, colleague, as_role):
    response = as_role("viewer").get(url("team", event))

    html = response.content.decode()
    assert [m.username for m in response.context["members"]] == ["co_organizer", "organizer", "viewer", "colleague"]
    assert response.context["invitations"] == []
    assert response.context["form"] is None
    assert "invitee@example.com" not in html
    assert 'name="email"' not in html
    assert "/role/" not in html
    assert url("team_member_remove", event, colleague.pk) not in html
    assert url("team_member_remove", event, viewer.pk) in html  # leaving
    assert "Read only" in html


def test_the_only_organizer_is_offered_neither_removal_nor_another_role(all_roles, event, organizer, as_role):
    event.organizers.remove(*event.organizers.exclude(pk=organizer.pk))

    html = as_role("organizer").get(url("team", event)).content.decode()

    assert url("team_member_remove", event, organizer.pk) not in html
    assert url("team_member_role", event, organizer.pk) not in html
    assert "The only organizer" in html


def test_invite_from_the_page(world, event, as_role, committed):
    response = committed(as_role("co_organizer").post, url("team", event),
                         {"email": "Minh@Example.com", "role": "viewer"})

    assert response["Location"] == url("team", event)
    assert messages_of(response) == ["An invitation was sent to minh@example.com."]
    assert list(OrganizerInvitation.objects.filter(email="minh@example.com").values_list("role", flat=True)) == [
        "viewer"]


@pytest.mark.parametrize(("data", "errors"), [
    ({"email": "not an address", "role": "viewer"}, {"email": ["Enter a valid email address."]}),
    ({"email": "", "role": "viewer"}, {"email": ["This field is required."]}),
    ({"email": "minh@example.com", "role": "owner"},
     {"role": ["Select a valid choice. owner is not one of the available choices."]}),
    ({"email": "viewer@example.com", "role": "organizer"},
     {"email": ["viewer@example.com is already on the team of this event."]}),
])
def test_invite_with_bad_input_shows_the_form_again(world, event, as_role, data, errors):
    response = as_role("organizer").post(url("team", event), data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert OrganizerInvitation.objects.count() == 1
    assert mail.outbox == []


def test_change_role_from_the_page(world, event, colleague, as_role):
    client = as_role("organizer")
    page = client.get(url("team_member_role", event, colleague.pk))

    response = client.post(url("team_member_role", event, colleague.pk), {"role": "organizer"})

    assert page.context["form"].initial == {"role": "viewer"}
    assert response["Location"] == url("team", event)
    assert messages_of(response) == ["Lan Pham is now: Co-organizer (same rights)."]
    assert roles(event)["organizers"] == ["co_organizer", "colleague", "organizer"]


def test_change_role_of_the_last_organizer_shows_why_not(all_roles, event, organizer, as_role):
    event.organizers.remove(*event.organizers.exclude(pk=organizer.pk))

    response = as_role("organizer").post(url("team_member_role", event, organizer.pk), {"role": "viewer"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": [
        "An event needs at least one organizer with full rights. Make another colleague a co-organizer first."]}


def test_remove_asks_first_then_removes(world, event, colleague, as_role):
    client = as_role("organizer")

    page = client.get(url("team_member_remove", event, colleague.pk))
    response = client.post(url("team_member_remove", event, colleague.pk))

    assert page.context["title"] == "Remove from the team?"
    assert page.context["subject"] == "Lan Pham"
    assert response["Location"] == url("team", event)
    assert messages_of(response) == ["Lan Pham was removed from the team."]
    assert "colleague" not in roles(event)["viewers"]


def test_remove_the_last_organizer_is_refused_with_a_message(all_roles, event, organizer, as_role):
    event.organizers.remove(*event.organizers.exclude(pk=organizer.pk))

    response = as_role("staff").post(url("team_member_remove", event, organizer.pk))

    assert response["Location"] == url("team", event)
    assert messages_of(response) == [
        "An event needs at least one organizer with full rights. Make another colleague a co-organizer first."]
    assert roles(event)["organizers"] == ["organizer"]


@pytest.mark.parametrize("who", ["viewer", "co_organizer", "organizer"])
def test_leave_the_team(world, event, request, as_role, who):
    me = request.getfixturevalue(who)
    client = as_role(who)

    page = client.get(url("team_member_remove", event, me.pk))
    response = client.post(url("team_member_remove", event, me.pk))

    assert page.context["title"] == "Leave the team of this event?"
    assert response["Location"] == reverse("events:mine")
    assert messages_of(response) == ["You left the team of Vietnam–Azerbaijan B2B Forum, Baku."]
    assert who not in roles(event)["organizers"] + roles(event)["viewers"]
    assert client.get(url("dashboard", event)).status_code == 403


def test_revoke_asks_first_then_withdraws(world, event, invitation, as_role):
    client = as_role("organizer")

    page = client.get(url("team_revoke", event, invitation.pk))
    response = client.post(url("team_revoke", event, invitation.pk))

    assert (page.context["title"], page.context["subject"]) == ("Withdraw this invitation?", "invitee@example.com")
    assert messages_of(response) == ["The invitation of invitee@example.com was withdrawn."]
    assert OrganizerInvitation.objects.count() == 0


@pytest.mark.parametrize("count", [1, 12])
def test_team_page_query_count_is_constant(all_roles, event, organizer, client, django_assert_num_queries, count):
    for n in range(count):
        event.viewers.add(UserFactory(username=f"viewer{n}"))
        OrganizerInvitation.objects.create(event=event, email=f"colleague{n}@example.com", invited_by=organizer)
    client.force_login(organizer)

    # session, user, event, may manage; organizers, viewers, invitations with their inviter; the header's
    # unread notifications, membership, and whether the user organizes events (the user's and the groups'
    # permissions).
    with django_assert_num_queries(11):
        response = client.get(url("team", event))

    assert (len(response.context["members"]), len(response.context["invitations"])) == (count + 3, count)


# The page an invitation links to ----------------------------------------------------------------------------------


def test_join_page_sends_a_visitor_to_log_in_and_back(event, invitation, client):
    link = join_url(invitation)

    response = client.get(link)

    assert response["Location"] == f"{reverse('account_login')}?next={quote(link)}"


def test_join_page_shows_the_event_the_role_and_the_inviter(event, invitee, invitation, client):
    client.force_login(invitee)

    response = client.get(join_url(invitation))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["problem"] is None
    assert "Vietnam–Azerbaijan B2B Forum, Baku" in html
    assert "Co-organizer (same rights)" in html
    assert "organizer@example.com" in html
    assert "Accept the invitation" in html


def test_join_page_accepts_on_post(event, organizer, invitee, invitation, client, committed):
    client.force_login(invitee)

    response = committed(client.post, join_url(invitation))

    assert response["Location"] == url("dashboard", event)
    assert messages_of(response) == ["Welcome to the team of Vietnam–Azerbaijan B2B Forum, Baku."]
    assert client.get(url("edit", event)).status_code == 200
    assert list(Notification.objects.values_list("user__username", "kind")) == [
        ("organizer", "team_joined_organizer")]


def test_join_page_of_a_viewer_leads_to_the_read_only_dashboard(event, invitee, client):
    invitation = OrganizerInvitation.objects.create(event=event, email=invitee.email, role="viewer")
    client.force_login(invitee)

    client.post(join_url(invitation))

    assert client.get(url("dashboard", event)).status_code == 200
    assert client.get(url("edit", event)).status_code == 403


def test_join_page_for_another_account_says_where_the_invitation_went(event, non_participant, invitation, client):
    client.force_login(non_participant)

    page = client.get(join_url(invitation))
    response = client.post(join_url(invitation))

    problem = ("This invitation was sent to invitee@example.com, but you are logged in as non_participant@example.com."
               " Log in with the invited address, or add it to your account and confirm it, then open the link again.")
    assert page.context["problem"] == problem
    assert "Accept the invitation" not in page.content.decode()
    assert response["Location"] == join_url(invitation)
    assert messages_of(response) == [problem]
    assert event.organizers.filter(pk=non_participant.pk).exists() is False


@pytest.mark.parametrize(("state", "status", "message"), [
    ("expired", 410, "This invitation has expired: links work for 14 days."),
    ("tampered", 404, "This invitation link is not valid."),
    ("withdrawn", 410, "This invitation was withdrawn by the organizers of the event."),
    ("used", 410, "This invitation has already been accepted."),
])
def test_join_page_of_a_link_that_cannot_be_used_says_why(event, organizer, invitee, invitation, client,
                                                          signed_days_ago, state, status, message):
    if state == "expired":
        with signed_days_ago(15):
            link = join_url(invitation)
    else:
        link = join_url(invitation)
    if state == "tampered":
        link = link[:-3] + "xx/"
    if state == "withdrawn":
        invitation.delete()
    if state == "used":
        team.accept_invitation(token=team.invitation_token(invitation), user=invitee)
    client.force_login(invitee)

    for response in (client.get(link), client.post(link)):
        assert response.status_code == status
        assert message in response.content.decode()


def test_join_page_under_another_events_address_is_404(event, invitee, invitation, client):
    client.force_login(invitee)
    link = reverse("events:team_join", args=[EventFactory(slug="hanoi-forum").slug,
                                             team.invitation_token(invitation)])

    assert client.get(link).status_code == 404


# Finding one's events ---------------------------------------------------------------------------------------------


def test_my_events_lists_the_events_of_a_co_organizer_and_a_viewer(all_roles, event, as_role):
    for role, read_only in (("co_organizer", False), ("viewer", True)):
        response = as_role(role).get(reverse("events:mine"))

        html = response.content.decode()
        assert [(e.slug, e.manages) for e in response.context["organized"]] == [("baku-forum", not read_only)]
        assert url("dashboard", event) in html
        assert ("Read only" in html) is read_only
        assert reverse("events:create") not in html.split("<main", 1)[1]


def test_home_shows_a_viewer_their_events(all_roles, event, as_role):
    response = as_role("viewer").get(reverse("home"))

    assert [e.slug for e in response.context["my_events"]] == ["baku-forum"]
    assert url("dashboard", event) in response.content.decode()


# A viewer never meets a button that ends in a 403 -----------------------------------------------------------------


class Controls(HTMLParser):
    """The links and the forms (method, action) of a page's main part."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.inside = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.inside = True
        elif self.inside and tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        elif self.inside and tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action", "")))

    def handle_endtag(self, tag):
        if tag == "main":
            self.inside = False


READ_ONLY_PAGES = [("events:dashboard", []), ("events:plan", []), ("events:print_plan", []),
                   ("events:check_in", []), ("events:announcements", []), ("events:impact", []),
                   ("events:team", []), ("matchmaking:introductions", [])]


@pytest.mark.parametrize(("name", "args"), READ_ONLY_PAGES)
def test_a_viewer_sees_no_control_that_ends_in_403(all_roles, event, coffee, distributor, as_role, name, args):
    meeting = meet(coffee, distributor)
    client = as_role("viewer")
    page = reverse(name, args=[event.slug, *args])

    response = client.get(page)
    controls = Controls()
    controls.feed(response.content.decode())

    assert response.status_code == 200
    assert [action for method, action in controls.forms if method == "post"] == []
    answers = {link: client.get(link).status_code for link in sorted(set(controls.links)) if "/manage/" in link}
    assert [link for link, status in answers.items() if status != 200] == []
    assert meeting.slot_id is not None  # the plan has a meeting, with its buttons for those who manage
