"""Entry points: the solver, the first-come-first-served baseline, and turning schedules into output."""

import dataclasses
import random
import time
from typing import Any

from .compaction import compact
from .model import Assignment, Instance, Solution, Stats
from .placement import Repair, place_fixed, place_greedily
from .problem import UNPLACED, Problem, Schedule

# Share of the time limit the placement repair may use; compaction gets the rest.
PLACEMENT_SHARE = 0.6
# Share of the time limit kept for building the output once the search stops.
OUTPUT_SHARE = 0.03
# Repair iterations without progress before the search concludes nothing more fits.
MIN_STALL_ITERATIONS = 1_000


def solve(instance: Instance, *, time_limit: float = 10.0, seed: int = 0) -> Solution:
    """Schedule as much priority as possible, then remove as many gaps as possible.

    Placed priority always comes first: the compaction phase only moves meetings between slots
    and never unplaces one. The search is randomised but deterministic for a given ``seed``
    (unless the time limit cuts it short, when the result depends on the machine's speed).
    Returns the best solution found within ``time_limit`` seconds.
    """
    started = time.perf_counter()
    deadline = started + time_limit * (1 - OUTPUT_SHARE)
    rng = random.Random(seed)
    problem = Problem.from_instance(instance)
    schedule = Schedule(problem)
    place_fixed(schedule)
    place_greedily(schedule)
    stall_limit = max(MIN_STALL_ITERATIONS, problem.meeting_count)
    best = Repair(schedule, rng).run(started + PLACEMENT_SHARE * time_limit, stall_limit)
    schedule.restore(best)
    compact(schedule, rng, deadline)
    return _solution(instance, problem, schedule, started)


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
    return _solution(instance, problem, schedule, started)


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """The JSON-ready form of a solution, as printed by ``manage.py solve_schedule``."""
    return {
        "assignments": [dataclasses.asdict(assignment) for assignment in solution.assignments],
        "unscheduled": list(solution.unscheduled),
        "stats": dataclasses.asdict(solution.stats),
    }


def assign_tables(instance: Instance, slot_of: list[int]) -> list[Assignment]:
    """Give every placed meeting a table: fixed tables first, then the free ones in input order.

    The search guarantees at most one meeting per table in each slot, so the free tables never run out.
    """
    fixed_tables = {f.meeting: f.table for f in instance.fixed if f.table is not None}
    reserved = {(f.slot, f.table) for f in instance.fixed if f.table is not None}
    free_tables = [
        iter([table for table in instance.tables if (slot, table) not in reserved]) for slot in instance.slots
    ]
    assignments = [
        Assignment(
            meeting=meeting.id, slot=instance.slots[s], table=fixed_tables.get(meeting.id) or next(free_tables[s])
        )
        for meeting, s in zip(instance.meetings, slot_of, strict=True)
        if s != UNPLACED
    ]
    slot_order = {slot: index for index, slot in enumerate(instance.slots)}
    table_order = {table: index for index, table in enumerate(instance.tables)}
    return sorted(assignments, key=lambda a: (slot_order[a.slot], table_order[a.table]))


def _solution(instance: Instance, problem: Problem, schedule: Schedule, started: float) -> Solution:
    unscheduled = tuple(m.id for m, s in zip(instance.meetings, schedule.slot_of, strict=True) if s == UNPLACED)
    stats = Stats(
        placed=problem.meeting_count - len(unscheduled),
        placed_priority=schedule.placed_priority,
        unscheduled=len(unscheduled),
        gaps=schedule.total_gaps(),
        seconds=round(time.perf_counter() - started, 3),
    )
    return Solution(tuple(assign_tables(instance, schedule.slot_of)), unscheduled, stats)
