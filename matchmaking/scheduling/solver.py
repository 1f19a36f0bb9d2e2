"""Entry points: the solver, the first-come-first-served baseline, and turning schedules into output."""

import dataclasses
import itertools
import random
import time
from collections.abc import Iterator
from typing import Any

from .annealing import Annealer
from .bounds import participant_gap_lower_bound, placeable_total, placement_upper_bound
from .coloring import place_everything
from .compaction import compact
from .exact import ExactState, place_exactly
from .model import Assignment, Instance, Solution, Stats
from .placement import Repair, place_fixed, place_greedily
from .problem import UNPLACED, Problem, Schedule, _gaps

# Share of the time limit placement may use when it cannot prove its result optimal; the gaps get the rest.
PLACEMENT_SHARE = 0.6
# Share of the time limit kept for building the output once the search stops.
OUTPUT_SHARE = 0.03
# Repair iterations without progress before one tabu run ends (another starts if time and the bound allow).
MIN_STALL_ITERATIONS = 1_000
# Up to this many meetings, placement that the heuristics cannot prove optimal is solved exactly
# (branch and bound, :mod:`.exact`) within the placement share of the time limit.
EXACT_MAX_MEETINGS = 400
# Up to this many meetings, a search over complete (possibly invalid) assignments looks for a full
# schedule whenever the upper bound does not rule one out (:mod:`.coloring`).
COLORING_MAX_MEETINGS = 3_000
# Placement that is not yet optimal alternates its searches in slices of this share of the time left.
SLICE_SHARE = 0.25
MIN_SLICE_SECONDS = 0.2
# The gap bound is checked only once this few participants have gaps (each check is a small search).
GAP_BOUND_MAX_PARTICIPANTS = 64
# Time the final gap bound may take for the participants not checked during the search.
GAP_BOUND_SECONDS = 0.1


@dataclasses.dataclass
class _Progress:
    """What the search has proven so far, and when the current best was found."""

    started: float
    upper_bound: int = 0
    placement_proven: bool = False
    found_at: float = 0.0
    gap_bounds: dict[int, int] = dataclasses.field(default_factory=dict)

    def found(self) -> None:
        self.found_at = time.perf_counter()


def solve(instance: Instance, *, time_limit: float = 10.0, seed: int = 0) -> Solution:
    """Schedule as much priority as possible, then remove as many gaps as possible, then share them fairly.

    Placed priority always comes first: the gap phase only moves meetings between slots and never
    unplaces one. Among schedules with the same priority and gaps, the one whose worst-off
    participant has the fewest gaps is preferred. The search stops as soon as its bounds prove the
    result optimal (see :mod:`.bounds`); otherwise placement keeps searching (tabu restarts, or an
    exact branch and bound below ``EXACT_MAX_MEETINGS`` meetings, and a search for a full schedule
    when one may exist) for its share of the time, and the
    gap search runs until it stops improving or the time is up. The search is randomised but
    deterministic for a given ``seed`` (unless the time limit cuts it short, when the result depends
    on the machine's speed). Returns the best solution found within ``time_limit`` seconds.
    """
    started = time.perf_counter()
    deadline = started + time_limit * (1 - OUTPUT_SHARE)
    rng = random.Random(seed)
    problem = Problem.from_instance(instance)
    schedule = Schedule(problem)
    place_fixed(schedule)
    place_greedily(schedule)
    progress = _Progress(started=started, upper_bound=placeable_total(problem))
    progress.found()
    _place(schedule, rng, progress, min(deadline, started + PLACEMENT_SHARE * time_limit))
    full = schedule.placed_priority == placeable_total(problem)
    gaps_before = schedule.total_gaps()
    compact(schedule, rng, deadline)
    if schedule.total_gaps() < gaps_before:
        progress.found()
    if time.perf_counter() < deadline:
        annealer = Annealer(schedule, rng, started)
        annealer.best_found_at = progress.found_at

        def bound_met(gaps: list[int]) -> bool:
            return progress.placement_proven and _gap_bound_met(problem, gaps, full, progress)

        best = annealer.run(deadline, bound_met)
        progress.found_at = annealer.best_found_at
        schedule.restore(best)
    stopped = "time_limit" if time.perf_counter() > deadline else "no_improvement"
    gaps = [sum(_gaps(runs) for runs in per_block) for per_block in schedule.runs]
    # The bound may use a third of the time kept for the output, and at most GAP_BOUND_SECONDS.
    budget_end = min(time.perf_counter() + GAP_BOUND_SECONDS, deadline + time_limit * OUTPUT_SHARE / 3)
    gaps_lower_bound = _gap_lower_bound(problem, gaps, full, progress, budget_end)
    gaps_optimal = progress.placement_proven and sum(gaps) == gaps_lower_bound
    if gaps_optimal:
        stopped = "optimal"
    return _solution(
        instance,
        problem,
        schedule,
        started,
        placement_upper_bound=progress.upper_bound,
        placement_optimal=progress.placement_proven,
        gaps_lower_bound=gaps_lower_bound,
        gaps_optimal=gaps_optimal,
        best_found_seconds=round(progress.found_at - started, 3),
        stopped=stopped,
    )


