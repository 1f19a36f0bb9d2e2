"""Booking a meeting into a slot and a table, with a seat for each side.

The database guarantees that nothing clashes (see events.models.Seat and Meeting's constraints); these
functions find a free place and take it, treating a competing insert as "taken, try the next one".
"""

from collections import defaultdict

from django.db import IntegrityError, transaction

from events.models import Event, Meeting, MeetingStatus, Participation, Seat, TimeSlot


def book_meeting(meeting: Meeting) -> bool:
    """Put a meeting into the earliest slot where both sides have a free seat and a table is free.

    Runs inside the caller's transaction with both participants locked. A competing transaction can still
    take the same table; the unique constraints turn that into an IntegrityError, caught per attempt in a
    savepoint, and the next table or slot is tried. Returns False when nothing fits (accepted, unscheduled).
    """
    a, b = meeting.request.requester, meeting.request.recipient
    for slot, seat_a, seat_b in free_slots(meeting.event, a, b):
        for table_id in _free_tables(meeting.event, slot):
            try:
                with transaction.atomic():
                    place(meeting, slot.pk, table_id, seat_a, seat_b)
                return True
            except IntegrityError:
                continue
    return False


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
    used = Meeting.objects.filter(slot=slot).exclude(status=MeetingStatus.CANCELLED).values_list("table_id")
    return list(event.tables.exclude(pk__in=used).order_by("number").values_list("pk", flat=True))


def _first_free_seat(taken: set[int], delegates: int) -> int | None:
    """A free seat number, if fewer than `delegates` seats are taken (seats are compacted to 0…n-1 when a
    participant brings fewer delegates, see services.update_participation; counting guards older rows too)."""
    if len(taken) >= delegates:
        return None
    return next(n for n in range(delegates + len(taken)) if n not in taken)


def place(meeting: Meeting, slot_id: int, table_id: int, seat_a: int, seat_b: int) -> None:
    meeting.slot_id, meeting.table_id = slot_id, table_id
    meeting.save(update_fields=["slot", "table"])
    Seat.objects.bulk_create([
        Seat(meeting=meeting, participation_id=meeting.request.requester_id, slot_id=slot_id, number=seat_a),
        Seat(meeting=meeting, participation_id=meeting.request.recipient_id, slot_id=slot_id, number=seat_b),
    ])
