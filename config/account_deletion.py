"""Deleting one's own account (docs/accounts.md): what it would do, computed for the user (`deletion_plan`), and
the deletion itself (`delete_account`, one transaction, mail on commit).

What happens to the user's company:

- **Other people remain in it**: the company stays, only the user's membership goes. The last owner of a company
  with other members is refused: they make a colleague an owner first (the team page), since a company always
  keeps an owner (companies.team).
- **The user is its only member**: the company leaves the site with them. Without event history it is deleted
  with its marketplace entries and open invitations. With event history (a participation, which protects the
  company from deletion so that its partners' meetings never vanish unannounced) it is **deactivated** through
  moderation, the one path by which a company stops being approved: `company_withdrawn` then cancels its meetings
  at events that have not ended and closes its pending requests, each partner told (events.services.participation
  .withdraw_company). Its marketplace entries are deleted and its open invitations revoked; the profile stays on
  record, hidden, with nobody in it.

Events the user organizes (Event.organizers, many-to-many: deleting a user never deletes an event by itself):

- with other organizers: they carry on; the user is only taken off the list;
- organized by the user alone, with no company registered: deleted with the account (nobody else is concerned);
- organized by the user alone, with registrations, over: kept on record for the participants, with no organizer
  (staff manage every event);
- organized by the user alone, with registrations, not over: the deletion is refused. The participants would be
  left without anyone to run the event; the user asks the administrators to hand it to another organizer (only
  staff can change an event's organizers).

Staff and superusers are refused: they are managed in the administration.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from companies.models import Company, Membership, ModerationStatus
from companies.moderation import moderate
from config import mail
from events.models import Event, Meeting, MeetingRequest, MeetingStatus, Participation, RequestStatus


class AccountDeletionError(Exception):
    """The account cannot be deleted; the message, meant for the user, says why and what to do."""


class CompanyFate:
    """What deleting the account does to the user's company."""

    NONE = ""  # the user has no company
    STAYS = "stays"  # other members remain: only the membership goes
    DELETED = "deleted"  # the only member, no event history
    DEACTIVATED = "deactivated"  # the only member, with event history


class Refusal:
    STAFF = "staff"
    LAST_OWNER = "last_owner"
    ORGANIZED_EVENTS = "organized_events"


@dataclass(frozen=True)
class DeletionPlan:
    """What `delete_account` would do for this user now; `refusal` says why it would not (then nothing happens)."""

    refusal: str = ""
    refusal_message: str = ""
    company: Company | None = None
    company_fate: str = CompanyFate.NONE
    other_members: int = 0
    meetings_cancelled: int = 0
    requests_closed: int = 0
    listings_removed: int = 0
    invitations_revoked: int = 0
    events_deleted: list[Event] = field(default_factory=list)
    events_shared: list[Event] = field(default_factory=list)
    events_kept: list[Event] = field(default_factory=list)
    events_blocking: list[Event] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.refusal


# Stored on the deactivated company for the moderators, in the site's default language.
DEACTIVATION_REASON = gettext_lazy("Its only member deleted their account.")


def deletion_plan(user) -> DeletionPlan:
    """What deleting `user`'s account would do, for the explanation page and for `delete_account` (a fixed
    number of queries: the membership, the team, the company's history, the events)."""
    if user.is_staff or user.is_superuser:
        return DeletionPlan(refusal=Refusal.STAFF, refusal_message=_(
            "Staff accounts cannot be deleted here. Ask another administrator to deactivate or delete your account "
            "in the administration."))
    membership = Membership.objects.select_related("company").filter(user=user).first()
    facts = _company_facts(membership) | _organized_events(user)
    if (facts["company_fate"] == CompanyFate.STAYS and membership.is_owner
            and not Membership.objects.filter(company_id=membership.company_id, role=Membership.Role.OWNER)
            .exclude(pk=membership.pk).exists()):
        return DeletionPlan(refusal=Refusal.LAST_OWNER, refusal_message=_(
            "You are the only owner of %(company)s, and a company always keeps an owner. Make a colleague an owner "
            "on the team page first, then come back to delete your account.") % {"company": membership.company.name},
            **facts)
    if facts["events_blocking"]:
        titles = ", ".join(event.title for event in facts["events_blocking"])
        return DeletionPlan(refusal=Refusal.ORGANIZED_EVENTS, refusal_message=ngettext(
            "You are the only organizer of %(events)s, for which companies are registered and which is not over. "
            "Ask the administrators to hand it to another organizer first.",
            "You are the only organizer of %(events)s, for which companies are registered and which are not over. "
            "Ask the administrators to hand them to another organizer first.",
            len(facts["events_blocking"])) % {"events": titles}, **facts)
    return DeletionPlan(**facts)


