"""Booking a meeting into a slot and a place — a table on site, a numbered video room online — with a seat for
each side.

The database guarantees that nothing clashes (see events.models.Seat and Meeting's constraints); these
functions find a free place and take it, treating a competing insert as "taken, try the next one".
"""

from collections import defaultdict

from django.db import IntegrityError, transaction

from events.models import AttendanceMode, Event, EventFormat, Meeting, MeetingStatus, Participation, Seat, TimeSlot


def meets_online(event: Event, a: Participation, b: Participation) -> bool:
    """Whether a meeting of `a` and `b` takes place online: at an online event always; at a hybrid one as soon
    as one side takes part online (someone at the venue meets a remote partner on screen, not at a table)."""
    if event.format == EventFormat.HYBRID:
        return AttendanceMode.ONLINE in (a.attendance_mode, b.attendance_mode)
    return event.format == EventFormat.ONLINE


def book_meeting(meeting: Meeting) -> bool:
    """Put a meeting into the earliest slot where both sides have a free seat and a place is free (a table, or
    a video room for an online meeting).

    Runs inside the caller's transaction with both participants locked. A competing transaction can still
    take the same place; the unique constraints turn that into an IntegrityError, caught per attempt in a
    savepoint, and the next place or slot is tried. Returns False when nothing fits (accepted, unscheduled).
    """
    a, b = meeting.request.requester, meeting.request.recipient
    return any(book_in_slot(meeting, slot, seat_a, seat_b) for slot, seat_a, seat_b in free_slots(meeting.event, a, b))


def book_in_slot(meeting: Meeting, slot: TimeSlot, seat_a: int, seat_b: int) -> bool:
    """Take a free place of the meeting's kind in `slot` (the seats being free); False when none is left."""
    a, b = meeting.request.requester, meeting.request.recipient
    online = meets_online(meeting.event, a, b)
    for place_id in (_free_rooms(meeting.event, slot) if online else _free_tables(meeting.event, slot)):
        try:
            with transaction.atomic():
                if online:
                    place(meeting, slot.pk, seat_a, seat_b, room=place_id)
                else:
                    place(meeting, slot.pk, seat_a, seat_b, table_id=place_id)
            return True
        except IntegrityError:
            continue
    # Every caller comes unplaced: a lost race's attempt must not linger in memory (a notice would name its place).
    meeting.slot_id = meeting.table_id = meeting.room = None
    return False


def rehouse(meeting: Meeting) -> bool:
    """Give a scheduled meeting a place of the right kind after one side changed how it takes part (or the
    event its format): a video room for a meeting now online, a table for one now on site. It stays in its
    slot when a place is free there, else it takes the earliest slot that fits, else it waits unscheduled
    (returns False). The caller holds the event and both participations locked, as for booking."""
    if meeting.slot_id is None or (meeting.room is not None) == meets_online(
            meeting.event, meeting.request.requester, meeting.request.recipient):
        return True
    slot_id = meeting.slot_id
    Seat.objects.filter(meeting=meeting).delete()
    meeting.slot_id = meeting.table_id = meeting.room = None
    meeting.save(update_fields=["slot", "table", "room"])
    a, b = meeting.request.requester, meeting.request.recipient
    fits = sorted(free_slots(meeting.event, a, b), key=lambda fit: fit[0].pk != slot_id)  # its own slot first
    return any(book_in_slot(meeting, slot, seat_a, seat_b) for slot, seat_a, seat_b in fits)


def free_slots(event: Event, a: Participation, b: Participation):
    """(slot, free seat of a, free seat of b) for every slot both can attend, earliest first."""
    unavailable = set(TimeSlot.objects.filter(unavailable_participations__in=[a, b]).values_list("pk", flat=True))
    taken = defaultdict(set)
    for participation_id, slot_id, number in Seat.objects.filter(participation__in=[a, b]).values_list(
            "participation_id", "slot_id", "number"):
        taken[participation_id, slot_id].add(number)
    for slot in event.slots.order_by("starts_at"):
        if slot.pk in unavailable:
            continue
        seat_a = _first_free_seat(taken[a.pk, slot.pk], a.delegates)
        seat_b = _first_free_seat(taken[b.pk, slot.pk], b.delegates)
        if seat_a is not None and seat_b is not None:
            yield slot, seat_a, seat_b


def _free_tables(event: Event, slot: TimeSlot) -> list[int]:
    # Online meetings of the slot have no table: left in, their NULL would make "NOT IN" exclude every table.
    used = (Meeting.objects.filter(slot=slot, table__isnull=False).exclude(status=MeetingStatus.CANCELLED)
            .values_list("table_id"))
    return list(event.tables.exclude(pk__in=used).order_by("number").values_list("pk", flat=True))


def _free_rooms(event: Event, slot: TimeSlot) -> list[int]:
    """Free video room numbers of a slot: up to the event's cap, or without a cap the gaps and the next number."""
    used = set(Meeting.objects.filter(slot=slot, room__isnull=False).exclude(status=MeetingStatus.CANCELLED)
               .values_list("room", flat=True))
    last = event.online_rooms if event.online_rooms is not None else len(used) + 1
    return [number for number in range(1, last + 1) if number not in used]


def _first_free_seat(taken: set[int], delegates: int) -> int | None:
    """A free seat number, if fewer than `delegates` seats are taken (seats are compacted to 0…n-1 when a
    participant brings fewer delegates, see services.update_participation; counting guards older rows too)."""
    if len(taken) >= delegates:
        return None
    return next(n for n in range(delegates + len(taken)) if n not in taken)


def place(meeting: Meeting, slot_id: int, seat_a: int, seat_b: int, *, table_id: int | None = None,
          room: int | None = None) -> None:
    """Write the meeting's place (a table or a room) and both seats; the caller catches a lost race."""
    meeting.slot_id, meeting.table_id, meeting.room = slot_id, table_id, room
    meeting.save(update_fields=["slot", "table", "room"])
    Seat.objects.bulk_create([
        Seat(meeting=meeting, participation_id=meeting.request.requester_id, slot_id=slot_id, number=seat_a),
        Seat(meeting=meeting, participation_id=meeting.request.recipient_id, slot_id=slot_id, number=seat_b),
    ])
