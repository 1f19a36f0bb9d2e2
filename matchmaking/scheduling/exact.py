"""Exact placement by branch and bound, for instances small enough (see ``EXACT_MAX_MEETINGS`` in the solver).

The search assigns meetings one at a time to slots, or leaves one out, and looks for a schedule
losing less priority than the best known one. It works on bit masks of slots (a meeting's feasible
slots, each participant's slots with room, the slots with a free table, or a free virtual room for an
online meeting), so the domain of a meeting is one ``&`` and its size one ``bit_count``. At every node:

* meetings with an empty domain must be left out, and their priority is lost;
* a participant whose remaining meetings outnumber the room left in their domains must lose the
  cheapest of the excess; so must the slots as a whole, each seating at most its free tables and
  rooms, the meetings that could still take them, and half the meeting ends its participants can
  still take there; so must the in-person (online) meetings alone, counting tables (rooms) only;
  the largest of these forced losses is added (each is a valid lower bound on its own);
* the node is cut when the lost priority plus that bound cannot beat the best known schedule.

Branching picks the meeting with the fewest slots left per unit of *weight* (dom/wdeg: a meeting's
weight grows each time its domain empties, so the search learns which meetings are hard), tries
the slot it had in the best known schedule first (solution-guided search) and leaving it out last.
Runs restart after a growing number of failures (Luby's sequence), keeping the weights; a run
that ends without reaching its failure limit has explored everything, which proves the best known
schedule optimal.
"""

import random
import time
from dataclasses import dataclass, field

from .problem import UNPLACED, Schedule

RESTART_BASE_FAILURES = 100
DEADLINE_CHECK_NODES = 64


class _Stop(Exception):
    """The failure limit of the current run or the deadline was reached."""


@dataclass
class ExactResult:
    """``best`` is the best ``slot_of`` found (the incumbent if nothing better), ``proven`` whether it is optimal."""

    best: list[int]
    best_priority: int
    proven: bool
    nodes: int = 0
    restarts: int = 0
    improved: bool = False


@dataclass
class _Search:
    schedule: Schedule
    free: list[int]
    guide: list[int]
    deadline: float
    lost_limit: int  # a schedule is wanted that loses at most this much priority (of the free meetings)
    weight: list[int]
    best: list[int] | None = None
    best_lost: int = 0
    nodes: int = 0
    failures: int = 0
    failure_limit: int = 0
    skipped: set[int] = field(default_factory=set)


@dataclass
class ExactState:
    """What successive calls of the full search share: the dom/wdeg weights and the next run's number."""

    weight: list[int]
    run: int = 0


def solve_placement_exactly(
    schedule: Schedule,
    incumbent: list[int],
    deadline: float,
    *,
    free: list[int] | None = None,
    failure_limit: int | None = None,
    state: ExactState | None = None,
    max_runs: int | None = None,
) -> ExactResult:
    """Search for a schedule placing more priority than ``incumbent``; the schedule is left as it was found.

    Fixed meetings stay where they are; every other meeting with a feasible slot takes part, or only
    those in ``free`` (the others keep their slots in ``schedule``: a large-neighbourhood step, whose
    "proven" only means nothing better exists with the others where they are). With
    ``failure_limit`` a single run is made, without restarts. ``state`` carries the weights and the
    restart sequence from one call to the next, so that the search can be given time in slices of
    at most ``max_runs`` runs.
    """
    if state is None:
        state = ExactState(weight=[1] * schedule.problem.meeting_count)
    problem = schedule.problem
    saved = schedule.snapshot()
    if free is None:
        free = [m for m in range(problem.meeting_count) if problem.feasible[m] and m not in problem.fixed_slot]
    for m in free:
        if schedule.slot_of[m] != UNPLACED:
            schedule.remove(m)
    incumbent_priority = sum(problem.priority[m] for m, s in enumerate(incumbent) if s != UNPLACED)
    free_total = sum(problem.priority[m] for m in free)
    incumbent_lost = free_total - sum(problem.priority[m] for m in free if incumbent[m] != UNPLACED)
    search = _Search(
        schedule=schedule,
        free=free,
        guide=list(incumbent),
        deadline=deadline,
        lost_limit=incumbent_lost - 1,
        weight=state.weight,
    )
    result = ExactResult(best=list(incumbent), best_priority=incumbent_priority, proven=incumbent_lost == 0)
    try:
        runs = 0
        while not result.proven and search.lost_limit >= 0 and (max_runs is None or runs < max_runs):
            runs += 1
            if not failure_limit:
                state.run += 1
            search.failures = 0
            search.failure_limit = failure_limit or RESTART_BASE_FAILURES * _luby(state.run)
            try:
                _descend(search, lost=0)
            except _Stop:
                if time.perf_counter() > deadline or failure_limit:
                    break
                result.restarts += 1
                continue
            # The run explored everything below its limit without a failure cap: nothing better exists.
            result.proven = True
    finally:
        for m in free:
            if schedule.slot_of[m] != UNPLACED:
                schedule.remove(m)
        schedule.restore(saved)
    if search.best is not None:
        result.best = search.best
        result.best_priority = sum(problem.priority[m] for m, s in enumerate(search.best) if s != UNPLACED)
        result.improved = True
        if search.best_lost == 0:
            result.proven = True
    result.nodes = search.nodes
    return result


