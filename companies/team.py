"""A company's team: owners invite colleagues by email, set their role, remove them; anyone may leave
(docs/teams.md). Writes are verb-first, keyword-only, one transaction each; mail goes out on commit (config.mail).

The invitation link carries `signing.dumps(invitation.pk)` with a timestamp: it cannot be forged or altered, and
it expires INVITATION_MAX_AGE after it was sent whatever the database says. The row says whether it is still open
(not revoked, not used). Nobody is in two companies (Membership.user is one-to-one) and a company always keeps an
owner: the checks below give the message, the one-to-one field and the row locks give the guarantee.
"""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.errors import CompanyError
from companies.models import Company, Invitation, Membership, ModerationStatus
from config import mail

# How long an invitation link works; the link says so in its signature (django.core.signing's max_age).
INVITATION_MAX_AGE = timedelta(days=14)
_TOKEN_SALT = "companies.team.invitation"


class InvitationError(CompanyError):
    """A link that cannot be used (tampered, expired, revoked, used): the accept page says why."""

    def __init__(self, message, *, invitation: Invitation | None = None, status: int = 410):
        super().__init__(message)
        self.invitation = invitation
        self.status = status


INVALID = gettext_lazy("This invitation link is not valid. Check that you copied the whole link from the email, "
                       "or ask for a new invitation.")
EXPIRED = gettext_lazy("This invitation has expired. Ask an owner of the company to invite you again.")
REVOKED = gettext_lazy("This invitation was withdrawn by the company. Ask an owner of the company if you think "
                       "this is a mistake.")
USED = gettext_lazy("This invitation has already been used.")
COMPANY_GONE = gettext_lazy("This company is no longer active on TradeBridge, so its invitations cannot be "
                            "accepted.")
LAST_OWNER = gettext_lazy("A company needs at least one owner. Make another member an owner first.")


# Reads -----------------------------------------------------------------------------------------------------------


def team_members(company: Company) -> QuerySet[Membership]:
    """The company's people with their accounts, owners first, then by joining date: one query."""
    return (company.memberships.select_related("user")
            .annotate(owner_first=Case(When(role=Membership.Role.OWNER, then=Value(0)), default=Value(1),
                                       output_field=IntegerField()))
            .order_by("owner_first", "created_at", "pk"))


