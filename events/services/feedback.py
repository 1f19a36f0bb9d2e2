"""After the event: each side's feedback on its meetings, and months later what the promising ones led to.

The daily job (send_event_reminders) calls two functions:

- `request_feedback`: once an event's last day has passed (in the event's time zone), every approved participant
  with at least one meeting to rate gets one email in its company's language, listing those meetings with a
  signed link each to the feedback form; then at most FEEDBACK_REMINDERS reminders (REMINDER_AFTER_DAYS after the
  request), only while some meeting is unanswered. Events that ended more than FEEDBACK_WINDOW ago are not asked
  (so that the job's first run does not write to the companies of every past event).
- `send_follow_ups`: on the event's follow-up day (last day + Event.follow_up_days), every participant that rated
  at least one meeting "cooperation possible" gets one email with a signed link per such meeting to the outcome
  form. From that day a side's feedback is read-only: the follow-up asks about a settled answer.

Each run is idempotent: the participation records what was sent and when (feedback_requested_at,
feedback_reminders_sent, feedback_reminded_at, follow_up_sent_at), and each event is handled in one transaction
under the booking lock (events.locking), so two runs at the same time send nothing twice.

A signed link (django.core.signing, TimestampSigner, its own salt per form) names one meeting and one side; it
needs no login, since the email went to that side's people, and it expires after settings.FEEDBACK_LINK_MAX_AGE_DAYS.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from companies.selectors import company_recipients
from config import mail
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    FEEDBACK_REMINDERS,
    AgreementKind,
    Event,
    EventStatus,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingStatus,
    OutcomeResult,
    Participation,
    Usefulness,
)

# Days after the feedback request when each reminder is due (one entry per reminder, FEEDBACK_REMINDERS in all).
REMINDER_AFTER_DAYS = (3, 7)
assert len(REMINDER_AFTER_DAYS) == FEEDBACK_REMINDERS
# Two emails to one company are at least this far apart, even when the job missed days and two reminders are due.
MIN_GAP_BETWEEN_EMAILS = timedelta(days=1)
# The request and its reminders go out within this period after the event's last day, never later.
FEEDBACK_WINDOW = timedelta(days=30)

FEEDBACK_SALT = "events.feedback.link"
OUTCOME_SALT = "events.outcome.link"

LINK_INVALID = _("This link is not valid. Check that you copied the whole link from the email, or log in and "
                 "open the meeting from your agenda.")
LINK_EXPIRED = _("This link has expired. Log in and open the meeting from your agenda to answer.")
LINK_GONE = _("This link can no longer be used: the meeting was cancelled or your company no longer takes part "
              "in the event.")
NOT_RATED_PROMISING = _("Only a meeting that you rated “cooperation possible” is followed up.")
FEEDBACK_CLOSED = _("The feedback on this event is closed: the follow-up has started.")
NOT_YET = _("You can give feedback once the meeting has taken place.")


class LinkError(EventError):
    """A signed link that cannot be used; `status` is the page's HTTP status (404 unknown, 410 expired)."""

    def __init__(self, message, *, status: int):
        super().__init__(message)
        self.status = status


class JobRun(NamedTuple):
    requested: int
    reminded: int


# Rules -----------------------------------------------------------------------------------------------------------


def is_rated_by(meeting: Meeting, participation_id: int) -> bool:
    """Whether the side `participation_id` is asked about the meeting: it was scheduled (a slot) and is not
    cancelled; a no-show only when the other side is the one that did not come (neither, or not known: no)."""
    if meeting.slot_id is None:
        return False
    if meeting.status in (MeetingStatus.SCHEDULED, MeetingStatus.HELD):
        return True
    return meeting.status == MeetingStatus.NO_SHOW and meeting.absent_id not in (None, participation_id)


def is_side(meeting: Meeting, participation_id: int) -> bool:
    return participation_id in (meeting.request.requester_id, meeting.request.recipient_id)


def has_ended(meeting: Meeting, now: datetime) -> bool:
    return meeting.slot_id is not None and meeting.slot.ends_at <= now


def local_today(event: Event, now: datetime) -> date:
    return timezone.localtime(now, event.tz).date()


def follow_up_day(event: Event) -> date:
    return event.end_date + timedelta(days=event.follow_up_days)


def feedback_is_open(participation: Participation, now: datetime) -> bool:
    """A side's feedback can be changed until its follow-up was sent, or for everyone, until the follow-up day."""
    event = participation.event
    return participation.follow_up_sent_at is None and local_today(event, now) < follow_up_day(event)


# Signed links ----------------------------------------------------------------------------------------------------


def _token(salt: str, meeting_id: int, participation_id: int) -> str:
    return signing.TimestampSigner(salt=salt).sign_object([meeting_id, participation_id])


