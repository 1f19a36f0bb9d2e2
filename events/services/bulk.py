"""The organizer's bulk decisions (issue 17): approve or decline many registrations of an event at once.

Not one transaction, on purpose: each registration is decided by `decide_participation`, in a transaction of its
own (events.locking.booking_transaction: the event row, then that participation, locked; retried when it loses a
race). A single transaction over a hundred registrations would hold the event's lock, and with it every booking
of the event, for as long as the whole batch takes, and one refusal would undo the decisions that the rules
allow. So each decision commits (and its email goes) on its own, a company the rules keep (live meetings cannot
be declined) is reported and left as it was, and the others proceed.
"""

from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.capacity import EventFullError
from events.errors import EventError
from events.models import Event, ParticipationStatus
from events.selectors import live_meetings_of
from events.services.participation import decide_participation


@dataclass
class Refusal:
    company: str
    meetings: int  # its live meetings when refused (0: refused for another reason, said in `reason`)
    reason: str = ""


@dataclass
class BulkResult:
    approve: bool
    decided: list[str] = field(default_factory=list)  # company names whose registration changed
    unchanged: list[str] = field(default_factory=list)  # already in that status
    refused: list[Refusal] = field(default_factory=list)
    full: list[str] = field(default_factory=list)  # not approved: the event's cap was reached

    def message(self) -> str:
        """"12 approved; 2 could not be declined: X (3 meetings), Y (1 meeting)" — the parts that apply."""
        count = len(self.decided)
        if self.approve:
            parts = [ngettext("%(count)d approved", "%(count)d approved", count) % {"count": count}]
        else:
            parts = [ngettext("%(count)d declined", "%(count)d declined", count) % {"count": count}]
        if self.unchanged:
            parts.append(ngettext("%(count)d was already so", "%(count)d were already so", len(self.unchanged))
                         % {"count": len(self.unchanged)})
        if self.refused:
            names = ", ".join(_refusal_label(refusal) for refusal in self.refused)
            if self.approve:
                refused = ngettext("%(count)d could not be approved: %(names)s",
                                   "%(count)d could not be approved: %(names)s", len(self.refused))
            else:
                refused = ngettext("%(count)d could not be declined: %(names)s",
                                   "%(count)d could not be declined: %(names)s", len(self.refused))
            parts.append(refused % {"count": len(self.refused), "names": names})
        if self.full:
            parts.append(ngettext("%(count)d could not be approved, the event is full: %(names)s",
                                  "%(count)d could not be approved, the event is full: %(names)s",
                                  len(self.full)) % {"count": len(self.full), "names": ", ".join(self.full)})
        return "; ".join(parts) + "."


def _refusal_label(refusal: Refusal) -> str:
    if refusal.meetings:
        return ngettext("%(company)s (%(count)d meeting)", "%(company)s (%(count)d meetings)", refusal.meetings) \
            % {"company": refusal.company, "count": refusal.meetings}
    return _("%(company)s (%(reason)s)") % {"company": refusal.company, "reason": refusal.reason}


def decide_participations(*, event: Event, participation_ids, approve: bool) -> BulkResult:
    """Approve (or decline) the registrations of `event` among `participation_ids`, in company-name order, each in
    its own transaction (see the module docstring); ids of another event or of nothing are ignored. Returns what
    was decided, what already was, and what the rules refused with how many live meetings kept it; an approval
    stops taking effect once the event is full (its cap), and those left are reported apart."""
    target = ParticipationStatus.APPROVED if approve else ParticipationStatus.DECLINED
    result = BulkResult(approve=approve)
    participations = event.participations.filter(pk__in=list(participation_ids)).select_related("company") \
        .order_by("company__name", "pk")
    for participation in participations:
        name = participation.company.name
        if participation.status == target:
            result.unchanged.append(name)
            continue
        try:
            decide_participation(participation=participation, approve=approve)
        except EventFullError:
            result.full.append(name)
        except EventError as error:
            meetings = 0 if approve else live_meetings_of(participation.pk).count()
            result.refused.append(Refusal(company=name, meetings=meetings, reason="" if meetings else str(error)))
        else:
            result.decided.append(name)
    return result


# The dashboard's selection, carried to the announcement form ------------------------------------------------------

_SELECTION_SALT = "events.bulk.selection"
# How long the link from the dashboard to the announcement form works: long enough to write the text.
SELECTION_MAX_AGE = 24 * 60 * 60


def selection_token(*, event: Event, participation_ids) -> str:
    """A signed, timestamped token of a selection of the event's registrations, for the announcement form: it
    cannot be altered, nor used for another event (selection_ids)."""
    return signing.dumps({"event": event.pk, "ids": sorted(set(participation_ids))}, salt=_SELECTION_SALT,
                         compress=True)


def selection_ids(*, event: Event, token: str) -> list[int] | None:
    """The participation ids of a token made by selection_token for `event`; None if the token is forged,
    expired or made for another event."""
    try:
        data = signing.loads(token, salt=_SELECTION_SALT, max_age=SELECTION_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or data.get("event") != event.pk:
        return None
    return [pk for pk in data.get("ids", []) if isinstance(pk, int)]
