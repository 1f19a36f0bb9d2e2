"""Independent checks of a solution against the instance's hard constraints, and gap counting.

These functions deliberately share no code with the solver: they are the referee that the
tests apply to every result, so a bug in the solver's bookkeeping cannot hide itself here.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby

from .model import Assignment, FixedAssignment, Instance, Solution


def validate(instance: Instance, solution: Solution) -> list[str]:
    """Return every violated hard constraint, in words; an empty list means the solution is valid."""
    return [
        *_coverage_violations(instance, solution),
        *_reference_violations(instance, solution.assignments),
        *_fixed_violations(instance, solution.assignments),
        *hard_constraint_violations(instance, _known_assignments(instance, solution.assignments)),
    ]


def hard_constraint_violations(instance: Instance, placements: Iterable[Assignment | FixedAssignment]) -> list[str]:
    """Check allowed slots, availability, table and room clashes, table and room counts and participant capacities.

    An in-person placement whose ``table`` is ``None`` still uses up one table of its slot, an online one
    whose ``room`` is ``None`` one room. Whether each meeting has the right kind of place is checked by
    :func:`validate`.
    """
    meetings = {m.id: m for m in instance.meetings}
    participants = {p.id: p for p in instance.participants}
    violations = []
    per_slot: Counter[str] = Counter()
    online_per_slot: Counter[str] = Counter()
    per_participant_slot: Counter[tuple[str, str]] = Counter()
    per_table_slot: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    per_room_slot: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
    for placement in placements:
        meeting = meetings[placement.meeting]
        if meeting.slots is not None and placement.slot not in meeting.slots:
            violations.append(f"meeting {meeting.id} is in slot {placement.slot}, which it is not allowed")
        for participant_id in (meeting.a, meeting.b):
            if placement.slot in participants[participant_id].unavailable:
                violations.append(
                    f"participant {participant_id} is unavailable in slot {placement.slot} "
                    f"but holds meeting {meeting.id}"
                )
            per_participant_slot[participant_id, placement.slot] += 1
        if meeting.online:
            online_per_slot[placement.slot] += 1
            if placement.room is not None:
                per_room_slot[placement.room, placement.slot].append(meeting.id)
            continue
        per_slot[placement.slot] += 1
        if placement.table is not None:
            per_table_slot[placement.table, placement.slot].append(meeting.id)
    for (table, slot), held in per_table_slot.items():
        if len(held) > 1:
            violations.append(f"table {table} holds meetings {', '.join(held)} in slot {slot}")
    for slot, count in per_slot.items():
        if count > len(instance.tables):
            violations.append(f"slot {slot} holds {count} meetings but there are {len(instance.tables)} tables")
    for (room, slot), held in per_room_slot.items():
        if len(held) > 1:
            violations.append(f"room {room} holds meetings {', '.join(held)} in slot {slot}")
    for slot, count in online_per_slot.items():
        if instance.rooms is not None and count > instance.rooms:
            violations.append(f"slot {slot} holds {count} online meetings but there are {instance.rooms} rooms")
    for (participant_id, slot), count in per_participant_slot.items():
        capacity = participants[participant_id].capacity
        if count > capacity:
            violations.append(
                f"participant {participant_id} holds {count} meetings in slot {slot}, capacity {capacity}"
            )
    return violations


def count_gaps(instance: Instance, assignments: Iterable[Assignment]) -> int:
    """Count, per participant and block, the runs of free slots between two busy slots.

    A participant is busy in a slot when it holds at least one meeting there, whatever its capacity.
    """
    meetings = {m.id: m for m in instance.meetings}
    busy: defaultdict[str, set[str]] = defaultdict(set)
    for assignment in assignments:
        meeting = meetings[assignment.meeting]
        busy[meeting.a].add(assignment.slot)
        busy[meeting.b].add(assignment.slot)
    slots_by_block = [
        [slot for slot, _ in group]
        for _, group in groupby(zip(instance.slots, instance.blocks, strict=True), key=lambda pair: pair[1])
    ]
    return sum(
        _gaps_in_block([slot in busy_slots for slot in block_slots])
        for busy_slots in busy.values()
        for block_slots in slots_by_block
    )


def _gaps_in_block(busy: Sequence[bool]) -> int:
    busy_runs = sum(1 for is_busy, _ in groupby(busy) if is_busy)
    return max(busy_runs - 1, 0)


def _coverage_violations(instance: Instance, solution: Solution) -> list[str]:
    mentions = Counter(a.meeting for a in solution.assignments) + Counter(solution.unscheduled)
    known = {m.id for m in instance.meetings}
    violations = [
        f"meeting {m.id} is neither assigned nor unscheduled" for m in instance.meetings if not mentions[m.id]
    ]
    violations += [f"meeting {meeting} appears {count} times" for meeting, count in mentions.items() if count > 1]
    violations += [f"unknown meeting {meeting} appears in the solution" for meeting in mentions if meeting not in known]
    return violations


def _reference_violations(instance: Instance, assignments: Iterable[Assignment]) -> list[str]:
    slots, tables = set(instance.slots), set(instance.tables)
    online = {m.id for m in instance.meetings if m.online}
    violations = []
    for assignment in assignments:
        if assignment.slot not in slots:
            violations.append(f"meeting {assignment.meeting} is in unknown slot {assignment.slot}")
        if assignment.meeting not in online:
            if assignment.room is not None:
                violations.append(f"in-person meeting {assignment.meeting} is in room {assignment.room}")
            if assignment.table not in tables:
                violations.append(f"meeting {assignment.meeting} is at unknown table {assignment.table}")
            continue
        if assignment.table is not None:
            violations.append(f"online meeting {assignment.meeting} is at table {assignment.table}")
        room = assignment.room
        if not (isinstance(room, int) and room >= 1 and (instance.rooms is None or room <= instance.rooms)):
            violations.append(f"online meeting {assignment.meeting} is in unknown room {room}")
    return violations


def _fixed_violations(instance: Instance, assignments: Iterable[Assignment]) -> list[str]:
    placed = {a.meeting: a for a in assignments}
    violations = []
    for fixed in instance.fixed:
        assignment = placed.get(fixed.meeting)
        if assignment is None or assignment.slot != fixed.slot:
            violations.append(f"fixed meeting {fixed.meeting} is not in slot {fixed.slot}")
        elif fixed.table is not None and assignment.table != fixed.table:
            violations.append(f"fixed meeting {fixed.meeting} is not at table {fixed.table}")
        elif fixed.room is not None and assignment.room != fixed.room:
            violations.append(f"fixed meeting {fixed.meeting} is not in room {fixed.room}")
    return violations


def _known_assignments(instance: Instance, assignments: Iterable[Assignment]) -> list[Assignment]:
    """Drop assignments with unknown ids, already reported, so that the remaining checks can index freely."""
    meetings, slots = {m.id for m in instance.meetings}, set(instance.slots)
    return [a for a in assignments if a.meeting in meetings and a.slot in slots]