def feedback_link(meeting_id: int, participation_id: int) -> str:
    return reverse("events:feedback_signed", kwargs={"token": _token(FEEDBACK_SALT, meeting_id, participation_id)})


def outcome_link(meeting_id: int, participation_id: int) -> str:
    return reverse("events:outcome_signed", kwargs={"token": _token(OUTCOME_SALT, meeting_id, participation_id)})


def link_max_age() -> timedelta:
    return timedelta(days=settings.FEEDBACK_LINK_MAX_AGE_DAYS)


def _from_token(token: str, salt: str) -> tuple[Meeting, Participation]:
    """The meeting and the side a link names, or LinkError saying why it cannot be used."""
    try:
        meeting_id, participation_id = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=link_max_age())
    except signing.SignatureExpired:
        raise LinkError(LINK_EXPIRED, status=410) from None
    except (signing.BadSignature, TypeError, ValueError):  # tampered, or signed data of another shape
        raise LinkError(LINK_INVALID, status=404) from None
    meeting = answerable_meetings().filter(pk=meeting_id).first()
    participation = Participation.objects.select_related("company", "event").filter(pk=participation_id).first()
    if meeting is None or participation is None or not is_side(meeting, participation.pk):
        raise LinkError(LINK_INVALID, status=404)
    if not still_takes_part(participation) or not is_rated_by(meeting, participation.pk):
        raise LinkError(LINK_GONE, status=410)
    return meeting, participation


def feedback_from_token(token: str) -> tuple[Meeting, Participation]:
    return _from_token(token, FEEDBACK_SALT)


def outcome_from_token(token: str) -> tuple[Meeting, Participation]:
    return _from_token(token, OUTCOME_SALT)


def still_takes_part(participation: Participation) -> bool:
    """Still a participant when it answers: approved by the organizer, of a company that is not suspended or
    deactivated (the same rule as events.permissions.takes_part)."""
    return participation.is_approved and participation.company.is_public


# Reads -----------------------------------------------------------------------------------------------------------


def answerable_meetings() -> QuerySet[Meeting]:
    """Meetings with what the feedback and outcome pages show: both companies, the slot, the table, the event."""
    return Meeting.objects.select_related("event", "slot", "table", "request__requester__company",
                                          "request__recipient__company")


def partner_of(meeting: Meeting, participation_id: int) -> Company:
    request = meeting.request
    return request.recipient.company if request.requester_id == participation_id else request.requester.company


def feedback_of(meeting: Meeting, participation: Participation) -> MeetingFeedback | None:
    return MeetingFeedback.objects.filter(meeting=meeting, participation=participation).first()


def outcome_of(meeting: Meeting, participation: Participation) -> MeetingOutcome | None:
    return MeetingOutcome.objects.filter(meeting=meeting, participation=participation).first()


@dataclass(frozen=True)
class AgendaLinks:
    """What the agenda offers on one past meeting: the feedback form (to give, edit or only read) and, once the
    side rated it "cooperation possible", the outcome form."""

    feedback: str  # "give", "edit" or "view"
    outcome: bool
    outcome_given: bool


def agenda_links(participation: Participation, rows: list[dict], *, now: datetime | None = None) -> list[dict]:
    """The agenda's rows, each with "feedback": AgendaLinks for a past meeting the side rates, else None.
    At most two queries whatever the number of rows, none before the first meeting has ended."""
    now = now or timezone.now()
    past = {row["meeting"].pk for row in rows
            if has_ended(row["meeting"], now) and is_rated_by(row["meeting"], participation.pk)}
    given = dict(MeetingFeedback.objects.filter(participation=participation, meeting_id__in=past)
                 .values_list("meeting_id", "usefulness")) if past else {}
    promising = {pk for pk, usefulness in given.items() if usefulness == Usefulness.COOPERATION_POSSIBLE}
    outcomes = set(MeetingOutcome.objects.filter(participation=participation, meeting_id__in=promising)
                   .values_list("meeting_id", flat=True)) if promising else set()
    is_open = feedback_is_open(participation, now) if past else False
    for row in rows:
        pk = row["meeting"].pk
        row["feedback"] = None
        if pk in past:
            state = "view" if not is_open else ("edit" if pk in given else "give")
            row["feedback"] = AgendaLinks(feedback=state, outcome=pk in promising, outcome_given=pk in outcomes)
    return rows


def meeting_answers(meeting: Meeting) -> list[dict]:
    """For the organizer: each side of the meeting with its feedback and outcome (None where it did not answer)."""
    request = meeting.request
    feedback = {row.participation_id: row for row in meeting.feedback.all()}
    outcomes = {row.participation_id: row for row in meeting.outcomes.all()}
    return [{"company": side.company, "feedback": feedback.get(side.pk), "outcome": outcomes.get(side.pk)}
            for side in (request.requester, request.recipient)]


