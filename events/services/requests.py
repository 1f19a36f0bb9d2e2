"""Meeting requests between participants: asking, accepting (which books the meeting), declining,
withdrawing, and expiry once the event starts."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.booking import book_meeting
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    OPEN_REQUEST_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participation,
    RequestPolicy,
    RequestStatus,
)
from events.notifications import notify_companies, notify_organizers
from events.permissions import takes_part
from events.selectors import live_meetings_of
from events.services.meetings import notify_meeting
from messaging.selectors import is_blocked


def open_request_count(participation: Participation) -> int:
    return MeetingRequest.objects.filter(
        Q(requester=participation) | Q(recipient=participation), status__in=OPEN_REQUEST_STATUSES
    ).count()


@booking_transaction
def request_meeting(*, requester: Participation, recipient: Participation, message: str = "") -> MeetingRequest:
    """Ask another participant of the same event for a meeting (accepted at once under auto-accept)."""
    if recipient.event_id != requester.event_id:
        raise EventError(_("You can only ask participants of the same event."))
    if requester.pk == recipient.pk or requester.company_id == recipient.company_id:
        raise EventError(_("You cannot request a meeting with your own company."))
    if len(message) > 500:
        raise EventError(_("The message can have at most 500 characters."))
    event = lock_event(requester.event_id)
    locked = lock_participations([requester.pk, recipient.pk])
    requester, recipient = locked[requester.pk], locked[recipient.pk]
    _check_both_take_part(requester, recipient)
    _check_not_blocked(requester, recipient)
    if event.status != EventStatus.PUBLISHED or timezone.now() >= event.starts_at:
        raise EventError(_("Meeting requests are closed for this event."))
    if open_request_count(requester) >= event.max_meetings:
        raise EventError(_("You have reached this event's limit of %(count)s meetings.")
                         % {"count": event.max_meetings})
    if open_request_count(recipient) >= event.max_meetings:
        raise EventError(_("%(company)s has no room left in its agenda at this event.")
                         % {"company": recipient.company.name})
    try:
        with transaction.atomic():
            meeting_request = MeetingRequest.objects.create(
                event=event, requester=requester, recipient=recipient, message=message.strip())
    except IntegrityError:
        raise EventError(_("There is already an open request between your companies at this event.")) from None
    if event.request_policy == RequestPolicy.AUTO_ACCEPT:
        _accept(meeting_request)
    else:
        notify_companies([recipient.company], "request_received", url=reverse("events:requests", args=[event.slug]),
                         params_for=lambda company: {"company": requester.company.name, "event": event.title})
    return meeting_request


def accept_request(*, meeting_request: MeetingRequest, by: Participation) -> Meeting:
    """The recipient accepts: the meeting is booked into the earliest slot where both are free."""
    _expire_if_started(meeting_request)
    return _accept_locked(meeting_request=meeting_request, by=by)


@booking_transaction
def _accept_locked(*, meeting_request: MeetingRequest, by: Participation) -> Meeting:
    meeting_request = _locked_request(meeting_request, by=by, side="recipient")
    _check_both_take_part(meeting_request.requester, meeting_request.recipient)
    _check_not_blocked(meeting_request.recipient, meeting_request.requester)
    event, recipient = meeting_request.event, meeting_request.recipient
    if live_meetings_of(recipient.pk).count() >= event.max_meetings:
        raise EventError(_("Your agenda has reached this event's limit of %(count)s meetings.")
                         % {"count": event.max_meetings})
    return _accept(meeting_request)


def decline_request(*, meeting_request: MeetingRequest, by: Participation, reason: str = "") -> MeetingRequest:
    _expire_if_started(meeting_request)
    return _answer(meeting_request=meeting_request, by=by, side="recipient", status=RequestStatus.DECLINED,
                   reason=reason.strip()[:300])


def cancel_request(*, meeting_request: MeetingRequest, by: Participation) -> MeetingRequest:
    return _answer(meeting_request=meeting_request, by=by, side="requester", status=RequestStatus.CANCELLED)


@booking_transaction
def _answer(*, meeting_request: MeetingRequest, by: Participation, side: str, status: str, reason: str = ""
            ) -> MeetingRequest:
    """Decline (the recipient) or withdraw (the requester) a pending request; the other side is told."""
    meeting_request = _locked_request(meeting_request, by=by, side=side)
    meeting_request.status = status
    meeting_request.decline_reason = reason
    meeting_request.responded_at = timezone.now()
    meeting_request.save(update_fields=["status", "decline_reason", "responded_at"])
    event = meeting_request.event
    declined = status == RequestStatus.DECLINED
    told, actor = ((meeting_request.requester, meeting_request.recipient) if declined
                   else (meeting_request.recipient, meeting_request.requester))
    notify_companies([told.company], "request_declined" if declined else "request_cancelled",
                     url=reverse("events:requests", args=[event.slug]),
                     params_for=lambda c: {"company": actor.company.name, "event": event.title})
    return meeting_request


@booking_transaction
def expire_pending_requests(*, now: datetime | None = None) -> int:
    """Pending requests of events that have started can no longer be answered.

    The one writer that does not lock events first: a single UPDATE across every started event, touching only
    requests nobody can answer any more. Should it meet a writer of one of those events in a deadlock,
    booking_transaction runs it again.
    """
    now = now or timezone.now()
    started = Event.objects.annotate(first_slot=Min("slots__starts_at")).filter(first_slot__lte=now)
    return MeetingRequest.objects.filter(status=RequestStatus.PENDING, event__in=started).update(
        status=RequestStatus.EXPIRED, responded_at=now)


def _expire_if_started(meeting_request: MeetingRequest) -> None:
    if meeting_request.status == RequestStatus.PENDING and timezone.now() >= meeting_request.event.starts_at:
        MeetingRequest.objects.filter(pk=meeting_request.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.EXPIRED, responded_at=timezone.now())
        raise EventError(_("This request expired when the event started."))


def _locked_request(meeting_request: MeetingRequest, *, by: Participation, side: str) -> MeetingRequest:
    """The request, locked after its event and both participations (the locking rule), answerable by `by`."""
    event = lock_event(meeting_request.event_id)
    locked_pair = lock_participations([meeting_request.requester_id, meeting_request.recipient_id])
    locked = MeetingRequest.objects.select_for_update(of=("self",), no_key=True).get(pk=meeting_request.pk)
    locked.event = event
    locked.requester, locked.recipient = locked_pair[locked.requester_id], locked_pair[locked.recipient_id]
    if getattr(locked, f"{side}_id") != by.pk:
        raise EventError(_("Only the company the request was sent to can answer it.") if side == "recipient"
                         else _("Only the company that sent the request can withdraw it."))
    if locked.status != RequestStatus.PENDING:
        raise EventError(_("This request is already %(status)s.") % {"status": locked.get_status_display().lower()})
    return locked


def _check_both_take_part(*participations: Participation) -> None:
    """Read under the participations' locks: a company declined or withdrawn meanwhile cannot meet."""
    if not all(takes_part(p) for p in participations):
        raise EventError(_("Both companies must be approved participants of the event."))