def _place(schedule: Schedule, rng: random.Random, progress: _Progress, deadline: float) -> None:
    """Raise the placed priority until it meets the upper bound, is proven optimal, or ``deadline`` passes."""
    problem = schedule.problem
    if schedule.placed_priority >= progress.upper_bound:
        progress.placement_proven = True
        return
    stall_limit = max(MIN_STALL_ITERATIONS, problem.meeting_count)
    before = schedule.placed_priority
    best = Repair(schedule, rng).run(_slice_end(deadline), stall_limit)
    schedule.restore(best)
    if schedule.placed_priority > before:
        progress.found()
    progress.upper_bound = placement_upper_bound(problem)
    state = ExactState(weight=[1] * problem.meeting_count)
    while schedule.placed_priority < progress.upper_bound and time.perf_counter() < deadline:
        before = schedule.placed_priority
        could_be_full = progress.upper_bound == placeable_total(problem)
        if could_be_full and problem.meeting_count <= COLORING_MAX_MEETINGS:
            place_everything(schedule, rng, _slice_end(deadline), max_iterations=1 << 62)
        if schedule.placed_priority < progress.upper_bound:
            slice_end = _slice_end(deadline)
            if problem.meeting_count <= EXACT_MAX_MEETINGS:
                if place_exactly(schedule, rng, slice_end, state):
                    progress.upper_bound = schedule.placed_priority
            else:
                # A fresh tabu run from the best schedule, with the random stream where the last one left it.
                schedule.restore(Repair(schedule, rng).run(slice_end, stall_limit))
        if schedule.placed_priority > before:
            progress.found()
    progress.placement_proven = schedule.placed_priority >= progress.upper_bound


def _slice_end(deadline: float) -> float:
    now = time.perf_counter()
    return min(deadline, now + max(MIN_SLICE_SECONDS, SLICE_SHARE * (deadline - now)))


def _gap_bound_met(problem: Problem, gaps: list[int], full: bool, progress: _Progress) -> bool:
    """Whether no schedule placing the same meetings can have fewer gaps than ``gaps`` (per participant)."""
    with_gaps = [p for p, g in enumerate(gaps) if g]
    if not with_gaps:
        return True
    if not full or len(with_gaps) > GAP_BOUND_MAX_PARTICIPANTS or any(gaps[p] > 1 for p in with_gaps):
        return False
    return all(_participant_bound(problem, p, progress) == 1 for p in with_gaps)


def _gap_lower_bound(problem: Problem, gaps: list[int], full: bool, progress: _Progress, budget_end: float) -> int:
    """A lower bound on the gaps of any schedule placing every placeable meeting (0 unless ``full``).

    A participant without gaps here has a gap-free full schedule of its own, so only the others count.
    """
    if not full:
        return 0
    # Each participant's check is a small search: past the budget the others count 0, still a valid bound.
    bound = 0
    for p, g in enumerate(gaps):
        if g and (p in progress.gap_bounds or time.perf_counter() < budget_end):
            bound += _participant_bound(problem, p, progress)
    return bound


def _participant_bound(problem: Problem, p: int, progress: _Progress) -> int:
    if p not in progress.gap_bounds:
        progress.gap_bounds[p] = participant_gap_lower_bound(problem, p)
    return progress.gap_bounds[p]


