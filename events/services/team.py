"""An event's team (issue 17): organizers invite colleagues by email as co-organizers (the same rights as
themselves) or as read-only viewers, change their role, remove them or withdraw an invitation; a colleague
accepts through the signed link of the email.

The link carries the invitation's id signed with a TimestampSigner: it cannot be forged or altered, and it stops
working INVITATION_MAX_AGE after it was sent, whatever the database says. The row says whether it is still open
(an accepted one is kept with accepted_at; a withdrawn one is deleted). An event always keeps at least one full
organizer: the checks below run with the event row locked (events.locking.lock_event), so two colleagues removing
each other at the same moment cannot both succeed. Writes are verb-first, keyword-only, one transaction each;
mail and notices go out on commit.
"""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config import mail
from events.errors import EventError
from events.locking import lock_event
from events.models import Event, OrganizerInvitation, OrganizerRole
from events.notifications import notify_organizers
from events.permissions import can_manage_event

# How long an invitation link works; the signature says so (TimestampSigner's max_age).
INVITATION_MAX_AGE = timedelta(days=14)
_SALT = "events.team.invitation"

INVALID = gettext_lazy("This invitation link is not valid. Check that you copied the whole link from the email, "
                       "or ask the organizers of the event for a new invitation.")
EXPIRED = gettext_lazy("This invitation has expired: links work for 14 days. Ask the organizers of the event to "
                       "invite you again.")
WITHDRAWN = gettext_lazy("This invitation was withdrawn by the organizers of the event. Ask them if you think this "
                         "is a mistake.")
USED = gettext_lazy("This invitation has already been accepted.")
LAST_ORGANIZER = gettext_lazy("An event needs at least one organizer with full rights. Make another colleague a "
                              "co-organizer first.")
NOT_ALLOWED = gettext_lazy("Only the organizers of the event can change its team.")


class InvitationLinkError(EventError):
    """A link that cannot be used (tampered, expired, withdrawn, used): the accept page says why, with `status`."""

    def __init__(self, message, *, status: int = 410):
        super().__init__(message)
        self.status = status


# Reads -----------------------------------------------------------------------------------------------------------


def team_members(event: Event) -> list:
    """The event's organizers then its viewers, each by name and address, each user with `role` (an OrganizerRole)
    and `is_organizer`: two queries."""
    members = []
    for role, users in ((OrganizerRole.ORGANIZER, event.organizers), (OrganizerRole.VIEWER, event.viewers)):
        for user in users.order_by("first_name", "last_name", "email", "pk"):
            user.role, user.is_organizer = role, role == OrganizerRole.ORGANIZER
            user.role_label = role.label
            members.append(user)
    return members


def open_invitations(event: Event) -> QuerySet[OrganizerInvitation]:
    """Invitations not accepted yet (expired ones included: see is_expired), newest first, with their inviter."""
    return event.organizer_invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def member_of(event: Event, user_id) -> tuple | None:
    """(user, role) of a member of the event's team, or None when that user is not on it."""
    user = event.organizers.filter(pk=user_id).first()
    if user is not None:
        return user, OrganizerRole.ORGANIZER
    user = event.viewers.filter(pk=user_id).first()
    return (user, OrganizerRole.VIEWER) if user is not None else None


def expires_at(invitation: OrganizerInvitation) -> datetime:
    return invitation.created_at + INVITATION_MAX_AGE


def is_expired(invitation: OrganizerInvitation) -> bool:
    return expires_at(invitation) <= timezone.now()


def invitation_token(invitation: OrganizerInvitation) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object(invitation.pk)


def invitation_url(invitation: OrganizerInvitation) -> str:
    return reverse("events:team_join", args=[invitation.event.slug, invitation_token(invitation)])


def invitation_from_token(token: str, *, slug: str | None = None) -> OrganizerInvitation:
    """The open invitation a link names (of the event `slug`, when given), or InvitationLinkError saying why the
    link cannot be used."""
    try:
        pk = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationLinkError(EXPIRED) from None
    except signing.BadSignature:
        raise InvitationLinkError(INVALID, status=404) from None
    invitation = OrganizerInvitation.objects.select_related("event", "invited_by").filter(pk=pk).first()
    if invitation is None:  # revoked (deleted), or its event was deleted
        raise InvitationLinkError(WITHDRAWN)
    if slug is not None and invitation.event.slug != slug:
        raise InvitationLinkError(INVALID, status=404)
    if invitation.accepted_at:
        raise InvitationLinkError(USED)
    return invitation


def acceptance_problem(invitation: OrganizerInvitation, user) -> str | None:
    """Why `user` cannot accept this open invitation, in words for them; None when they can. Only a confirmed
    address of the account counts (allauth's EmailAddress), so nobody joins a team with someone else's address."""
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        return _("This invitation was sent to %(invited)s, but you are logged in as %(current)s. Log in with the "
                 "invited address, or add it to your account and confirm it, then open the link again.") % {
            "invited": invitation.email, "current": user.email}
    return None


def on_team(event: Event, email: str) -> bool:
    """Whether someone with that address (their account's, or a confirmed one) is already on the event's team."""
    users = get_user_model().objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email, emailaddress__verified=True))
    return event.organizers.filter(pk__in=users.values("pk")).exists() or \
        event.viewers.filter(pk__in=users.values("pk")).exists()


# Writes ----------------------------------------------------------------------------------------------------------


