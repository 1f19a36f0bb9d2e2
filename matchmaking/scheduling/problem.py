"""The solver's working representation: integer indices and a mutable schedule with its bookkeeping.

Tables are interchangeable, and so are virtual rooms, so the search only decides slots and treats
each slot as two bins: ``seats[IN_PERSON]`` tables for the in-person meetings and ``seats[ONLINE]``
rooms for the online ones (the meeting's ``pool``). Actual tables and rooms are handed out once the
slots are final (:func:`matchmaking.scheduling.solver.assign_places`). Unlimited rooms are as many
as there are meetings, which can never run out.
"""

from dataclasses import dataclass

from .model import Instance

UNPLACED = -1
IN_PERSON, ONLINE = 0, 1
POOLS = (IN_PERSON, ONLINE)


@dataclass(frozen=True, slots=True)
class Problem:
    """An :class:`Instance` compiled to indices.

    ``feasible[m]`` lists the slots meeting ``m`` may take: allowed for it and available to both
    participants (a fixed meeting has only its fixed slot). ``block_of[s]`` is the range of slots
    forming the block of slot ``s`` and ``block_index[s]`` numbers that block. ``feasible_mask[m]``
    holds the same slots as bits (slot ``s`` is bit ``1 << s``). ``pool[m]`` says which kind of
    place meeting ``m`` needs, ``seats[k]`` how many places of kind ``k`` each slot has, and
    ``pools_used`` the kinds some meeting needs.
    """

    slot_count: int
    seats: tuple[int, int]
    pool: tuple[int, ...]
    pools_used: tuple[int, ...]
    block_of: tuple[range, ...]
    block_index: tuple[int, ...]
    capacity: tuple[int, ...]
    a: tuple[int, ...]
    b: tuple[int, ...]
    priority: tuple[int, ...]
    feasible: tuple[tuple[int, ...], ...]
    feasible_mask: tuple[int, ...]
    fixed_slot: dict[int, int]
    meetings_of: tuple[tuple[int, ...], ...]

    @classmethod
    def from_instance(cls, instance: Instance) -> "Problem":
        slot_index = {slot: index for index, slot in enumerate(instance.slots)}
        participant_index = {p.id: index for index, p in enumerate(instance.participants)}
        meeting_index = {m.id: index for index, m in enumerate(instance.meetings)}
        block_of, block_index = _block_layout(instance.blocks)
        fixed_slot = {meeting_index[f.meeting]: slot_index[f.slot] for f in instance.fixed}
        available = [
            {s for slot, s in slot_index.items() if slot not in p.unavailable and p.capacity > 0}
            for p in instance.participants
        ]
        pool = tuple(ONLINE if meeting.online else IN_PERSON for meeting in instance.meetings)
        rooms = len(instance.meetings) if instance.rooms is None else instance.rooms
        seats = (len(instance.tables), rooms)
        feasible = []
        meetings_of: list[list[int]] = [[] for _ in instance.participants]
        for m, meeting in enumerate(instance.meetings):
            a, b = participant_index[meeting.a], participant_index[meeting.b]
            meetings_of[a].append(m)
            meetings_of[b].append(m)
            allowed = available[a] & available[b]
            if meeting.slots is not None:
                allowed &= {slot_index[slot] for slot in meeting.slots}
            if m in fixed_slot:
                allowed = {fixed_slot[m]}
            feasible.append(tuple(sorted(allowed)) if seats[pool[m]] else ())
        return cls(
            slot_count=len(instance.slots),
            seats=seats,
            pool=pool,
            pools_used=tuple(k for k in POOLS if k in pool),
            block_of=block_of,
            block_index=block_index,
            capacity=tuple(p.capacity for p in instance.participants),
            a=tuple(participant_index[m.a] for m in instance.meetings),
            b=tuple(participant_index[m.b] for m in instance.meetings),
            priority=tuple(m.priority for m in instance.meetings),
            feasible=tuple(feasible),
            feasible_mask=tuple(sum(1 << s for s in slots) for slots in feasible),
            fixed_slot=fixed_slot,
            meetings_of=tuple(tuple(ms) for ms in meetings_of),
        )

    @property
    def meeting_count(self) -> int:
        return len(self.priority)

    @property
    def table_count(self) -> int:
        return self.seats[IN_PERSON]

    @property
    def block_count(self) -> int:
        return self.block_index[-1] + 1 if self.block_index else 0


def _gaps(runs: int) -> int:
    return runs - 1 if runs > 1 else 0


def _block_layout(blocks: tuple[str, ...]) -> tuple[tuple[range, ...], tuple[int, ...]]:
    """For each slot, the range of slots of its block and the block's number."""
    ranges: list[range] = []
    numbers: list[int] = []
    start = 0
    for end in range(1, len(blocks) + 1):
        if end == len(blocks) or blocks[end] != blocks[start]:
            ranges.extend([range(start, end)] * (end - start))
            numbers.extend([len(set(numbers))] * (end - start))
            start = end
    return tuple(ranges), tuple(numbers)