def first_come_first_served(instance: Instance) -> Solution:
    """The baseline: fixed meetings first, then each meeting in input order takes the first slot
    where it is allowed, both participants are free and a table is left."""
    started = time.perf_counter()
    problem = Problem.from_instance(instance)
    schedule = Schedule(problem)
    place_fixed(schedule)
    for m in range(problem.meeting_count):
        if schedule.slot_of[m] == UNPLACED:
            slot = next((s for s in problem.feasible[m] if schedule.fits(m, s)), None)
            if slot is not None:
                schedule.place(m, slot)
    return _solution(instance, problem, schedule, started, stopped="no_improvement")


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """The JSON-ready form of a solution, as printed by ``manage.py solve_schedule``.

    An in-person assignment is ``{"meeting", "slot", "table"}``, exactly as before online meetings
    existed; an online one is ``{"meeting", "slot", "table": None, "room"}``.
    """
    return {
        "assignments": [_assignment_to_dict(assignment) for assignment in solution.assignments],
        "unscheduled": list(solution.unscheduled),
        "stats": dataclasses.asdict(solution.stats),
    }


def _assignment_to_dict(assignment: Assignment) -> dict[str, Any]:
    document = {"meeting": assignment.meeting, "slot": assignment.slot, "table": assignment.table}
    if assignment.room is not None:
        document["room"] = assignment.room
    return document


def assign_places(instance: Instance, slot_of: list[int]) -> list[Assignment]:
    """Give every placed in-person meeting a table and every online one a room, fixed ones first.

    The free tables go in input order, the free rooms in number order (1, 2, ... in every slot). The
    search guarantees at most as many meetings of each kind per slot as there are places, so they never
    run out. In every slot, the tables come first (in input order), then the rooms.
    """
    fixed_tables = {f.meeting: f.table for f in instance.fixed if f.table is not None}
    fixed_rooms = {f.meeting: f.room for f in instance.fixed if f.room is not None}
    reserved = {(f.slot, f.table) for f in instance.fixed if f.table is not None}
    reserved_rooms = {(f.slot, f.room) for f in instance.fixed if f.room is not None}
    free_tables = [
        iter([table for table in instance.tables if (slot, table) not in reserved]) for slot in instance.slots
    ]
    free_rooms = [_free_rooms({room for at, room in reserved_rooms if at == slot}) for slot in instance.slots]
    assignments = []
    for meeting, s in zip(instance.meetings, slot_of, strict=True):
        if s == UNPLACED:
            continue
        if meeting.online:
            room = fixed_rooms.get(meeting.id) or next(free_rooms[s])
            assignments.append(Assignment(meeting=meeting.id, slot=instance.slots[s], table=None, room=room))
        else:
            table = fixed_tables.get(meeting.id) or next(free_tables[s])
            assignments.append(Assignment(meeting=meeting.id, slot=instance.slots[s], table=table))
    slot_order = {slot: index for index, slot in enumerate(instance.slots)}
    table_order = {table: index for index, table in enumerate(instance.tables)}

    def order(assignment: Assignment) -> tuple[int, int, int]:
        if assignment.table is None:
            return slot_order[assignment.slot], 1, assignment.room or 0
        return slot_order[assignment.slot], 0, table_order[assignment.table]

    return sorted(assignments, key=order)


def _free_rooms(reserved: set[int]) -> Iterator[int]:
    """Room numbers from 1 up, skipping the ``reserved`` ones."""
    return (room for room in itertools.count(1) if room not in reserved)


def _solution(instance: Instance, problem: Problem, schedule: Schedule, started: float, **bounds: Any) -> Solution:
    unscheduled = tuple(m.id for m, s in zip(instance.meetings, schedule.slot_of, strict=True) if s == UNPLACED)
    stats = Stats(
        placed=problem.meeting_count - len(unscheduled),
        placed_priority=schedule.placed_priority,
        unscheduled=len(unscheduled),
        gaps=schedule.total_gaps(),
        seconds=round(time.perf_counter() - started, 3),
        worst_participant_gaps=max((sum(_gaps(runs) for runs in per_block) for per_block in schedule.runs), default=0),
        **bounds,
    )
    return Solution(tuple(assign_places(instance, schedule.slot_of)), unscheduled, stats)
