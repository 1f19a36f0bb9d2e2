"""Writes on events: each function is one transaction; notifications are sent after commit.

The functions raise EventError with a message meant for the user when the rules refuse a change; the
database constraints in events.models are the guarantee behind those checks. Every writer of an event's
bookings follows the locking rule of events.locking (event row first, then participations in key order) and
is retried there when it loses a race.
"""

from datetime import UTC, datetime, timedelta
from itertools import chain, groupby
from operator import attrgetter

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.models import Company
from companies.services import slug_base
from events.booking import book_meeting, free_slots, place
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    OPEN_REQUEST_STATUSES,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participation,
    ParticipationStatus,
    RequestPolicy,
    RequestStatus,
    Seat,
    Session,
    Table,
    TimeSlot,
)
from events.notifications import meeting_params, notify_companies, notify_organizers

EVENT_FIELDS = (
    "title", "description", "city", "venue", "country", "time_zone", "start_date", "end_date",
    "registration_opens", "registration_closes", "status", "meeting_minutes", "request_policy", "max_meetings",
)


# Fixed paths beside /events/<slug>/ (events/urls.py): no event may take them as its slug.
RESERVED_SLUGS = {"mine", "new", "notifications"}


# Events, sessions, slots, tables ----------------------------------------------------------------------------


def create_event(*, organizer, data: dict) -> Event:
    with transaction.atomic():
        event = Event(**{field: data[field] for field in EVENT_FIELDS if field in data})
        event.slug = _unique_event_slug(data["title"])
        event.save()
        event.organizers.add(organizer)
        event.focus_sectors.set(data.get("focus_sectors", []))
        if data.get("tables"):
            set_table_count(event=event, count=data["tables"])
    return event


@booking_transaction
def update_event(*, event: Event, data: dict) -> Event:
    """Save event settings and table count; a new meeting length or time zone re-cuts every session's slots.

    The decision to re-cut compares with the stored row, not with `event`, which a model form may already
    have changed in memory.
    """
    stored = lock_event(event.pk)
    recut = any(field in data and data[field] != getattr(stored, field) for field in ("meeting_minutes", "time_zone"))
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    event.save()
    if "focus_sectors" in data:
        event.focus_sectors.set(data["focus_sectors"])
    if data.get("tables"):
        set_table_count(event=event, count=data["tables"])
    if recut:
        for session in event.sessions.all():
            _recut_slots(session)
    return event


