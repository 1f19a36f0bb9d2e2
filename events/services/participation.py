"""Companies taking part in an event: registration (on the waiting list when the event is full), the organizer's
decision, availability, and withdrawal when a company stops being approved (a company's own withdrawal of its
registration is in waiting_list)."""

from itertools import chain, groupby
from operator import attrgetter

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Company
from events.booking import rehouse
from events.capacity import EventFullError, is_full, registration_waits
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    AttendanceMode,
    Event,
    EventFormat,
    EventStatus,
    MeetingRequest,
    MeetingStatus,
    Participation,
    ParticipationStatus,
    RequestStatus,
    Seat,
)
from events.notifications import format_local, notify_companies, notify_organizers
from events.selectors import live_meetings_of
from events.selectors_waiting import waiting_position
from events.services.meetings import cancel_locked, notify_meeting, partner_of
from events.services.waiting_list import offer_freed_places


@booking_transaction
def register(*, event: Event, company: Company, delegates: int = 1, attendance_mode: str = AttendanceMode.ON_SITE
             ) -> Participation:
    """Register the company for the event: awaiting the organizer's approval, or on the waiting list when the
    event is full (its cap reached) or others already wait for a place, told its position there.

    A company that withdrew its registration registers again on the same row (one per company and event), as
    new: at the end of the waiting list if it waits. A declined company cannot register again.
    """
    event = lock_event(event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("This event is not open for registration."))
    now = timezone.now()
    if now < event.registration_opens:
        raise EventError(_("Registration opens on %(date)s.") % {
            "date": format_local(event.registration_opens, event.time_zone)})
    if now >= event.registration_closes:
        raise EventError(_("Registration for this event is closed."))
    if not company.is_public:
        raise EventError(_("Your company profile must be approved before you can register for events."))
    waits = registration_waits(event)
    status = ParticipationStatus.WAITING if waits else ParticipationStatus.PENDING
    fields = {"status": status, "delegates": delegates, "attendance_mode": _mode_for(event, attendance_mode),
              "registered_at": now}
    withdrawn = lock_withdrawn(event=event, company=company)
    if withdrawn is not None:
        participation = withdrawn
        fields |= {"offered_at": None, "decided_at": None}
        for name, value in fields.items():
            setattr(participation, name, value)
        participation.save(update_fields=list(fields))
        participation.unavailable_slots.clear()
    else:
        try:
            with transaction.atomic():
                participation = Participation.objects.create(event=event, company=company, **fields)
        except IntegrityError:
            raise EventError(_("Your company is already registered for this event.")) from None
    if waits:
        position = waiting_position(participation)
        notify_companies([company], "waiting_listed", url=reverse("events:participation", args=[event.slug]),
                         params_for=lambda _company: {"event": event.title, "position": position})
    else:
        notify_organizers(event, "participation_pending", url=reverse("events:dashboard", args=[event.slug]),
                          params={"company": company.name, "event": event.title})
    return participation


def lock_withdrawn(*, event: Event, company: Company) -> Participation | None:
    """The company's withdrawn registration for the event, locked, if it has one (register reuses it)."""
    return (Participation.objects.select_for_update(of=("self",), no_key=True)
            .filter(event=event, company=company, status=ParticipationStatus.WITHDRAWN).first())