def _luby(i: int) -> int:
    """The i-th term (from 1) of Luby's restart sequence 1, 1, 2, 1, 1, 2, 4, ..."""
    k = 1
    while (1 << k) - 1 < i:
        k += 1
    if (1 << k) - 1 == i:
        return 1 << (k - 1)
    return _luby(i - (1 << (k - 1)) + 1)


def _descend(search: _Search, lost: int) -> None:
    schedule = search.schedule
    problem = schedule.problem
    search.nodes += 1
    if search.nodes % DEADLINE_CHECK_NODES == 0 and time.perf_counter() > search.deadline:
        raise _Stop
    room, place_free = _slots_with_room(schedule)
    pool = problem.pool
    priority = problem.priority
    forced = 0
    chosen, chosen_score, chosen_domain = -1, 0.0, 0
    per_participant: dict[int, list[int]] = {}
    open_meetings: list[int] = []
    emptied: list[int] = []
    domains: dict[int, int] = {}
    for m in search.free:
        if schedule.slot_of[m] != UNPLACED or m in search.skipped:
            continue
        a, b = problem.a[m], problem.b[m]
        domain = problem.feasible_mask[m] & room[a] & room[b] & place_free[pool[m]]
        if not domain:
            forced += priority[m]
            emptied.append(m)
            continue
        open_meetings.append(m)
        domains[m] = domain
        per_participant.setdefault(a, []).append(m)
        per_participant.setdefault(b, []).append(m)
        score = domain.bit_count() / search.weight[m]
        if chosen < 0 or score < chosen_score:
            chosen, chosen_score, chosen_domain = m, score, domain
    if lost + forced > search.lost_limit:
        _fail(search, emptied)
        return
    if chosen < 0:
        _record(search, lost + forced)
        return
    bound = _counting_bound(schedule, per_participant, open_meetings, domains)
    if lost + forced + bound > search.lost_limit:
        _fail(search, [chosen])
        return
    for s in _slot_order(search, chosen, chosen_domain):
        schedule.place(chosen, s)
        try:
            _descend(search, lost)
        finally:
            schedule.remove(chosen)
        if lost + forced > search.lost_limit:
            return
    if lost + forced + priority[chosen] <= search.lost_limit:
        search.skipped.add(chosen)
        try:
            _descend(search, lost + priority[chosen])
        finally:
            search.skipped.discard(chosen)


def _slots_with_room(schedule: Schedule) -> tuple[list[int], list[int]]:
    """Per participant, the mask of slots where it can take one more meeting; per kind of place (tables,
    rooms), the mask of slots with one free."""
    problem = schedule.problem
    room = []
    for p, loads in enumerate(schedule.load):
        capacity = problem.capacity[p]
        mask = 0
        for s, load in enumerate(loads):
            if load < capacity:
                mask |= 1 << s
        room.append(mask)
    place_free = []
    for seats, occupancies in zip(problem.seats, schedule.occupancy, strict=True):
        mask = 0
        for s, occupancy in enumerate(occupancies):
            if occupancy < seats:
                mask |= 1 << s
        place_free.append(mask)
    return room, place_free