def _rated_meetings(event: Event, participation_ids: list[int]) -> dict[int, list[Meeting]]:
    """Participation id → the meetings it is asked about (is_rated_by), in time order; one query."""
    meetings = (answerable_meetings().filter(event=event, slot__isnull=False)
                .filter(Q(request__requester_id__in=participation_ids) | Q(request__recipient_id__in=participation_ids))
                .exclude(status=MeetingStatus.CANCELLED).order_by("slot__starts_at", "pk"))
    by_side: dict[int, list[Meeting]] = {pk: [] for pk in participation_ids}
    for meeting in meetings:
        for side in (meeting.request.requester_id, meeting.request.recipient_id):
            if side in by_side and is_rated_by(meeting, side):
                by_side[side].append(meeting)
    return by_side


def _addresses(company: Company) -> list[str]:
    """Every active member of the company (companies.selectors.company_recipients: business with others)."""
    return [membership.user.email for membership in company_recipients([company]).filter(user__is_active=True)]


# The daily job ---------------------------------------------------------------------------------------------------


def request_feedback(*, now: datetime | None = None) -> JobRun:
    """Send the feedback requests and reminders due today; how many of each were sent."""
    now = now or timezone.now()
    requested = reminded = 0
    # A coarse filter in UTC dates (a day either side covers every time zone), then the exact one per event.
    candidates = Event.objects.exclude(status=EventStatus.DRAFT).filter(
        end_date__lt=now.date() + timedelta(days=1), end_date__gte=now.date() - FEEDBACK_WINDOW - timedelta(days=1),
    ).order_by("pk")
    for event in candidates:
        days_after = local_today(event, now) - event.end_date
        if timedelta(days=1) <= days_after <= FEEDBACK_WINDOW:
            run = _request_feedback_for_event(event_id=event.pk, now=now)
            requested, reminded = requested + run.requested, reminded + run.reminded
    return JobRun(requested, reminded)


@booking_transaction
def _request_feedback_for_event(*, event_id: int, now: datetime) -> JobRun:
    event = lock_event(event_id)
    # Read after the lock: a run at the same time has committed by now, and its marks are seen.
    # Not yet asked, or asked and not yet reminded twice (reminders_sent starts at 0).
    candidates = (event.participations.taking_part()
                  .filter(follow_up_sent_at__isnull=True, feedback_reminders_sent__lt=FEEDBACK_REMINDERS)
                  .values_list("pk", flat=True))
    participations = lock_participations(candidates)
    rated = _rated_meetings(event, list(participations))
    answered = set(MeetingFeedback.objects.filter(participation_id__in=list(participations))
                   .values_list("participation_id", "meeting_id"))
    requested, reminded = [], []
    for participation in participations.values():
        participation.event = event
        if not feedback_is_open(participation, now):  # the follow-up day came (a short follow_up_days)
            continue
        meetings = rated[participation.pk]
        if participation.feedback_requested_at is None:
            if meetings:
                _send_feedback_email(participation, meetings, reminder=False)
                requested.append(participation.pk)
            continue
        unanswered = [m for m in meetings if (participation.pk, m.pk) not in answered]
        if unanswered and _reminder_due(participation, now):
            _send_feedback_email(participation, unanswered, reminder=True)
            reminded.append(participation.pk)
    Participation.objects.filter(pk__in=requested).update(feedback_requested_at=now)
    Participation.objects.filter(pk__in=reminded).update(feedback_reminders_sent=F("feedback_reminders_sent") + 1,
                                                         feedback_reminded_at=now)
    return JobRun(len(requested), len(reminded))


def _reminder_due(participation: Participation, now: datetime) -> bool:
    sent = participation.feedback_reminders_sent
    if sent >= FEEDBACK_REMINDERS:
        return False
    last_email = participation.feedback_reminded_at or participation.feedback_requested_at
    due = participation.feedback_requested_at + timedelta(days=REMINDER_AFTER_DAYS[sent])
    return now >= max(due, last_email + MIN_GAP_BETWEEN_EMAILS)


def _send_feedback_email(participation: Participation, meetings: list[Meeting], *, reminder: bool) -> None:
    company, language = participation.company, participation.company.email_language
    mail.send("events/email/feedback_request", to=_addresses(company), language=language, context={
        "reminder": reminder,
        "company": company.name,
        "event": participation.event,
        "meetings": [_email_row(m, participation, mail.site_url(feedback_link(m.pk, participation.pk), language))
                     for m in meetings],
        "days": settings.FEEDBACK_LINK_MAX_AGE_DAYS,
        "agenda_url": mail.site_url(reverse("events:agenda", args=[participation.event.slug]), language),
    })