def delete_account(*, user, language: str) -> DeletionPlan:
    """Delete `user`'s account as `deletion_plan` describes it, in one transaction; AccountDeletionError (and
    nothing changed) when the plan refuses. The user is told by email in `language` once it is committed; the
    company's partners by the withdrawal that deactivation triggers (see the module's docstring).

    The user's row and their company's memberships are locked first, so that a colleague leaving or a role
    changing at the same moment cannot leave a company without an owner or without anyone in it unannounced.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        company_id = Membership.objects.filter(user=user).values_list("company_id", flat=True).first()
        if company_id:
            list(Membership.objects.select_for_update().filter(company_id=company_id).order_by("pk"))
        plan = deletion_plan(user)
        if not plan.allowed:
            raise AccountDeletionError(plan.refusal_message)
        company = plan.company
        if plan.company_fate == CompanyFate.DELETED:
            files = [f.name for f in (company.logo, company.logo_thumbnail) if f]
            company.delete()
            transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
        elif plan.company_fate == CompanyFate.DEACTIVATED:
            company.listings.all().delete()
            company.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
                revoked_at=timezone.now())
            # The owners' moderation email finds nobody once the membership is gone; company_withdrawn (sent on
            # commit if the company was approved) cancels its meetings to come and tells the partners.
            with translation.override(settings.LANGUAGE_CODE):
                moderate([company], status=ModerationStatus.DEACTIVATED, reason=str(DEACTIVATION_REASON))
        # Still without registrations (one may have come in since the plan was read: that event then stays).
        Event.objects.filter(pk__in=[event.pk for event in plan.events_deleted], participations__isnull=True).delete()
        address = user.email
        user.delete()
        mail.send("accounts/email/deleted", to=[address], language=language, context={"plan": plan})
    return plan


def _company_facts(membership: Membership | None) -> dict:
    if membership is None:
        return {"company_fate": CompanyFate.NONE}
    company = membership.company
    others = Membership.objects.filter(company=company).exclude(pk=membership.pk).count()
    if others:
        return {"company": company, "company_fate": CompanyFate.STAYS, "other_members": others}
    history = company.participations.exists()
    facts = {
        "company": company,
        "company_fate": CompanyFate.DEACTIVATED if history else CompanyFate.DELETED,
        "listings_removed": company.listings.count(),
        "invitations_revoked": company.invitations.filter(accepted_at__isnull=True,
                                                          revoked_at__isnull=True).count(),
    }
    if history and company.status == ModerationStatus.APPROVED:
        # What events.services.withdraw_company will cancel once the deactivation is committed: the same rows.
        upcoming = Participation.objects.filter(company=company, event__end_date__gte=timezone.localdate())
        facts["meetings_cancelled"] = Meeting.objects.filter(
            Q(request__requester__in=upcoming) | Q(request__recipient__in=upcoming)
        ).exclude(status=MeetingStatus.CANCELLED).count()
        facts["requests_closed"] = MeetingRequest.objects.filter(
            Q(requester__in=upcoming) | Q(recipient__in=upcoming), status=RequestStatus.PENDING).count()
    return facts


def _organized_events(user) -> dict[str, list[Event]]:
    # Counted over every organizer, not only through the user's own row of the relation.
    events = (Event.objects.filter(pk__in=user.organized_events.values("pk"))
              .annotate(organizer_count=Count("organizers", distinct=True),
                        registrations=Count("participations", distinct=True))
              .order_by("start_date", "title"))
    today = timezone.localdate()
    sorted_events = {"events_deleted": [], "events_shared": [], "events_kept": [], "events_blocking": []}
    for event in events:
        if event.organizer_count > 1:
            sorted_events["events_shared"].append(event)
        elif not event.registrations:
            sorted_events["events_deleted"].append(event)
        elif event.end_date < today:
            sorted_events["events_kept"].append(event)
        else:
            sorted_events["events_blocking"].append(event)
    return sorted_events
