"""Writes on events: each function is one transaction; notifications are sent after commit.

The functions raise EventError with a message meant for the user when the rules refuse a change; the
database constraints in events.models are the guarantee behind those checks.
"""

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from companies.models import Company
from companies.services import slug_base
from events.booking import book_meeting, free_slots, place
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


class EventError(Exception):
    """A change the rules refuse; the message is meant for the user."""


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


def update_event(*, event: Event, data: dict) -> Event:
    """Save event settings and table count; a new meeting length or time zone re-cuts every session's slots.

    The decision to re-cut compares with the stored row, not with `event`, which a model form may already
    have changed in memory.
    """
    with transaction.atomic():
        stored = Event.objects.select_for_update().get(pk=event.pk)
        recut = any(field in data and data[field] != getattr(stored, field)
                    for field in ("meeting_minutes", "time_zone"))
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
    """The (start, end) of each meeting slot of a session, in UTC, back to back with the pause between."""
    tz = event.tz
    length = timedelta(minutes=event.meeting_minutes)
    step = length + timedelta(minutes=session.pause_minutes)
    start = datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = datetime.combine(session.date, session.end_time, tzinfo=tz)
    times = []
    while start + length <= end:
        times.append((start.astimezone(UTC), (start + length).astimezone(UTC)))
        start += step
    return times


def add_session(*, event: Event, data: dict) -> Session:
    with transaction.atomic():
        session = Session(event=event, **data)
        _check_session(session)
        session.save()
        _recut_slots(session)
    return session


def update_session(*, session: Session, data: dict) -> Session:
    """Change a session; refused if a booked meeting's slot would disappear."""
    with transaction.atomic():
        for field, value in data.items():
            setattr(session, field, value)
        _check_session(session)
        session.save()
        _recut_slots(session)
    return session


def delete_session(*, session: Session) -> None:
    with transaction.atomic():
        if _booked(TimeSlot.objects.filter(session=session)).exists():
            raise EventError(_("This session has booked meetings. Move or cancel them first."))
        session.delete()


def set_table_count(*, event: Event, count: int) -> None:
    """Number the tables 1…count; tables beyond count are removed unless a meeting uses them."""
    if count < 1:
        raise EventError(_("An event needs at least one table."))
    with transaction.atomic():
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
    session.slots.exclude(starts_at__in=[s for s in wanted if s in current and current[s].ends_at == wanted[s]]) \
        .delete()
    kept = set(session.slots.values_list("starts_at", flat=True))
    TimeSlot.objects.bulk_create([
        TimeSlot(event=session.event, session=session, starts_at=start, ends_at=end)
        for start, end in wanted.items() if start not in kept
    ])


def _booked(slots):
    return slots.filter(meetings__isnull=False).exclude(meetings__status=MeetingStatus.CANCELLED).distinct()


def _unique_event_slug(title: str) -> str:
    base = slug = slug_base(title)
    n = 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Participation ----------------------------------------------------------------------------------------------


def register(*, event: Event, company: Company, delegates: int = 1) -> Participation:
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


def decide_participation(*, participation: Participation, approve: bool) -> Participation:
    """Approve or decline a registration; the company is told. A company with meetings cannot be declined."""
    status = ParticipationStatus.APPROVED if approve else ParticipationStatus.DECLINED
    with transaction.atomic():
        participation = Participation.objects.select_for_update().select_related("event", "company").get(
            pk=participation.pk)
        if participation.status == status:
            return participation
        if not approve and Seat.objects.filter(participation=participation).exists():
            raise EventError(_("%(company)s has booked meetings. Cancel them before declining the company.")
                             % {"company": participation.company.name})
        participation.status = status
        participation.decided_at = timezone.now()
        participation.save(update_fields=["status", "decided_at"])
        event = participation.event
        notify_companies([participation.company],
                         "participation_approved" if approve else "participation_declined",
                         url=event.get_absolute_url(), params_for=lambda company: {"event": event.title})
    return participation