def _email_row(meeting: Meeting, participation: Participation, url: str) -> dict:
    return {"partner": partner_of(meeting, participation.pk).name, "starts_at": meeting.slot.starts_at, "url": url}


def send_follow_ups(*, now: datetime | None = None) -> int:
    """Send the follow-ups due today (the event's follow-up day has come); how many were sent."""
    now = now or timezone.now()
    # Only events where someone rated a meeting promising and has no follow-up yet: nothing else to scan.
    event_ids = (MeetingFeedback.objects.filter(usefulness=Usefulness.COOPERATION_POSSIBLE,
                                                participation__follow_up_sent_at__isnull=True,
                                                meeting__event__end_date__lt=now.date())
                 .values_list("meeting__event_id", flat=True).distinct())
    sent = 0
    for event in Event.objects.filter(pk__in=event_ids).exclude(status=EventStatus.DRAFT).order_by("pk"):
        if local_today(event, now) >= follow_up_day(event):
            sent += _send_follow_ups_for_event(event_id=event.pk, now=now)
    return sent


@booking_transaction
def _send_follow_ups_for_event(*, event_id: int, now: datetime) -> int:
    event = lock_event(event_id)
    promising = (MeetingFeedback.objects.filter(meeting__event=event, usefulness=Usefulness.COOPERATION_POSSIBLE,
                                                participation__follow_up_sent_at__isnull=True)
                 .filter(participation__in=Participation.objects.taking_part())
                 .values_list("participation_id", "meeting_id"))
    pairs = list(promising)
    participations = lock_participations({participation_id for participation_id, _meeting in pairs})
    meetings = {m.pk: m for m in answerable_meetings().filter(pk__in={meeting for _p, meeting in pairs})
                .order_by("slot__starts_at", "pk")}
    sent = []
    for participation in participations.values():
        if participation.follow_up_sent_at is not None:  # a run at the same time got here first
            continue
        participation.event = event
        own = sorted((meetings[m] for p, m in pairs if p == participation.pk and is_rated_by(meetings[m], p)),
                     key=lambda m: (m.slot.starts_at, m.pk))
        if not own:
            continue
        language = participation.company.email_language
        mail.send("events/email/outcome_request", to=_addresses(participation.company), language=language, context={
            "company": participation.company.name,
            "event": event,
            "meetings": [_email_row(m, participation, mail.site_url(outcome_link(m.pk, participation.pk), language))
                         for m in own],
            "days": settings.FEEDBACK_LINK_MAX_AGE_DAYS,
        })
        sent.append(participation.pk)
    Participation.objects.filter(pk__in=sent).update(follow_up_sent_at=now)
    return len(sent)


# Answers ---------------------------------------------------------------------------------------------------------


@booking_transaction
def save_feedback(*, meeting: Meeting, participation: Participation, took_place: bool, usefulness: str, note: str,
                  now: datetime | None = None) -> MeetingFeedback:
    """Create or change the side's feedback on the meeting; refused once the meeting's feedback is closed."""
    now = now or timezone.now()
    lock_event(meeting.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    participation.event = meeting.event
    if not is_side(meeting, participation.pk) or not is_rated_by(meeting, participation.pk):
        raise EventError(LINK_GONE)
    if not has_ended(meeting, now):
        raise EventError(NOT_YET)
    if not feedback_is_open(participation, now):
        raise EventError(FEEDBACK_CLOSED)
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting, participation=participation,
        defaults={"took_place": took_place, "usefulness": usefulness if took_place else "", "note": note},
        create_defaults={"took_place": took_place, "usefulness": usefulness if took_place else "", "note": note,
                         "answered_at": now},
    )
    return feedback


@booking_transaction
def save_outcome(*, meeting: Meeting, participation: Participation, result: str, agreement_kind: str = "",
                 value_usd: Decimal | None = None, now: datetime | None = None) -> MeetingOutcome:
    """Create or change the side's answer on what the meeting led to; only for a meeting it rated promising."""
    now = now or timezone.now()
    lock_event(meeting.event_id)
    lock_participations([participation.pk])
    rated = MeetingFeedback.objects.filter(meeting=meeting, participation=participation,
                                           usefulness=Usefulness.COOPERATION_POSSIBLE).exists()
    if not is_side(meeting, participation.pk) or not rated:
        raise EventError(NOT_RATED_PROMISING)
    if result != OutcomeResult.AGREEMENT:  # the database refuses agreement details on anything else
        agreement_kind, value_usd = "", None
    elif agreement_kind not in AgreementKind.values:
        raise EventError(_("Choose the kind of agreement."))
    values = {"result": result, "agreement_kind": agreement_kind, "value_usd": value_usd}
    outcome, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting, participation=participation, defaults=values,
        create_defaults={**values, "answered_at": now},
    )
    return outcome