def _check_not_blocked(own: Participation, other: Participation) -> None:
    """A company that blocked another (or was blocked by it) in conversations neither asks it for a meeting nor
    accepts its request."""
    if is_blocked(own.company_id, other.company_id):
        raise EventError(_("You cannot meet %(company)s: one of your companies blocked the other.")
                         % {"company": other.company.name})


def _accept(meeting_request: MeetingRequest) -> Meeting:
    meeting_request.status = RequestStatus.ACCEPTED
    meeting_request.responded_at = timezone.now()
    meeting_request.save(update_fields=["status", "responded_at"])
    meeting = Meeting.objects.create(request=meeting_request, event=meeting_request.event)
    event = meeting_request.event
    requester, recipient = meeting_request.requester, meeting_request.recipient
    notify_companies([requester.company], "request_accepted", url=reverse("events:agenda", args=[event.slug]),
                     params_for=lambda c: {"company": recipient.company.name, "event": event.title})
    if book_meeting(meeting):
        notify_meeting(meeting, "meeting_booked")
    else:
        notify_meeting(meeting, "meeting_unscheduled")
        notify_organizers(event, "organizer_unscheduled", url=reverse("events:plan", args=[event.slug]),
                          params={"company": requester.company.name, "partner": recipient.company.name,
                                  "event": event.title})
    return meeting