def update_participation(*, participation: Participation, delegates: int, unavailable_slots, timezone_name: str = ""
                         ) -> Participation:
    """Delegates, availability and time zone; refused if a booked meeting would lose its seat."""
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        seats = Seat.objects.filter(participation=participation, meeting__status=MeetingStatus.SCHEDULED)
        clash = seats.filter(slot__in=unavailable_slots).select_related("slot").order_by("slot__starts_at").first()
        if clash:
            local = timezone.localtime(clash.slot.starts_at, participation.event.tz)
            raise EventError(_("You have a meeting at %(time)s. Ask the organizer to move it before marking that "
                               "time as unavailable.") % {"time": date_format(local, "DATETIME_FORMAT")})
        busiest = seats.values("slot").annotate(n=Count("pk")).order_by("-n").values_list("n", flat=True).first()
        if busiest and delegates < busiest:
            raise EventError(_("You have %(count)s meetings at the same time; you need at least that many "
                               "delegates.") % {"count": busiest})
        participation.delegates = delegates
        participation.time_zone = timezone_name
        participation.save(update_fields=["delegates", "time_zone"])
        participation.unavailable_slots.set(unavailable_slots)
    return participation


# Meeting requests -------------------------------------------------------------------------------------------


def open_request_count(participation: Participation) -> int:
    return MeetingRequest.objects.filter(
        Q(requester=participation) | Q(recipient=participation), status__in=OPEN_REQUEST_STATUSES
    ).count()


def request_meeting(*, requester: Participation, recipient: Participation, message: str = "") -> MeetingRequest:
    """Ask another participant of the same event for a meeting (accepted at once under auto-accept)."""
    event = requester.event
    if recipient.event_id != event.pk:
        raise EventError(_("You can only ask participants of the same event."))
    if requester.pk == recipient.pk or requester.company_id == recipient.company_id:
        raise EventError(_("You cannot request a meeting with your own company."))
    if not (requester.is_approved and recipient.is_approved):
        raise EventError(_("Both companies must be approved participants of the event."))
    if event.status != EventStatus.PUBLISHED or timezone.now() >= event.starts_at:
        raise EventError(_("Meeting requests are closed for this event."))
    if len(message) > 500:
        raise EventError(_("The message can have at most 500 characters."))
    with transaction.atomic():
        _lock(requester, recipient)
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
            raise EventError(_("There is already an open request between your companies at this event.")) \
                from None
        if event.request_policy == RequestPolicy.AUTO_ACCEPT:
            _accept(meeting_request)
        else:
            notify_companies([recipient.company], "request_received", url=reverse("events:requests",
                                                                                args=[event.slug]),
                             params_for=lambda company: {"company": requester.company.name, "event": event.title})
    return meeting_request


def accept_request(*, meeting_request: MeetingRequest, by: Participation) -> Meeting:
    """The recipient accepts: the meeting is booked into the earliest slot where both are free."""
    _expire_if_started(meeting_request)
    with transaction.atomic():
        meeting_request = _locked_request(meeting_request, by=by, side="recipient")
        requester, recipient = _lock(meeting_request.requester, meeting_request.recipient)
        meetings = Meeting.objects.filter(Q(request__requester=recipient) | Q(request__recipient=recipient),
                                          event=meeting_request.event).exclude(status=MeetingStatus.CANCELLED)
        if meetings.count() >= meeting_request.event.max_meetings:
            raise EventError(_("Your agenda has reached this event's limit of %(count)s meetings.")
                             % {"count": meeting_request.event.max_meetings})
        return _accept(meeting_request)


def decline_request(*, meeting_request: MeetingRequest, by: Participation, reason: str = "") -> MeetingRequest:
    _expire_if_started(meeting_request)
    with transaction.atomic():
        meeting_request = _locked_request(meeting_request, by=by, side="recipient")
        meeting_request.status = RequestStatus.DECLINED
        meeting_request.decline_reason = reason.strip()[:300]
        meeting_request.responded_at = timezone.now()
        meeting_request.save(update_fields=["status", "decline_reason", "responded_at"])
        event = meeting_request.event
        notify_companies([meeting_request.requester.company], "request_declined",
                         url=reverse("events:requests", args=[event.slug]),
                         params_for=lambda c: {"company": meeting_request.recipient.company.name, "event": event.title})
    return meeting_request