def open_invitations(company: Company) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones included, marked by expires_at), newest first."""
    return company.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "invited_by")


def expires_at(invitation: Invitation) -> datetime:
    return invitation.created_at + INVITATION_MAX_AGE


def is_expired(invitation: Invitation) -> bool:
    return expires_at(invitation) <= timezone.now()


def is_last_owner(membership: Membership) -> bool:
    return membership.is_owner and not Membership.objects.filter(
        company_id=membership.company_id, role=Membership.Role.OWNER).exclude(pk=membership.pk).exists()


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=_TOKEN_SALT)


def invitation_url(invitation: Invitation) -> str:
    return reverse("companies:invitation", kwargs={"token": invitation_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link names, or InvitationError saying why the link cannot be used."""
    try:
        pk = signing.loads(token, salt=_TOKEN_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationError(EXPIRED) from None
    except signing.BadSignature:
        raise InvitationError(INVALID, status=404) from None
    invitation = Invitation.objects.select_related("company", "invited_by").filter(pk=pk).first()
    if invitation is None:  # its company was deleted since
        raise InvitationError(INVALID, status=404)
    if invitation.revoked_at:
        raise InvitationError(REVOKED, invitation=invitation)
    if invitation.accepted_at:
        raise InvitationError(USED, invitation=invitation)
    if invitation.company.status == ModerationStatus.DEACTIVATED:
        raise InvitationError(COMPANY_GONE, invitation=invitation)
    return invitation


def acceptance_problem(invitation: Invitation, user) -> str | None:
    """Why `user` cannot accept this open invitation, in words for them; None when they can."""
    if not _has_address(user, invitation.email):
        return _("This invitation was sent to %(invited)s, but you are logged in as %(current)s. Log in with "
                 "the invited address, or sign up with it if you have no account yet.") % {
            "invited": invitation.email, "current": user.email}
    membership = Membership.objects.select_related("company").filter(user=user).first()
    if membership and membership.company_id == invitation.company_id:
        return _("You are already a member of %(company)s.") % {"company": invitation.company.name}
    if membership:
        return _("You already belong to %(company)s, and an account belongs to one company only. Leave it "
                 "first (on its team page) to join %(new)s.") % {"company": membership.company.name,
                                                                  "new": invitation.company.name}
    return None


def _has_address(user, email: str) -> bool:
    return user.email.lower() == email.lower() or EmailAddress.objects.filter(
        user=user, email__iexact=email, verified=True).exists()


# Writes ----------------------------------------------------------------------------------------------------------


def invite_member(*, company: Company, email: str, role: str, by: Membership, language: str) -> Invitation:
    """Invite `email` to join `company` as `role`, and email them the link in `language` (the inviter's).

    An address already in the team, or with an open invitation that has not expired, is refused; an expired
    open invitation of the address is revoked and replaced.
    """
    email = BaseUserManager.normalize_email(email.strip())
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise CompanyError(_("%(email)s is already a member of your company.") % {"email": email})
    with transaction.atomic():
        _lock_team(company, owner=by)
        for invitation in company.invitations.select_for_update().filter(
                email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True):
            if not is_expired(invitation):
                sent_on = formats.date_format(timezone.localdate(invitation.created_at))
                raise CompanyError(_("%(email)s was already invited on %(date)s. Revoke that invitation to send "
                                     "a new one.") % {"email": email, "date": sent_on})
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(company=company, email=email, role=role, invited_by=by.user)
        except IntegrityError:  # invited at the same moment by another owner
            raise CompanyError(_("%(email)s was just invited.") % {"email": email}) from None
        mail.send("companies/email/invitation", to=[email], language=language, context={
            "invitation": invitation,
            "company": company,
            "inviter": by.user,
            "url": mail.site_url(invitation_url(invitation), language),
            "days": INVITATION_MAX_AGE.days,
        })
    return invitation


def revoke_invitation(*, invitation: Invitation, by: Membership) -> None:
    """Withdraw an open invitation: its link stops working at once."""
    with transaction.atomic():
        _lock_team(invitation.company, owner=by)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise CompanyError(_("This invitation was already accepted or revoked."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def accept_invitation(*, token: str, user) -> Membership:
    """Make `user` a member of the inviting company with the invited role, once.

    The link must be valid and open, the user's address the invited one, and the user in no company yet. The
    invitation row is locked, so two clicks cannot both use it; the one-to-one Membership.user refuses a second
    company even when two invitations are accepted at once.
    """
    invitation = invitation_from_token(token)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("company").get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(USED if invitation.accepted_at else REVOKED, invitation=invitation)
        problem = acceptance_problem(invitation, user)
        if problem:
            raise CompanyError(problem)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(user=user, company=invitation.company, role=invitation.role)
        except IntegrityError:
            raise CompanyError(_("You already belong to a company.")) from None
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def change_role(*, membership: Membership, role: str, by: Membership) -> Membership:
    """Set a member's role; the last owner cannot be made a member."""
    if role not in Membership.Role.values:
        raise CompanyError(_("Choose a valid role."))
    with transaction.atomic():
        team = _lock_team(membership.company, owner=by)
        membership = _in_team(team, membership)
        if membership.is_owner and role != Membership.Role.OWNER:
            _keep_an_owner(team, membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, membership: Membership, by: Membership) -> None:
    """Take someone out of the team (their account stays); the last owner cannot be removed."""
    with transaction.atomic():
        team = _lock_team(membership.company, owner=by)
        membership = _in_team(team, membership)
        _keep_an_owner(team, membership)
        membership.delete()


def leave_company(*, membership: Membership) -> None:
    """Leave one's company (the account stays, free to join or create another); the last owner cannot leave."""
    with transaction.atomic():
        team = _lock_team(membership.company)
        membership = _in_team(team, membership)
        _keep_an_owner(team, membership)
        membership.delete()


def _lock_team(company: Company, *, owner: Membership | None = None) -> dict[int, Membership]:
    """Lock the company's memberships (in pk order, so two requests cannot deadlock) and return them by pk; with
    `owner`, check that they are still an owner of it (their role may have changed since the request began)."""
    team = {m.pk: m for m in Membership.objects.select_for_update().filter(company=company).order_by("pk")}
    if owner is not None and not (owner.pk in team and team[owner.pk].is_owner):
        raise CompanyError(_("Only an owner of the company can do this."))
    return team


def _in_team(team: dict[int, Membership], membership: Membership) -> Membership:
    if membership.pk not in team:
        raise CompanyError(_("This person is no longer a member of the company."))
    return team[membership.pk]


def _keep_an_owner(team: dict[int, Membership], leaving: Membership) -> None:
    """Refuse when `leaving` is the team's only owner."""
    if leaving.is_owner and not any(m.is_owner for pk, m in team.items() if pk != leaving.pk):
        raise CompanyError(LAST_OWNER)