def _counting_bound(
    schedule: Schedule,
    per_participant: dict[int, list[int]],
    open_meetings: list[int],
    domains: dict[int, int],
) -> int:
    """The largest priority that one participant, or the free tables and rooms, must still give up by counting."""
    problem = schedule.problem
    priority = problem.priority
    bound = 0
    # ends[s]: how many meeting ends slot s can still take; a meeting needs two, so s seats at most half.
    ends = [0] * problem.slot_count
    for p, meetings in per_participant.items():
        # Each of its slots seats at most min(room left, its meetings that could still take it).
        counts: dict[int, int] = {}
        for m in meetings:
            for s in _bits(domains[m]):
                counts[s] = counts.get(s, 0) + 1
        spare = 0
        for s, count in counts.items():
            seats = min(problem.capacity[p] - schedule.load[p][s], count)
            spare += seats
            ends[s] += seats
        excess = len(meetings) - spare
        if excess > 0:
            bound = max(bound, sum(sorted(priority[m] for m in meetings)[:excess]))
    # Each slot seats at most min(free places of a kind, meetings of that kind that could still take it) per kind.
    pool = problem.pool
    by_pool: list[list[int]] = [[] for _ in problem.seats]
    for m in open_meetings:
        by_pool[pool[m]].append(m)
    per_slot = [0] * problem.slot_count
    for k, meetings in enumerate(by_pool):
        if not meetings:
            continue
        candidates = [0] * problem.slot_count
        for m in meetings:
            for s in _bits(domains[m]):
                candidates[s] += 1
        free, occupancy = problem.seats[k], schedule.occupancy[k]
        seats = 0
        for s, count in enumerate(candidates):
            fitting = min(free - occupancy[s], count)
            per_slot[s] += fitting
            seats += min(fitting, ends[s] // 2)
        if len(meetings) < len(open_meetings):
            bound = max(bound, _cheapest_excess(meetings, seats, priority))
    seats = sum(min(fitting, end // 2) for fitting, end in zip(per_slot, ends, strict=True))
    return max(bound, _cheapest_excess(open_meetings, seats, priority))


def _cheapest_excess(meetings: list[int], seats: int, priority: tuple[int, ...]) -> int:
    """The priority of the cheapest meetings that cannot have one of ``seats`` places."""
    excess = len(meetings) - seats
    return sum(sorted(priority[m] for m in meetings)[:excess]) if excess > 0 else 0


def _bits(mask: int) -> list[int]:
    bits = []
    while mask:
        low = mask & -mask
        bits.append(low.bit_length() - 1)
        mask ^= low
    return bits


def _slot_order(search: _Search, m: int, domain: int) -> list[int]:
    slots = _bits(domain)
    guided = search.guide[m]
    if guided in slots:
        slots.remove(guided)
        slots.insert(0, guided)
    return slots


def _fail(search: _Search, culprits: list[int]) -> None:
    for m in culprits:
        search.weight[m] += 1
    search.failures += 1
    if search.failures > search.failure_limit or (
        search.failures % DEADLINE_CHECK_NODES == 0 and time.perf_counter() > search.deadline
    ):
        raise _Stop


def _record(search: _Search, lost: int) -> None:
    """A complete schedule losing at most the limit: keep it, and from now on ask for strictly better."""
    search.best = search.schedule.snapshot()
    search.best_lost = lost
    search.guide = list(search.best)
    search.lost_limit = lost - 1
    if search.lost_limit < 0:
        raise _Stop


# Large-neighbourhood steps: this many meetings are set free around a meeting left out.
NEIGHBOURHOOD_SIZE = 36
NEIGHBOURHOOD_FAILURES = 200
NEIGHBOURHOOD_ROUNDS_PER_SLICE = 20
FULL_RUNS_PER_SLICE = 1


def place_exactly(schedule: Schedule, rng: random.Random, deadline: float, state: ExactState | None = None) -> bool:
    """Raise the placed priority of ``schedule`` in place until nothing better exists or ``deadline`` passes.

    Alternates two searches: large-neighbourhood steps (a meeting left out, the meetings of its
    two participants and of the slots it could take are set free and the branch and bound completes
    them, everyone else staying put), which find a better schedule quickly when one is near, and
    slices of the full branch and bound, which also prove. Returns whether the result is proven optimal;
    pass the same ``state`` to continue the full search where an earlier call left it.
    """
    problem = schedule.problem
    if state is None:
        state = ExactState(weight=[1] * problem.meeting_count)
    while time.perf_counter() < deadline:
        left_out = [m for m in range(problem.meeting_count) if problem.feasible[m] and schedule.slot_of[m] == UNPLACED]
        if not left_out:
            return True
        for _ in range(NEIGHBOURHOOD_ROUNDS_PER_SLICE):
            free = _neighbourhood(schedule, rng.choice(left_out), rng)
            result = solve_placement_exactly(
                schedule, schedule.snapshot(), deadline, free=free, failure_limit=NEIGHBOURHOOD_FAILURES
            )
            if result.improved:
                schedule.restore(result.best)
                break
        else:
            result = solve_placement_exactly(
                schedule, schedule.snapshot(), deadline, state=state, max_runs=FULL_RUNS_PER_SLICE
            )
            if result.improved:
                schedule.restore(result.best)
            if result.proven:
                return True
    return False


def _neighbourhood(schedule: Schedule, left_out: int, rng: random.Random) -> list[int]:
    """``left_out``, the placed meetings of its participants, then random meetings of the slots it could take."""
    problem = schedule.problem
    chosen = {left_out}
    for p in (problem.a[left_out], problem.b[left_out]):
        chosen.update(m for m in problem.meetings_of[p] if schedule.slot_of[m] != UNPLACED)
    nearby = [
        m
        for s in problem.feasible[left_out]
        for ms in schedule.movable_by_priority[problem.pool[left_out]][s].values()
        for m in ms
        if m not in chosen
    ]
    nearby.sort()
    rng.shuffle(nearby)
    chosen.update(nearby[: max(0, NEIGHBOURHOOD_SIZE - len(chosen))])
    return sorted(m for m in chosen if m not in problem.fixed_slot)