@booking_transaction
def decide_participation(*, participation: Participation, approve: bool) -> Participation:
    """Approve or decline a registration; the company is told.

    An approval is refused while the event is full (EventFullError). Declining a company frees its place, if it
    held one or had been offered one: the next on the waiting list is offered it (waiting_list.offer_freed_places).
    A withdrawn registration is the company's own decision and gets none.

    A company with live meetings (scheduled or accepted and waiting for a slot) cannot be declined: the
    organizer cancels those meetings first, one by one, so that no partner loses a meeting unannounced. Its
    meeting requests still waiting for an answer are closed, and the other side told why.
    """
    status = ParticipationStatus.APPROVED if approve else ParticipationStatus.DECLINED
    event = lock_event(participation.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    if participation.status == status:
        return participation
    if participation.status == ParticipationStatus.WITHDRAWN:
        raise EventError(_("%(company)s withdrew its registration; it can register again if it wishes.")
                         % {"company": participation.company.name})
    if approve and is_full(event):
        raise EventFullError(event)
    if not approve:
        live = live_meetings_of(participation.pk).count()
        if live:
            raise EventError(ngettext(
                "%(company)s has %(count)s accepted meeting at this event. Cancel it in the plan before "
                "declining the company.",
                "%(company)s has %(count)s accepted meetings at this event. Cancel them in the plan before "
                "declining the company.", live) % {"company": participation.company.name, "count": live})
        _close_pending_requests(participation, event=event)
    participation.status = status
    participation.decided_at = timezone.now()
    participation.save(update_fields=["status", "decided_at"])
    notify_companies([participation.company], "participation_approved" if approve else "participation_declined",
                     url=event.get_absolute_url(), params_for=lambda company: {"event": event.title})
    if not approve:  # a place it held, or had been offered, goes to the next on the waiting list
        offer_freed_places(event)
    return participation


@booking_transaction
def update_participation(*, participation: Participation, delegates: int, unavailable_slots, timezone_name: str = "",
                         attendance_mode: str | None = None, listed_publicly: bool | None = None) -> Participation:
    """Delegates, availability, time zone and (at a hybrid event) whether the company comes or meets online;
    refused if a booked meeting would lose its seat. A change of attendance moves its meetings between tables and
    video rooms (see _rehouse_meetings)."""
    event = lock_event(participation.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    participation.event = event
    seats = Seat.objects.filter(participation=participation).exclude(meeting__status=MeetingStatus.CANCELLED)
    clash = seats.filter(slot__in=unavailable_slots).select_related("slot").order_by("slot__starts_at").first()
    if clash:
        raise EventError(_("You have a meeting at %(time)s. Ask the organizer to move it before marking that "
                           "time as unavailable.") % {"time": format_local(clash.slot.starts_at, event.time_zone)})
    busiest = seats.values("slot").annotate(n=Count("pk")).order_by("-n").values_list("n", flat=True).first()
    if busiest and delegates < busiest:
        raise EventError(_("You have %(count)s meetings at the same time; you need at least that many "
                           "delegates.") % {"count": busiest})
    if delegates < participation.delegates:
        _compact_seats(participation)
    participation.delegates = delegates
    participation.time_zone = timezone_name
    mode = _mode_for(event, attendance_mode or participation.attendance_mode)
    mode_changed = mode != participation.attendance_mode
    participation.attendance_mode = mode
    if listed_publicly is not None:
        participation.listed_publicly = listed_publicly
    participation.save(update_fields=["delegates", "time_zone", "attendance_mode", "listed_publicly"])
    participation.unavailable_slots.set(unavailable_slots)
    if mode_changed:
        _rehouse_meetings(participation, event=event)
    return participation


def _mode_for(event: Event, wanted: str) -> str:
    """What is stored: the company's choice at a hybrid event; at the others the only way there is to take part."""
    if event.format == EventFormat.HYBRID:
        return AttendanceMode(wanted)
    return AttendanceMode.ONLINE if event.format == EventFormat.ONLINE else AttendanceMode.ON_SITE


def _rehouse_meetings(participation: Participation, *, event: Event) -> None:
    """After a company switched between coming and meeting online: each scheduled meeting whose kind changes
    moves to a video room or a table (in the same slot when one is free, see booking.rehouse); both sides are
    told, and the organizers about a meeting that lost its time."""
    live = live_meetings_of(participation.pk).filter(slot__isnull=False)
    pairs = live.values_list("request__requester_id", "request__recipient_id")
    locked = lock_participations([participation.pk, *chain.from_iterable(pairs)])
    for meeting in live.select_related("request", "slot", "table").order_by("slot__starts_at", "pk"):
        meeting.event = event
        meeting.request.requester = locked[meeting.request.requester_id]
        meeting.request.recipient = locked[meeting.request.recipient_id]
        before = (meeting.slot_id, meeting.table_id, meeting.room)
        if rehouse(meeting):
            if (meeting.slot_id, meeting.table_id, meeting.room) != before:
                notify_meeting(meeting, "meeting_moved")
        else:
            notify_meeting(meeting, "meeting_unscheduled")
            notify_organizers(event, "organizer_unscheduled", url=reverse("events:plan", args=[event.slug]),
                              params={"company": meeting.request.requester.company.name,
                                      "partner": meeting.request.recipient.company.name, "event": event.title})


def _compact_seats(participation: Participation) -> None:
    """Renumber the participant's seats in each slot 0, 1, 2…, so that with fewer delegates every seat number
    stays below the new count and the seat constraint keeps meaning "one meeting per delegate".

    Seats move down one at a time, lowest first: the number each takes is already free then (an UPDATE of all
    at once could meet the unique constraint midway).
    """
    seats = Seat.objects.filter(participation=participation).order_by("slot_id", "number")
    for _slot, slot_seats in groupby(seats, key=attrgetter("slot_id")):
        for number, seat in enumerate(slot_seats):
            if seat.number != number:
                seat.number = number
                seat.save(update_fields=["number"])


def withdraw_company(*, company: Company) -> int:
    """A company that stops being approved (suspended, rejected, deactivated) leaves the events to come.

    Its live meetings at events that have not ended are cancelled and its pending requests closed, each
    partner told why; one transaction per event, each following the locking rule. Returns the number of
    meetings cancelled. Past events keep their record untouched.
    """
    cancelled = 0
    upcoming = (Participation.objects.filter(company=company, event__end_date__gte=timezone.localdate())
                .values_list("pk", "event_id"))
    for participation_id, event_id in upcoming:
        cancelled += _withdraw_participation(participation_id=participation_id, event_id=event_id)
    return cancelled


@booking_transaction
def _withdraw_participation(*, participation_id: int, event_id: int) -> int:
    event = lock_event(event_id)
    live = live_meetings_of(participation_id)
    pairs = live.values_list("request__requester_id", "request__recipient_id")
    leaving = lock_participations([participation_id, *chain.from_iterable(pairs)])[participation_id]
    meetings = list(live.select_related("event", "slot", "table", "request__requester__company",
                                        "request__recipient__company"))
    for meeting in meetings:
        cancel_locked(meeting, kind="meeting_withdrawn", only=partner_of(meeting, leaving.company))
    _close_pending_requests(leaving, event=event)
    return len(meetings)


def _close_pending_requests(participation: Participation, *, event: Event) -> None:
    """Requests to or from a company that leaves the event can no longer be answered: the other side is told."""
    pending = list(MeetingRequest.objects.select_for_update(of=("self",), no_key=True).filter(
        Q(requester=participation) | Q(recipient=participation), status=RequestStatus.PENDING,
    ).select_related("requester__company", "recipient__company").order_by("pk"))
    MeetingRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=RequestStatus.CANCELLED, responded_at=timezone.now())
    leaving = participation.company.name
    for meeting_request in pending:
        other = (meeting_request.recipient if meeting_request.requester_id == participation.pk
                 else meeting_request.requester)
        notify_companies([other.company], "request_closed", url=reverse("events:requests", args=[event.slug]),
                         params_for=lambda company: {"company": leaving, "event": event.title})