def cancel_request(*, meeting_request: MeetingRequest, by: Participation) -> MeetingRequest:
    with transaction.atomic():
        meeting_request = _locked_request(meeting_request, by=by, side="requester")
        meeting_request.status = RequestStatus.CANCELLED
        meeting_request.responded_at = timezone.now()
        meeting_request.save(update_fields=["status", "responded_at"])
        event = meeting_request.event
        notify_companies([meeting_request.recipient.company], "request_cancelled",
                         url=reverse("events:requests", args=[event.slug]),
                         params_for=lambda c: {"company": meeting_request.requester.company.name, "event": event.title})
    return meeting_request


def expire_pending_requests(*, now: datetime | None = None) -> int:
    """Pending requests of events that have started can no longer be answered."""
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
    locked = MeetingRequest.objects.select_for_update().select_related(
        "event", "requester__company", "recipient__company").get(pk=meeting_request.pk)
    if getattr(locked, f"{side}_id") != by.pk:
        raise EventError(_("Only the company the request was sent to can answer it.") if side == "recipient"
                         else _("Only the company that sent the request can withdraw it."))
    if locked.status != RequestStatus.PENDING:
        raise EventError(_("This request is already %(status)s.") % {"status": locked.get_status_display().lower()})
    return locked


def _lock(*participations: Participation) -> list[Participation]:
    """Lock the participants' rows (in a fixed order, so two bookings cannot deadlock)."""
    rows = {p.pk: p for p in Participation.objects.select_for_update().select_related("company")
            .filter(pk__in=[p.pk for p in participations]).order_by("pk")}
    return [rows[p.pk] for p in participations]


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


def _notify_meeting(meeting: Meeting, kind: str) -> None:
    request = meeting.request
    notify_companies([request.requester.company, request.recipient.company], kind,
                     url=reverse("events:agenda", args=[meeting.event.slug]),
                     params_for=lambda company: meeting_params(meeting, viewer_company=company))


# Organizer actions on meetings ------------------------------------------------------------------------------


def move_meeting(*, meeting: Meeting, slot: TimeSlot, table: Table) -> Meeting:
    if slot.event_id != meeting.event_id or table.event_id != meeting.event_id:
        raise EventError(_("That time slot or table belongs to another event."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related(
            "event", "request__requester__company", "request__recipient__company").get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise EventError(_("A cancelled meeting cannot be moved."))
        if (meeting.slot_id, meeting.table_id) == (slot.pk, table.pk):
            return meeting
        a, b = _lock(meeting.request.requester, meeting.request.recipient)
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


def cancel_meeting(*, meeting: Meeting) -> Meeting:
    """Cancel a meeting; the pair may ask each other again."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("request", "event").get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise EventError(_("This meeting is already cancelled."))
        Seat.objects.filter(meeting=meeting).delete()
        meeting.status = MeetingStatus.CANCELLED
        meeting.locked = False
        meeting.save(update_fields=["status", "locked"])
        MeetingRequest.objects.filter(pk=meeting.request_id).update(status=RequestStatus.CANCELLED)
        _notify_meeting(meeting, "meeting_cancelled")
    return meeting


def set_meeting_lock(*, meeting: Meeting, locked: bool) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked and not meeting.is_scheduled:
            raise EventError(_("Only a scheduled meeting can be locked."))
        meeting.locked = locked
        meeting.save(update_fields=["locked"])
    return meeting


# Reminders --------------------------------------------------------------------------------------------------


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the approved participants of events that start tomorrow (in the event's time zone), once."""
    now = now or timezone.now()
    sent = 0
    for event in Event.objects.published().filter(start_date__range=(now.date(), now.date() + timedelta(days=2))):
        if timezone.localtime(now, event.tz).date() + timedelta(days=1) != event.start_date:
            continue
        with transaction.atomic():
            due = list(event.participations.select_for_update().filter(
                status=ParticipationStatus.APPROVED, reminder_sent_at__isnull=True).select_related("company"))
            params = {"event": event.title, "slot": event.starts_at.isoformat(), "tz": event.time_zone}
            notify_companies([p.company for p in due], "reminder", url=reverse("events:agenda", args=[event.slug]),
                             params_for=lambda company, params=params: params)
            Participation.objects.filter(pk__in=[p.pk for p in due]).update(reminder_sent_at=now)
            sent += len(due)
    return sent
