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
from dataclasses import asdict, dataclass, field

from django.core import signing
from django.urls import reverse

from events.booking import meets_online
from events.errors import EventError
from events.locking import booking_transaction, lock_all_participations, lock_event
from events.models import Event, Meeting, MeetingStatus, Participation, Seat, TimeSlot
from events.notifications import meeting_kind, meeting_params, notify_companies
from matchmaking.scheduling import Assignment, SchedulerInputError, count_gaps, parse_instance, solve

TIME_LIMIT_SECONDS = 5.0
# How long a preview can be applied: after that the organizer previews again.
PREVIEW_MAX_AGE_SECONDS = 60 * 60
_SIGNING_SALT = "events.planning.preview"


class PlanningError(EventError):
    """The event cannot be planned as it is; the message is meant for the organizer."""


class PlanChanged(PlanningError):
    """The event changed after the preview (or the preview is too old): nothing was applied."""


@dataclass(frozen=True)
class Plan:
    """A proposed plan: meeting pk → (slot pk, table pk, room) for every meeting placed (an on-site meeting has a
    table and no room, an online one a room number and no table), and the figures.

    `fingerprint` identifies the state of the event the plan was made for; `moved` lists the meetings placed
    before whose place changes (or which lose it), `booked` those placed for the first time.
    """

    event_id: int
    fingerprint: str
    placements: dict[int, tuple[int, int | None, int | None]]
    total: int
    placed_before: int
    gaps_before: int
    gaps_after: int
    moved: list[int] = field(default_factory=list)
    booked: list[int] = field(default_factory=list)
    # The solver's bounds (every meeting weighs the same here): no plan places more than `most_placeable`
    # meetings, and no plan placing as many as this one leaves fewer than `fewest_gaps` waiting gaps.
    most_placeable: int = 0
    fewest_gaps: int = 0

    @property
    def placed(self) -> int:
        return len(self.placements)

    @property
    def placement_is_best(self) -> bool:
        return self.placed >= self.most_placeable

    @property
    def is_best(self) -> bool:
        """Proven optimal: as many meetings as any plan can place, with the fewest waiting gaps possible."""
        return self.placement_is_best and self.gaps_after <= self.fewest_gaps

    @property
    def placeable_beyond(self) -> int:
        """How many more meetings a better plan might place, at most."""
        return max(self.most_placeable - self.placed, 0)

    @property
    def left_out(self) -> int:
        return self.total - self.placed

    @property
    def changes(self) -> bool:
        return bool(self.moved or self.booked)

    @property
    def token(self) -> str:
        """The plan itself, signed, for the preview's form: applying it needs no second solver run."""
        payload = asdict(self) | {"placements": [[pk, *place] for pk, place in self.placements.items()]}
        return signing.dumps(payload, salt=_SIGNING_SALT, compress=True)

    @classmethod
    def from_token(cls, token: str, *, event: Event) -> "Plan":
        try:
            payload = signing.loads(token, salt=_SIGNING_SALT, max_age=PREVIEW_MAX_AGE_SECONDS)
        except signing.BadSignature:  # forged, truncated or expired
            raise PlanChanged from None
        if payload.get("event_id") != event.pk:
            raise PlanChanged
        try:
            payload["placements"] = {pk: (slot, table, room) for pk, slot, table, room in payload["placements"]}
        except (TypeError, ValueError):  # a preview made before online rooms existed: preview again
            raise PlanChanged from None
        return cls(**payload)


