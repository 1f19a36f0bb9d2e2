"""Setting up an event: its settings, sessions cut into time slots, and tables."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from companies.services import slug_base
from events.booking import rehouse
from events.capacity import approved_count, cap_below_approved_message
from events.errors import EventError
from events.locking import booking_transaction, lock_all_participations, lock_event
from events.models import (
    AttendanceMode,
    Event,
    EventFormat,
    Meeting,
    MeetingStatus,
    Participation,
    Session,
    Table,
    TimeSlot,
)
from events.notifications import format_local
from events.services.meetings import notify_meeting
from events.services.waiting_list import offer_freed_places

EVENT_FIELDS = (
    "title", "description", "city", "venue", "country", "time_zone", "start_date", "end_date",
    "registration_opens", "registration_closes", "status", "meeting_minutes", "request_policy", "max_meetings",
    "follow_up_days", "format", "online_rooms", "public_participant_list", "participant_cap",
)


# Fixed paths beside /events/<slug>/ (events/urls.py): no event may take them as its slug.
RESERVED_SLUGS = {"mine", "new", "notifications", "impact", "feedback", "outcome", "check-in"}


def create_event(*, organizer, data: dict) -> Event:
    with transaction.atomic():
        event = Event(**{field: data[field] for field in EVENT_FIELDS if field in data})
        event.slug = unique_event_slug(data["title"])
        event.save()
        event.organizers.add(organizer)
        event.focus_sectors.set(data.get("focus_sectors", []))
        if data.get("tables"):
            set_table_count(event=event, count=data["tables"])
    return event


@booking_transaction
def update_event(*, event: Event, data: dict) -> Event:
    """Save event settings and table count; a new meeting length or time zone re-cuts every session's slots.

    The participant cap cannot go below the companies already approved; raised or removed, the places it frees
    are offered to the waiting list in this same transaction.

    The decision to re-cut compares with the stored row, not with `event`, which a model form may already
    have changed in memory.
    """
    stored = lock_event(event.pk)
    recut = any(field in data and data[field] != getattr(stored, field) for field in ("meeting_minutes", "time_zone"))
    new_format = "format" in data and data["format"] != stored.format
    rooms = data.get("online_rooms", stored.online_rooms)
    if rooms is not None and Meeting.objects.filter(event=event, room__gt=rooms).exclude(
            status=MeetingStatus.CANCELLED).exists():
        raise EventError(_("More online meetings than that already run at the same time. Move some of them first."))
    cap = data.get("participant_cap", stored.participant_cap)
    if cap is not None and cap < (approved := approved_count(stored)):
        raise EventError(cap_below_approved_message(approved))
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    event.save()
    if new_format:
        _rehouse_all(event)
    if "focus_sectors" in data:
        event.focus_sectors.set(data["focus_sectors"])
    if data.get("tables"):
        set_table_count(event=event, count=data["tables"])
    if recut:
        for session in event.sessions.all():
            _recut_slots(session)
    if cap != stored.participant_cap:  # a raised or removed cap frees places for the waiting list
        offer_freed_places(event)
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


def _rehouse_all(event: Event) -> None:
    """The event changed format: every participant's way of taking part follows (kept as chosen when it becomes
    hybrid), and each scheduled meeting moves between tables and video rooms where its kind changed."""
    participations = lock_all_participations(event)
    if event.format != EventFormat.HYBRID:
        mode = AttendanceMode.ONLINE if event.format == EventFormat.ONLINE else AttendanceMode.ON_SITE
        Participation.objects.filter(event=event).update(attendance_mode=mode)
        for participation in participations.values():
            participation.attendance_mode = mode
    meetings = (Meeting.objects.filter(event=event, slot__isnull=False).exclude(status=MeetingStatus.CANCELLED)
                .select_related("request", "slot", "table").order_by("slot__starts_at", "pk"))
    for meeting in meetings:
        meeting.event = event
        meeting.request.requester = participations[meeting.request.requester_id]
        meeting.request.recipient = participations[meeting.request.recipient_id]
        before = (meeting.slot_id, meeting.table_id, meeting.room)
        placed = rehouse(meeting)
        if (meeting.slot_id, meeting.table_id, meeting.room) != before:
            notify_meeting(meeting, "meeting_moved" if placed else "meeting_unscheduled")


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
        raise EventError(_("This change would remove the time slot at %(time)s, which has booked meetings. "
                           "Move or cancel those meetings first.")
                         % {"time": format_local(min(lost), session.event.time_zone)})
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


def unique_event_slug(title: str) -> str:
    base = slug = slug_base(title)
    n = 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
