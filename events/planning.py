"""The organizer's "Schedule all": re-plan an event's accepted meetings with the optimizing scheduler.

The event is turned into the scheduler's plain-data instance (`matchmaking.scheduling`, which knows nothing of
Django): its slots grouped by session, its tables, the approved participants with their unavailable slots and
delegates, and every live accepted meeting. Locked meetings are fixed; the others may move. The new plan is
shown as a preview and applied in one transaction on confirmation.

A plan is only proposed when it is strictly better than the current one (more meetings placed, or as many
with fewer gaps), so re-running "Schedule all" on an unchanged event changes nothing.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from events.models import Event, Meeting, MeetingStatus, Participation, ParticipationStatus, Seat
from events.notifications import meeting_params, notify_companies
from matchmaking.scheduling import Assignment, SchedulerInputError, count_gaps, parse_instance, solve

TIME_LIMIT_SECONDS = 5.0


class PlanningError(Exception):
    """The event cannot be planned as it is; the message is meant for the organizer."""


@dataclass(frozen=True)
class Plan:
    """A proposed plan: meeting pk → (slot pk, table pk) for every meeting placed, and the figures."""

    fingerprint: str
    placements: dict[int, tuple[int, int]]
    total: int
    placed_before: int
    gaps_before: int
    gaps_after: int
    moved: list[int] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return len(self.placements)

    @property
    def left_out(self) -> int:
        return self.total - self.placed

    @property
    def changes(self) -> bool:
        return bool(self.moved) or self.placed != self.placed_before


def propose_plan(event: Event, *, time_limit: float = TIME_LIMIT_SECONDS) -> Plan:
    data, meetings = _instance_data(event)
    try:
        instance = parse_instance(data)
    except SchedulerInputError as error:
        raise PlanningError(str(error)) from None
    current = [Assignment(meeting=f"M{m.pk}", slot=f"S{m.slot_id}", table=f"T{m.table_id}")
               for m in meetings if m.slot_id]
    current_placements = {m.pk: (m.slot_id, m.table_id) for m in meetings if m.slot_id}
    gaps_before = count_gaps(instance, current)
    solution = solve(instance, time_limit=time_limit)
    better = (solution.stats.placed, -solution.stats.gaps) > (len(current), -gaps_before)
    if better:
        placements = _keep_tables(current_placements, {
            int(a.meeting[1:]): (int(a.slot[1:]), int(a.table[1:])) for a in solution.assignments})
        gaps_after = solution.stats.gaps
    else:
        placements, gaps_after = current_placements, gaps_before
    moved = [pk for pk, place in current_placements.items() if placements.get(pk) != place]
    return Plan(fingerprint=_fingerprint(data, current_placements), placements=placements, total=len(meetings),
                placed_before=len(current), gaps_before=gaps_before, gaps_after=gaps_after, moved=sorted(moved))


def apply_plan(*, event: Event, fingerprint: str, time_limit: float = TIME_LIMIT_SECONDS) -> Plan:
    """Apply the plan that was previewed, if the event has not changed since; notify those who moved."""
    with transaction.atomic():
        # Holding every participant's row keeps bookings out while the plan is written.
        list(Participation.objects.select_for_update().filter(event=event).values_list("pk"))
        plan = propose_plan(event, time_limit=time_limit)
        if plan.fingerprint != fingerprint:
            raise PlanningError("changed")
        if not plan.changes:
            return plan
        meetings = {m.pk: m for m in _live_meetings(event).filter(locked=False)}
        Seat.objects.filter(meeting__in=meetings.values()).delete()
        seats_taken = defaultdict(set)
        for participation_id, slot_id, number in Seat.objects.filter(meeting__event=event).values_list(
                "participation_id", "slot_id", "number"):
            seats_taken[participation_id, slot_id].add(number)
        new_seats = []
        for pk, meeting in meetings.items():
            meeting.slot_id, meeting.table_id = plan.placements.get(pk, (None, None))
            if meeting.slot_id:
                for side in (meeting.request.requester_id, meeting.request.recipient_id):
                    number = min(set(range(10)) - seats_taken[side, meeting.slot_id])
                    seats_taken[side, meeting.slot_id].add(number)
                    new_seats.append(Seat(meeting=meeting, participation_id=side, slot_id=meeting.slot_id,
                                          number=number))
        # Two passes so that swapping two meetings' tables never trips the (slot, table) constraint midway.
        Meeting.objects.filter(pk__in=meetings).update(slot=None, table=None)
        Meeting.objects.bulk_update(meetings.values(), ["slot", "table"])
        Seat.objects.bulk_create(new_seats)
        for pk in plan.moved:
            _notify_moved(meetings[pk])
    return plan


def _live_meetings(event: Event):
    return (Meeting.objects.filter(event=event).exclude(status=MeetingStatus.CANCELLED)
            .select_related("event", "request", "slot", "table", "request__requester__company",
                            "request__recipient__company").order_by("pk"))


def _instance_data(event: Event) -> tuple[dict, list[Meeting]]:
    slots = list(event.slots.order_by("starts_at").values_list("pk", "session_id"))
    participations = (Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED)
                      .prefetch_related("unavailable_slots").order_by("pk"))
    meetings = list(_live_meetings(event))
    data = {
        "slots": [f"S{pk}" for pk, _ in slots],
        "blocks": {f"S{pk}": f"B{session}" for pk, session in slots},
        "tables": [f"T{pk}" for pk in event.tables.order_by("number").values_list("pk", flat=True)],
        "participants": [{"id": f"P{p.pk}", "capacity": p.delegates,
                          "unavailable": [f"S{s.pk}" for s in p.unavailable_slots.all()]} for p in participations],
        "meetings": [{"id": f"M{m.pk}", "a": f"P{m.request.requester_id}", "b": f"P{m.request.recipient_id}"}
                     for m in meetings],
        "fixed": [{"meeting": f"M{m.pk}", "slot": f"S{m.slot_id}", "table": f"T{m.table_id}"}
                  for m in meetings if m.locked and m.slot_id],
    }
    return data, meetings


def _keep_tables(current: dict[int, tuple[int, int]], proposed: dict[int, tuple[int, int]]
                 ) -> dict[int, tuple[int, int]]:
    """Tables are interchangeable to the scheduler: let a meeting that stays in its slot keep its table."""
    by_slot = defaultdict(list)
    for pk, (slot, table) in proposed.items():
        by_slot[slot].append((pk, table))
    result = {}
    for slot, entries in by_slot.items():
        tables = {table for _, table in entries}
        keep = {pk: current[pk][1] for pk, _ in entries if pk in current and current[pk][0] == slot
                and current[pk][1] in tables}
        free = iter(sorted(tables - set(keep.values())))
        for pk, _ in entries:
            result[pk] = (slot, keep[pk] if pk in keep else next(free))
    return result


def _fingerprint(data: dict, current: dict) -> str:
    payload = json.dumps([data, sorted(current.items())], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _notify_moved(meeting: Meeting) -> None:
    request = meeting.request
    kind = "meeting_moved" if meeting.slot_id else "meeting_unscheduled"
    notify_companies([request.requester.company, request.recipient.company], kind,
                     url=reverse("events:agenda", args=[meeting.event.slug]),
                     params_for=lambda company: meeting_params(meeting, viewer_company=company))