def propose_plan(event: Event, *, time_limit: float = TIME_LIMIT_SECONDS) -> Plan:
    data, meetings = _instance_data(event)
    try:
        instance = parse_instance(data)
    except SchedulerInputError as error:
        raise PlanningError(str(error)) from None
    current = [Assignment(meeting=f"M{m.pk}", slot=f"S{m.slot_id}",
                          table=None if m.room is not None else f"T{m.table_id}", room=m.room)
               for m in meetings if m.slot_id]
    current_placements = _placements(meetings)
    gaps_before = count_gaps(instance, current)
    solution = solve(instance, time_limit=time_limit)
    better = (solution.stats.placed, -solution.stats.gaps) > (len(current), -gaps_before)
    if better:
        placements = _keep_places(current_placements, {
            int(a.meeting[1:]): (int(a.slot[1:]), None if a.table is None else int(a.table[1:]), a.room)
            for a in solution.assignments})
        gaps_after = solution.stats.gaps
    else:
        placements, gaps_after = current_placements, gaps_before
    moved = [pk for pk, place in current_placements.items() if placements.get(pk) != place]
    booked = [pk for pk in placements if pk not in current_placements]
    stats = solution.stats
    # The gap bound holds for plans placing as many meetings as the solver's; the plan kept may place fewer.
    fewest_gaps = stats.gaps_lower_bound if len(placements) == stats.placed else 0
    return Plan(event_id=event.pk, fingerprint=_fingerprint(data, current_placements), placements=placements,
                total=len(meetings), placed_before=len(current), gaps_before=gaps_before, gaps_after=gaps_after,
                moved=sorted(moved), booked=sorted(booked),
                most_placeable=max(stats.placement_upper_bound, stats.placed), fewest_gaps=fewest_gaps)


@booking_transaction
def apply_plan(*, event: Event, token: str) -> Plan:
    """Apply exactly the plan that was previewed, if the event has not changed since; notify those concerned.

    Under the locking rule (the event, then every participation) the event's state is read again and its
    fingerprint compared with the preview's: any change in between — a meeting accepted, cancelled, moved or
    locked, a participant's availability — raises PlanChanged and nothing is written.
    """
    plan = Plan.from_token(token, event=event)
    event = lock_event(event.pk)
    lock_all_participations(event)
    data, meetings = _instance_data(event)
    if _fingerprint(data, _placements(meetings)) != plan.fingerprint:
        raise PlanChanged
    if plan.changes:
        _write(event, {m.pk: m for m in meetings}, plan)
    return plan


def _write(event: Event, meetings: dict[int, Meeting], plan: Plan) -> None:
    """Give the moved and newly placed meetings their new slot, table or room, and seats."""
    changed = [meetings[pk] for pk in plan.moved + plan.booked]
    Seat.objects.filter(meeting__in=changed).delete()
    seats_taken = defaultdict(set)
    for participation_id, slot_id, number in Seat.objects.filter(meeting__event=event).values_list(
            "participation_id", "slot_id", "number"):
        seats_taken[participation_id, slot_id].add(number)
    new_seats = []
    for meeting in changed:
        meeting.slot_id, meeting.table_id, meeting.room = plan.placements.get(meeting.pk, (None, None, None))
        if meeting.slot_id:
            for side in (meeting.request.requester_id, meeting.request.recipient_id):
                number = min(set(range(10)) - seats_taken[side, meeting.slot_id])
                seats_taken[side, meeting.slot_id].add(number)
                new_seats.append(Seat(meeting=meeting, participation_id=side, slot_id=meeting.slot_id, number=number))
    # PostgreSQL checks the (slot, table) and (slot, room) constraints row by row, so two meetings that swap
    # places would clash midway through one UPDATE: the changed meetings first let go of their places, then take
    # the new ones.
    Meeting.objects.filter(pk__in=[m.pk for m in changed]).update(slot=None, table=None, room=None)
    Meeting.objects.bulk_update(changed, ["slot", "table", "room"])
    Seat.objects.bulk_create(new_seats)
    for meeting in changed:
        _notify_placed(meeting, first_time=meeting.pk in plan.booked)


@dataclass(frozen=True)
class Change:
    """One meeting the plan changes, for the preview: where it is now (None: not placed) and where it goes
    (`place_before`/`place_after`: a table's name or an online room's, as Meeting.place says it)."""

    meeting: Meeting
    slot_before: TimeSlot | None
    place_before: str
    slot_after: TimeSlot | None
    place_after: str


def plan_changes(event: Event, plan: Plan) -> list[Change]:
    """The meetings `plan` moves or places, soonest new time first, with their companies: the preview lists
    them one by one, so that the organizer sees, say, a hand-made move that the plan would undo."""
    slots = {slot.pk: slot for slot in event.slots.all()}
    tables = {table.pk: table for table in event.tables.all()}
    meetings = _live_meetings(event).filter(pk__in=plan.moved + plan.booked)
    changes = []
    for meeting in meetings:
        slot_after, table_after, room_after = plan.placements.get(meeting.pk, (None, None, None))
        after = Meeting(table=tables.get(table_after), room=room_after)
        changes.append(Change(meeting, slots.get(meeting.slot_id), meeting.place, slots.get(slot_after), after.place))
    return sorted(changes, key=lambda c: (c.slot_after is None, c.slot_after.starts_at if c.slot_after else 0,
                                          c.meeting.pk))


