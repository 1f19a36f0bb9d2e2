"""Turning decoded JSON into an :class:`Instance`, rejecting anything the solver cannot trust.

Every check raises :class:`SchedulerInputError` with one sentence naming the offending item,
so the command line can print it as is. Unknown keys are rejected too: a misspelt optional key
(``"fixd"``) would otherwise be ignored silently and produce a schedule nobody asked for.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from .model import FixedAssignment, Instance, Meeting, Participant, SchedulerInputError
from .validation import hard_constraint_violations

INSTANCE_KEYS = {"slots", "blocks", "tables", "rooms", "participants", "meetings", "fixed"}
PARTICIPANT_KEYS = {"id", "unavailable", "capacity"}
MEETING_KEYS = {"id", "a", "b", "priority", "slots", "online"}
FIXED_KEYS = {"meeting", "slot", "table", "room"}


def parse_instance(data: Any) -> Instance:
    """Validate decoded JSON and build the instance it describes.

    Raises :class:`SchedulerInputError` for missing keys, wrong types, unknown or duplicate ids,
    a meeting of a participant with itself, a negative capacity or number of rooms, a priority that
    is not an integer of at least 1, an online flag that is not a boolean, a fixed table for an online
    meeting or a fixed room for an in-person one, and fixed assignments that break a hard constraint.
    """
    root = _object(data, "the input", INSTANCE_KEYS, required={"slots", "tables", "participants", "meetings"})
    slots = _unique_ids(root["slots"], "slot")
    tables = _unique_ids(root["tables"], "table")
    known_slots = set(slots)
    participants = tuple(_participant(item, known_slots) for item in _list(root["participants"], "participants"))
    _reject_duplicates((p.id for p in participants), "participant")
    known_participants = {p.id for p in participants}
    meetings = tuple(_meeting(item, known_participants, known_slots) for item in _list(root["meetings"], "meetings"))
    _reject_duplicates((m.id for m in meetings), "meeting")
    rooms = root.get("rooms")
    if rooms is not None and (not _is_integer(rooms) or rooms < 0):
        raise SchedulerInputError(f"rooms must be an integer of at least 0 (or null for no limit), got {rooms!r}")
    instance = Instance(
        slots=slots,
        blocks=_blocks(root.get("blocks"), slots),
        tables=tables,
        participants=participants,
        meetings=meetings,
        fixed=_fixed_assignments(root.get("fixed", []), meetings, known_slots, set(tables), rooms),
        rooms=rooms,
    )
    violations = hard_constraint_violations(instance, instance.fixed)
    if violations:
        raise SchedulerInputError(f"fixed assignments break a hard constraint: {violations[0]}")
    return instance


def _participant(item: Any, known_slots: set[str]) -> Participant:
    where = "a participant"
    fields = _object(item, where, PARTICIPANT_KEYS, required={"id"})
    participant_id = _id(fields["id"], f"the id of {where}")
    where = f"participant {participant_id!r}"
    unavailable = _slot_references(fields.get("unavailable", []), known_slots, f"the unavailable slots of {where}")
    capacity = fields.get("capacity", 1)
    if not _is_integer(capacity) or capacity < 0:
        raise SchedulerInputError(f"the capacity of {where} must be an integer of at least 0, got {capacity!r}")
    return Participant(id=participant_id, unavailable=unavailable, capacity=capacity)


def _meeting(item: Any, known_participants: set[str], known_slots: set[str]) -> Meeting:
    fields = _object(item, "a meeting", MEETING_KEYS, required={"id", "a", "b"})
    meeting_id = _id(fields["id"], "the id of a meeting")
    where = f"meeting {meeting_id!r}"
    a = _id(fields["a"], f"participant 'a' of {where}")
    b = _id(fields["b"], f"participant 'b' of {where}")
    for participant_id in (a, b):
        if participant_id not in known_participants:
            raise SchedulerInputError(f"{where} refers to unknown participant {participant_id!r}")
    if a == b:
        raise SchedulerInputError(f"{where} is a meeting of participant {a!r} with itself")
    priority = fields.get("priority", 1)
    if not _is_integer(priority) or priority < 1:
        raise SchedulerInputError(f"the priority of {where} must be an integer of at least 1, got {priority!r}")
    allowed = fields.get("slots")
    if allowed is not None:
        allowed = _slot_references(allowed, known_slots, f"the slots of {where}")
    online = fields.get("online", False)
    if not isinstance(online, bool):
        raise SchedulerInputError(f"the online flag of {where} must be true or false, got {online!r}")
    return Meeting(id=meeting_id, a=a, b=b, priority=priority, slots=allowed, online=online)


def _blocks(value: Any, slots: tuple[str, ...]) -> tuple[str, ...]:
    """Return the block of each slot, in slot order; a block must be a run of consecutive slots."""
    if value is None:
        return tuple("" for _ in slots)
    fields = _object(value, "blocks", set(slots), required=set(slots))
    blocks = tuple(_id(fields[slot], f"the block of slot {slot!r}") for slot in slots)
    finished: set[str] = set()
    for previous, current in zip(blocks, blocks[1:], strict=False):
        if current != previous:
            finished.add(previous)
            if current in finished:
                raise SchedulerInputError(f"block {current!r} is not a run of consecutive slots")
    return blocks


def _fixed_assignments(
    value: Any, meetings: tuple[Meeting, ...], known_slots: set[str], known_tables: set[str], rooms: int | None
) -> tuple[FixedAssignment, ...]:
    online = {m.id: m.online for m in meetings}
    fixed = []
    for item in _list(value, "fixed"):
        fields = _object(item, "a fixed assignment", FIXED_KEYS, required={"meeting", "slot"})
        meeting = _known(fields["meeting"], set(online), "meeting", "a fixed assignment")
        where = f"the fixed assignment of meeting {meeting!r}"
        slot = _known(fields["slot"], known_slots, "slot", where)
        table, room = fields.get("table"), fields.get("room")
        if online[meeting] and table is not None:
            raise SchedulerInputError(f"{where} gives a table, but the meeting is online: give a room or nothing")
        if not online[meeting] and room is not None:
            raise SchedulerInputError(f"{where} gives a room, but the meeting is in person: give a table or nothing")
        if table is not None:
            table = _known(table, known_tables, "table", where)
        if room is not None and rooms == 0:
            raise SchedulerInputError(f"{where} gives a room, but there are no rooms")
        if room is not None and (not _is_integer(room) or room < 1 or (rooms is not None and room > rooms)):
            numbers = "of at least 1" if rooms is None else f"from 1 to {rooms}"
            raise SchedulerInputError(f"the room of {where} must be an integer {numbers}, got {room!r}")
        fixed.append(FixedAssignment(meeting=meeting, slot=slot, table=table, room=room))
    _reject_duplicates((f.meeting for f in fixed), "fixed meeting")
    return tuple(fixed)


def _object(value: Any, where: str, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise SchedulerInputError(f"{where} must be a JSON object")
    missing = sorted(required - value.keys())
    if missing:
        raise SchedulerInputError(f"{where} is missing the key {missing[0]!r}")
    unknown = sorted(value.keys() - allowed)
    if unknown:
        raise SchedulerInputError(f"{where} has the unknown key {unknown[0]!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SchedulerInputError(f"{where} must be a JSON list")
    return value


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise SchedulerInputError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _unique_ids(value: Any, kind: str) -> tuple[str, ...]:
    ids = tuple(_id(item, f"every {kind} id") for item in _list(value, f"{kind}s"))
    _reject_duplicates(ids, kind)
    return ids


def _known(value: Any, known: set[str], kind: str, where: str) -> str:
    identifier = _id(value, f"the {kind} of {where}")
    if identifier not in known:
        raise SchedulerInputError(f"{where} refers to unknown {kind} {identifier!r}")
    return identifier


def _slot_references(value: Any, known_slots: set[str], where: str) -> frozenset[str]:
    return frozenset(_known(item, known_slots, "slot", where) for item in _list(value, where))


def _reject_duplicates(ids: Iterable[str], kind: str) -> None:
    seen: set[str] = set()
    for identifier in ids:
        if identifier in seen:
            raise SchedulerInputError(f"duplicate {kind} id {identifier!r}")
        seen.add(identifier)


def _is_integer(value: Any) -> bool:
    # JSON true/false decode to bool, which Python counts as an int.
    return isinstance(value, int) and not isinstance(value, bool)