def slot_times(event: Event, session: Session) -> list[tuple[datetime, datetime]]:
    """The (start, end) of each meeting slot of a session, in UTC, back to back with the pause between.

    The session's start and end are wall-clock times in the event's zone; the slots are cut in UTC, so each
    lasts exactly the meeting length even on a day when the clocks change (adding minutes to an aware local
    time would count wall-clock minutes, and a slot across the change would last an hour more or less).
    """
    tz = event.tz
    length = timedelta(minutes=event.meeting_minutes)
    step = length + timedelta(minutes=session.pause_minutes)
    start = datetime.combine(session.date, session.start_time, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(session.date, session.end_time, tzinfo=tz).astimezone(UTC)
    times = []
    while start + length <= end:
        times.append((start, start + length))
        start += step
    return times


@booking_transaction
def add_session(*, event: Event, data: dict) -> Session:
    event = lock_event(event.pk)
    session = Session(event=event, **data)
    _check_session(session)
    session.save()
    _recut_slots(session)
    return session


@booking_transaction
def update_session(*, session: Session, data: dict) -> Session:
    """Change a session; refused if a live meeting's slot would disappear."""
    session.event = lock_event(session.event_id)
    for field, value in data.items():
        setattr(session, field, value)
    _check_session(session)
    session.save()
    _recut_slots(session)
    return session


@booking_transaction
def delete_session(*, session: Session) -> None:
    lock_event(session.event_id)
    slots = TimeSlot.objects.filter(session=session)
    if _booked(slots).exists():
        raise EventError(_("This session has booked meetings. Move or cancel them first."))
    _release_cancelled(slots)
    session.delete()


@booking_transaction
def set_table_count(*, event: Event, count: int) -> None:
    """Number the tables 1…count; tables beyond count are removed unless a live meeting uses them."""
    if count < 1:
        raise EventError(_("An event needs at least one table."))
    lock_event(event.pk)
    existing = set(event.tables.values_list("number", flat=True))
    Table.objects.bulk_create([Table(event=event, number=n) for n in range(1, count + 1) if n not in existing])
    surplus = event.tables.filter(number__gt=count)
    if Meeting.objects.filter(table__in=surplus).exclude(status=MeetingStatus.CANCELLED).exists():
        raise EventError(_("Some of the tables you are removing have meetings. Move them first."))
    Meeting.objects.filter(table__in=surplus).update(slot=None, table=None)
    surplus.delete()


def _check_session(session: Session) -> None:
    if session.end_time <= session.start_time:
        raise EventError(_("A session must end after it starts."))
    if not session.event.start_date <= session.date <= session.event.end_date:
        raise EventError(_("The session's date must be within the event's dates."))
    overlapping = session.event.sessions.filter(
        date=session.date, start_time__lt=session.end_time, end_time__gt=session.start_time
    ).exclude(pk=session.pk)
    if overlapping.exists():
        raise EventError(_("This session overlaps another session of the event on the same day."))
    if not slot_times(session.event, session):
        raise EventError(_("The session is shorter than one meeting."))


def _recut_slots(session: Session) -> None:
    wanted = dict(slot_times(session.event, session))
    current = {slot.starts_at: slot for slot in session.slots.all()}
    booked = set(_booked(session.slots.all()).values_list("starts_at", flat=True))
    lost = [start for start in booked if wanted.get(start) != current[start].ends_at]
    if lost:
        local = timezone.localtime(min(lost), session.event.tz)
        raise EventError(_("This change would remove the time slot at %(time)s, which has booked meetings. "
                           "Move or cancel those meetings first.") % {"time": date_format(local, "DATETIME_FORMAT")})
    unchanged = [start for start, end in wanted.items() if start in current and current[start].ends_at == end]
    dropped = session.slots.exclude(starts_at__in=unchanged)
    _release_cancelled(dropped)
    dropped.delete()
    kept = set(session.slots.values_list("starts_at", flat=True))
    TimeSlot.objects.bulk_create([
        TimeSlot(event=session.event, session=session, starts_at=start, ends_at=end)
        for start, end in wanted.items() if start not in kept
    ])


def _booked(slots):
    """The slots among `slots` that hold a live (not cancelled) meeting."""
    live = Meeting.objects.filter(slot=OuterRef("pk")).exclude(status=MeetingStatus.CANCELLED)
    return slots.filter(Exists(live))


def _release_cancelled(slots) -> None:
    """Cancelled meetings keep their slot and table as a record; they let go of slots that are deleted."""
    Meeting.objects.filter(slot__in=slots, status=MeetingStatus.CANCELLED).update(slot=None, table=None)


def _unique_event_slug(title: str) -> str:
    base = slug = slug_base(title)
    n = 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Participation ----------------------------------------------------------------------------------------------


@booking_transaction
def register(*, event: Event, company: Company, delegates: int = 1) -> Participation:
    event = lock_event(event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("This event is not open for registration."))
    now = timezone.now()
    if now < event.registration_opens:
        raise EventError(_("Registration opens on %(date)s.") % {
            "date": date_format(timezone.localtime(event.registration_opens, event.tz), "DATETIME_FORMAT")})
    if now >= event.registration_closes:
        raise EventError(_("Registration for this event is closed."))
    if not company.is_public:
        raise EventError(_("Your company profile must be approved before you can register for events."))
    try:
        with transaction.atomic():
            participation = Participation.objects.create(event=event, company=company, delegates=delegates)
    except IntegrityError:
        raise EventError(_("Your company is already registered for this event.")) from None
    notify_organizers(event, "participation_pending", url=reverse("events:dashboard", args=[event.slug]),
                      params={"company": company.name, "event": event.title})
    return participation


@booking_transaction
def decide_participation(*, participation: Participation, approve: bool) -> Participation:
    """Approve or decline a registration; the company is told.

    A company with live meetings (scheduled or accepted and waiting for a slot) cannot be declined: the
    organizer cancels those meetings first, one by one, so that no partner loses a meeting unannounced. Its
    meeting requests still waiting for an answer are closed, and the other side told why.
    """
    status = ParticipationStatus.APPROVED if approve else ParticipationStatus.DECLINED
    event = lock_event(participation.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    if participation.status == status:
        return participation
    if not approve:
        live = _live_meetings_of(participation.pk).count()
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
    return participation


@booking_transaction
def update_participation(*, participation: Participation, delegates: int, unavailable_slots, timezone_name: str = ""
                         ) -> Participation:
    """Delegates, availability and time zone; refused if a booked meeting would lose its seat."""
    event = lock_event(participation.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    seats = Seat.objects.filter(participation=participation, meeting__status=MeetingStatus.SCHEDULED)
    clash = seats.filter(slot__in=unavailable_slots).select_related("slot").order_by("slot__starts_at").first()
    if clash:
        local = timezone.localtime(clash.slot.starts_at, event.tz)
        raise EventError(_("You have a meeting at %(time)s. Ask the organizer to move it before marking that "
                           "time as unavailable.") % {"time": date_format(local, "DATETIME_FORMAT")})
    busiest = seats.values("slot").annotate(n=Count("pk")).order_by("-n").values_list("n", flat=True).first()
    if busiest and delegates < busiest:
        raise EventError(_("You have %(count)s meetings at the same time; you need at least that many "
                           "delegates.") % {"count": busiest})
    if delegates < participation.delegates:
        _compact_seats(participation)
    participation.delegates = delegates
    participation.time_zone = timezone_name
    participation.save(update_fields=["delegates", "time_zone"])
    participation.unavailable_slots.set(unavailable_slots)
    return participation


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
    live = _live_meetings_of(participation_id)
    pairs = live.values_list("request__requester_id", "request__recipient_id")
    leaving = lock_participations([participation_id, *chain.from_iterable(pairs)])[participation_id]
    meetings = list(live.select_related("event", "slot", "table", "request__requester__company",
                                        "request__recipient__company"))
    for meeting in meetings:
        _cancel(meeting, kind="meeting_withdrawn", only=_other_company(meeting, leaving.company))
    _close_pending_requests(leaving, event=event)
    return len(meetings)


def _live_meetings_of(participation_id: int):
    return Meeting.objects.filter(Q(request__requester=participation_id) | Q(request__recipient=participation_id)) \
        .exclude(status=MeetingStatus.CANCELLED)


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


# Meeting requests -------------------------------------------------------------------------------------------


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
    event, recipient = meeting_request.event, meeting_request.recipient
    if _live_meetings_of(recipient.pk).count() >= event.max_meetings:
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
    if not all(p.is_approved and p.company.is_public for p in participations):
        raise EventError(_("Both companies must be approved participants of the event."))


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
        _notify_meeting(meeting, "meeting_booked")
    else:
        _notify_meeting(meeting, "meeting_unscheduled")
        notify_organizers(event, "organizer_unscheduled", url=reverse("events:plan", args=[event.slug]),
                          params={"company": requester.company.name, "partner": recipient.company.name,
                                  "event": event.title})
    return meeting


def _notify_meeting(meeting: Meeting, kind: str, *, companies=None) -> None:
    request = meeting.request
    notify_companies(companies or [request.requester.company, request.recipient.company], kind,
                     url=reverse("events:agenda", args=[meeting.event.slug]),
                     params_for=lambda company: meeting_params(meeting, viewer_company=company))


# Organizer actions on meetings ------------------------------------------------------------------------------


@booking_transaction
def move_meeting(*, meeting: Meeting, slot: TimeSlot, table: Table) -> Meeting:
    if slot.event_id != meeting.event_id or table.event_id != meeting.event_id:
        raise EventError(_("That time slot or table belongs to another event."))
    meeting = _locked_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise EventError(_("A cancelled meeting cannot be moved."))
    if (meeting.slot_id, meeting.table_id) == (slot.pk, table.pk):
        return meeting
    a, b = meeting.request.requester, meeting.request.recipient
    Seat.objects.filter(meeting=meeting).delete()  # its own seats do not make the pair busy
    free = {s.pk: (seat_a, seat_b) for s, seat_a, seat_b in free_slots(meeting.event, a, b)}
    if slot.pk not in free:
        raise EventError(_("One of the two companies is not free at that time."))
    try:
        with transaction.atomic():
            place(meeting, slot.pk, table.pk, *free[slot.pk])
    except IntegrityError:
        raise EventError(_("That table is already taken at that time.")) from None
    _notify_meeting(meeting, "meeting_moved")
    return meeting


@booking_transaction
def cancel_meeting(*, meeting: Meeting) -> Meeting:
    """The organizer cancels a meeting; both companies are told, and the pair may ask each other again."""
    meeting = _locked_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise EventError(_("This meeting is already cancelled."))
    _cancel(meeting, kind="meeting_cancelled")
    return meeting


@booking_transaction
def set_meeting_lock(*, meeting: Meeting, locked: bool) -> Meeting:
    meeting = _locked_meeting(meeting)
    if locked and not meeting.is_scheduled:
        raise EventError(_("Only a scheduled meeting can be locked."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked after its event and both participations (the locking rule)."""
    event = lock_event(meeting.event_id)
    pair = Meeting.objects.filter(pk=meeting.pk).values_list("request__requester_id", "request__recipient_id").get()
    participations = lock_participations(pair)
    locked = Meeting.objects.select_for_update(of=("self",), no_key=True).select_related(
        "request", "slot", "table").get(pk=meeting.pk)
    locked.event = event
    locked.request.requester, locked.request.recipient = participations[pair[0]], participations[pair[1]]
    return locked


def _cancel(meeting: Meeting, *, kind: str, only: Company | None = None) -> None:
    """Cancel a live meeting whose event and participations the caller holds locked; tell both sides (or `only`).

    The meeting keeps its slot and table as a record, but gives up its seats, so the time is free again.
    """
    Seat.objects.filter(meeting=meeting).delete()
    meeting.status = MeetingStatus.CANCELLED
    meeting.locked = False
    meeting.save(update_fields=["status", "locked"])
    MeetingRequest.objects.filter(pk=meeting.request_id).update(status=RequestStatus.CANCELLED)
    _notify_meeting(meeting, kind, companies=[only] if only else None)


def _other_company(meeting: Meeting, company: Company) -> Company:
    request = meeting.request
    return request.recipient.company if request.requester.company_id == company.pk else request.requester.company


# Reminders --------------------------------------------------------------------------------------------------


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the approved participants of events that start tomorrow (in the event's time zone), once."""
    now = now or timezone.now()
    sent = 0
    for event in Event.objects.published().filter(start_date__range=(now.date(), now.date() + timedelta(days=2))):
        if timezone.localtime(now, event.tz).date() + timedelta(days=1) == event.start_date:
            sent += _remind(event_id=event.pk, now=now)
    return sent


@booking_transaction
def _remind(*, event_id: int, now: datetime) -> int:
    event = lock_event(event_id)
    due_ids = event.participations.filter(status=ParticipationStatus.APPROVED, company__status=Company.Status.APPROVED,
                                          reminder_sent_at__isnull=True).values_list("pk", flat=True)
    due = list(lock_participations(due_ids).values())
    params = {"event": event.title, "slot": event.starts_at.isoformat(), "tz": event.time_zone}
    notify_companies([p.company for p in due], "reminder", url=reverse("events:agenda", args=[event.slug]),
                     params_for=lambda company: params)
    Participation.objects.filter(pk__in=[p.pk for p in due]).update(reminder_sent_at=now)
    return len(due)