def _live_meetings(event: Event):
    return (Meeting.objects.filter(event=event).exclude(status=MeetingStatus.CANCELLED)
            .select_related("event", "request", "slot", "table", "request__requester__company",
                            "request__recipient__company").order_by("pk"))


def _instance_data(event: Event) -> tuple[dict, list[Meeting]]:
    slots = list(event.slots.order_by("starts_at").values_list("pk", "session_id"))
    participations = (Participation.objects.taking_part().filter(event=event)
                      .prefetch_related("unavailable_slots").order_by("pk"))
    meetings = list(_live_meetings(event))
    data = {
        "slots": [f"S{pk}" for pk, _ in slots],
        "blocks": {f"S{pk}": f"B{session}" for pk, session in slots},
        "tables": [f"T{pk}" for pk in event.tables.order_by("number").values_list("pk", flat=True)],
        "participants": [{"id": f"P{p.pk}", "capacity": p.delegates,
                          "unavailable": [f"S{s.pk}" for s in p.unavailable_slots.all()]} for p in participations],
        "meetings": [{"id": f"M{m.pk}", "a": f"P{m.request.requester_id}", "b": f"P{m.request.recipient_id}"}
                     | ({"online": True} if meets_online(event, m.request.requester, m.request.recipient) else {})
                     for m in meetings],
        "fixed": [_fixed(event, m) for m in meetings if m.locked and m.slot_id],
    }
    if event.has_online:  # only then: an in-person event's instance (and fingerprint) stays as it was
        data["rooms"] = event.online_rooms
    return data, meetings


def _fixed(event: Event, meeting: Meeting) -> dict:
    """A locked meeting keeps its slot, and its table or room while that is still of the right kind (a meeting
    whose kind changed gets a place of the new kind in the same slot)."""
    fixed = {"meeting": f"M{meeting.pk}", "slot": f"S{meeting.slot_id}"}
    online = meets_online(event, meeting.request.requester, meeting.request.recipient)
    if online and meeting.room is not None:
        fixed["room"] = meeting.room
    elif not online and meeting.table_id is not None:
        fixed["table"] = f"T{meeting.table_id}"
    return fixed


def _keep_places(current: dict[int, tuple], proposed: dict[int, tuple]) -> dict[int, tuple]:
    """Tables (and online rooms) are interchangeable to the scheduler: let a meeting that stays in its slot keep
    its table or room. Places of the two kinds are shuffled separately (index 1: table, 2: room)."""
    result = {}
    for kind in (1, 2):
        by_slot = defaultdict(list)
        for pk, place in proposed.items():
            if place[kind] is not None:
                by_slot[place[0]].append((pk, place[kind]))
        for slot, entries in by_slot.items():
            places = {place for _, place in entries}
            keep = {pk: current[pk][kind] for pk, _ in entries if pk in current and current[pk][0] == slot
                    and current[pk][kind] in places}
            free = iter(sorted(places - set(keep.values())))
            for pk, _ in entries:
                chosen = keep[pk] if pk in keep else next(free)
                result[pk] = (slot, chosen, None) if kind == 1 else (slot, None, chosen)
    return result


def _placements(meetings: list[Meeting]) -> dict[int, tuple[int, int | None, int | None]]:
    """Meeting pk → (slot pk, table pk, room) for the meetings that have a place now."""
    return {m.pk: (m.slot_id, m.table_id, m.room) for m in meetings if m.slot_id}


def _fingerprint(data: dict, current: dict) -> str:
    payload = json.dumps([data, sorted(current.items())], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _notify_placed(meeting: Meeting, *, first_time: bool) -> None:
    request = meeting.request
    kind = "meeting_unscheduled" if not meeting.slot_id else "meeting_booked" if first_time else "meeting_moved"
    notify_companies([request.requester.company, request.recipient.company], meeting_kind(meeting, kind),
                     url=reverse("events:agenda", args=[meeting.event.slug]),
                     params_for=lambda company: meeting_params(meeting, viewer_company=company))