class Schedule:
    """A partial assignment of meetings to slots that never breaks a hard constraint.

    Callers check :meth:`fits` (or make room first) before :meth:`place`; the counters kept here
    make those checks O(1). ``occupancy[k][s]`` counts the places of kind ``k`` taken in slot ``s``.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slot_of = [UNPLACED] * problem.meeting_count
        self.load = [[0] * problem.slot_count for _ in problem.capacity]
        self.occupancy = [[0] * problem.slot_count for _ in POOLS]
        # Busy runs per participant and block: a block with r runs has max(r - 1, 0) gaps.
        self.runs = [[0] * problem.block_count for _ in problem.capacity]
        # Only movable meetings are listed, per kind of place and slot: the ones a repair move may displace.
        self.movable_by_priority: list[list[dict[int, set[int]]]] = [
            [{} for _ in range(problem.slot_count)] for _ in POOLS
        ]
        self.placed_count = 0
        self.placed_priority = 0

    def fits(self, m: int, s: int) -> bool:
        """Whether unplaced meeting ``m`` can take slot ``s`` without displacing anything."""
        problem = self.problem
        a, b, k = problem.a[m], problem.b[m], problem.pool[m]
        return (
            self.occupancy[k][s] < problem.seats[k]
            and self.load[a][s] < problem.capacity[a]
            and self.load[b][s] < problem.capacity[b]
        )

    def place(self, m: int, s: int) -> None:
        problem = self.problem
        self.slot_of[m] = s
        self._add_load(problem.a[m], s)
        self._add_load(problem.b[m], s)
        k = problem.pool[m]
        self.occupancy[k][s] += 1
        if m not in problem.fixed_slot:
            self.movable_by_priority[k][s].setdefault(problem.priority[m], set()).add(m)
        self.placed_count += 1
        self.placed_priority += problem.priority[m]

    def remove(self, m: int) -> None:
        problem = self.problem
        s = self.slot_of[m]
        self.slot_of[m] = UNPLACED
        self._drop_load(problem.a[m], s)
        self._drop_load(problem.b[m], s)
        k = problem.pool[m]
        self.occupancy[k][s] -= 1
        if m not in problem.fixed_slot:
            self.movable_by_priority[k][s][problem.priority[m]].discard(m)
        self.placed_count -= 1
        self.placed_priority -= problem.priority[m]

    def move(self, m: int, s: int) -> None:
        self.remove(m)
        self.place(m, s)

    def meetings_at(self, p: int, s: int) -> list[int]:
        """The meetings participant ``p`` holds in slot ``s``."""
        slot_of = self.slot_of
        return [m for m in self.problem.meetings_of[p] if slot_of[m] == s]

    def cheapest_movable_priority(self, s: int, k: int) -> int | None:
        """The lowest priority of a non-fixed meeting taking a place of kind ``k`` in slot ``s``, ``None`` if none."""
        return min((priority for priority, ms in self.movable_by_priority[k][s].items() if ms), default=None)

    def gaps_added_by_busying(self, p: int, s: int) -> int:
        """How the gaps of participant ``p`` change if it becomes busy in slot ``s`` (-1, 0 or +1)."""
        if self.load[p][s]:
            return 0
        runs = self.runs[p][self.problem.block_index[s]]
        return _gaps(runs + 1 - self._busy_neighbours(p, s)) - _gaps(runs)

    def gaps_of(self, p: int, s: int) -> int:
        """Gaps of participant ``p`` inside the block that contains slot ``s``."""
        return _gaps(self.runs[p][self.problem.block_index[s]])

    def total_gaps(self) -> int:
        return sum(_gaps(runs) for per_block in self.runs for runs in per_block)

    def _busy_neighbours(self, p: int, s: int) -> int:
        load, block = self.load[p], self.problem.block_of[s]
        return (s > block.start and load[s - 1] > 0) + (s + 1 < block.stop and load[s + 1] > 0)

    def _add_load(self, p: int, s: int) -> None:
        # A slot turning busy starts a run, extends one, or joins two.
        if not self.load[p][s]:
            self.runs[p][self.problem.block_index[s]] += 1 - self._busy_neighbours(p, s)
        self.load[p][s] += 1

    def _drop_load(self, p: int, s: int) -> None:
        self.load[p][s] -= 1
        if not self.load[p][s]:
            self.runs[p][self.problem.block_index[s]] += self._busy_neighbours(p, s) - 1

    def snapshot(self) -> list[int]:
        return list(self.slot_of)

    def restore(self, slot_of: list[int]) -> None:
        for m in range(self.problem.meeting_count):
            if self.slot_of[m] != UNPLACED:
                self.remove(m)
        for m, s in enumerate(slot_of):
            if s != UNPLACED:
                self.place(m, s)