def invite_colleague(*, event: Event, email: str, role: str, by, language: str) -> OrganizerInvitation:
    """Invite `email` (lower-cased) to the event's team as `role`, and email them the link in `language` (the
    inviter's).

    Someone already on the team is refused. An open invitation of the same address is reused: it takes the new
    role, the new inviter and a new date, and a new link is sent (the old link still leads to it, with the new
    role, until it expires).
    """
    email = email.strip().lower()
    if role not in OrganizerRole.values:
        raise EventError(_("Choose a valid role."))
    with transaction.atomic():
        event = _lock_team(event, by=by)
        if on_team(event, email):
            raise EventError(_("%(email)s is already on the team of this event.") % {"email": email})
        invitation = (OrganizerInvitation.objects.select_for_update()
                      .filter(event=event, email__iexact=email, accepted_at__isnull=True).first())
        if invitation is None:
            invitation = OrganizerInvitation(event=event, email=email)
        invitation.role, invitation.invited_by, invitation.created_at = role, by, timezone.now()
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:  # the event row lock makes this unlikely; the constraint is the guarantee
            raise EventError(_("%(email)s was just invited.") % {"email": email}) from None
        mail.send("events/email/team_invitation", to=[email], language=language, context={
            "invitation": invitation,
            "event": event,
            "inviter": by,
            "role": OrganizerRole(role).label,
            "url": mail.site_url(invitation_url(invitation), language),
            "days": INVITATION_MAX_AGE.days,
        })
    return invitation


def revoke_invitation(*, invitation: OrganizerInvitation, by) -> None:
    """Withdraw an open invitation: it is deleted, and its link stops working at once."""
    with transaction.atomic():
        _lock_team(invitation.event, by=by)
        deleted, _counts = OrganizerInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()
        if not deleted:
            raise EventError(_("This invitation was already accepted or withdrawn."))


def accept_invitation(*, token: str, user, slug: str | None = None) -> OrganizerInvitation:
    """Put `user` on the event's team with the invited role, once; the event's organizers are told.

    The link must be valid and open, and the invited address one of the user's confirmed addresses. Someone on
    the team already takes the invited role (an invitation from the organizers is how a role changes too), as long
    as the event keeps a full organizer.
    """
    invitation = invitation_from_token(token, slug=slug)
    with transaction.atomic():
        event = lock_event(invitation.event_id)
        invitation = (OrganizerInvitation.objects.select_for_update(of=("self",)).select_related("invited_by")
                      .filter(pk=invitation.pk).first())
        if invitation is None:
            raise InvitationLinkError(WITHDRAWN)
        if invitation.accepted_at:
            raise InvitationLinkError(USED)
        problem = acceptance_problem(invitation, user)
        if problem:
            raise EventError(problem)
        invitation.event = event
        current = member_of(event, user.pk)
        if current is None or current[1] != invitation.role:
            _set_role(event, user, invitation.role)
            _tell_organizers(event, user, invitation.role)
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


def change_role(*, event: Event, member, role: str, by) -> None:
    """Make a member of the team a co-organizer or a viewer; the last full organizer stays one."""
    if role not in OrganizerRole.values:
        raise EventError(_("Choose a valid role."))
    with transaction.atomic():
        event = _lock_team(event, by=by)
        if not _is_member(event, member):
            raise EventError(_("This person is no longer on the team of this event."))
        _set_role(event, member, role)


def remove_member(*, event: Event, member, by) -> None:
    """Take someone off the event's team (their account stays). An organizer may remove anyone, themselves
    included (leaving), and anyone may leave; never the last full organizer."""
    with transaction.atomic():
        event = _lock_team(event, by=None if member.pk == by.pk else by)
        if not _is_member(event, member):
            raise EventError(_("This person is no longer on the team of this event."))
        _keep_an_organizer(event, member)
        event.organizers.remove(member)
        event.viewers.remove(member)


def _lock_team(event: Event, *, by) -> Event:
    """The event row, locked until the transaction ends (team changes of one event queue there); with `by`,
    check that they may still manage it (their role may have changed since the request began)."""
    locked = lock_event(event.pk)
    if by is not None and not can_manage_event(by, locked):
        raise EventError(NOT_ALLOWED)
    return locked


def _is_member(event: Event, user) -> bool:
    return event.organizers.filter(pk=user.pk).exists() or event.viewers.filter(pk=user.pk).exists()


def _keep_an_organizer(event: Event, leaving) -> None:
    """Refuse when `leaving` is the event's only full organizer."""
    if event.organizers.filter(pk=leaving.pk).exists() and not event.organizers.exclude(pk=leaving.pk).exists():
        raise EventError(LAST_ORGANIZER)


def _set_role(event: Event, user, role: str) -> None:
    """One role at a time: in the organizers or in the viewers, never both."""
    if role == OrganizerRole.ORGANIZER:
        event.viewers.remove(user)
        event.organizers.add(user)
    else:
        _keep_an_organizer(event, user)
        event.organizers.remove(user)
        event.viewers.add(user)


def _tell_organizers(event: Event, newcomer, role: str) -> None:
    """An in-app notice (and its email) to the event's other organizers: who joined, with which role."""
    kind = "team_joined_organizer" if role == OrganizerRole.ORGANIZER else "team_joined_viewer"
    params = {"person": newcomer.get_full_name() or newcomer.email, "event": event.title}
    notify_organizers(event, kind, url=reverse("events:team", args=[event.slug]), params=params,
                      exclude=[newcomer.pk])
