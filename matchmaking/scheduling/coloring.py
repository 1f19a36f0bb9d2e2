"""Looking for a schedule that places every placeable meeting, by tabu search over complete assignments.

This is TabuCol (Hertz & de Werra, 1987; Galinier & Hao's tenure) adapted to capacities: every
meeting always has a slot, and the search lowers the *conflicts* (meetings above a participant's
capacity in a slot, plus meetings above the number of tables, or online meetings above the number
of rooms, in a slot) by moving one conflicting
meeting at a time to the slot where it conflicts least. A move may not undo a recent one unless it
reaches fewer conflicts than ever. Zero conflicts is a valid full schedule.

It complements the partial-schedule search of :mod:`.placement`, which is at its best when some
meetings must stay out: on tight instances (every table of every slot needed) the partial search
can stall one meeting short, while this search moves freely through invalid schedules.
"""

import random
import time

from .problem import UNPLACED, Schedule

BASE_TENURE = 7
TENURE_PER_CONFLICT = 0.6


def place_everything(schedule: Schedule, rng: random.Random, deadline: float, max_iterations: int) -> bool:
    """Try to place every meeting with a feasible slot; on success ``schedule`` holds the full schedule."""
    problem = schedule.problem
    a, b, capacity, pool, seats = problem.a, problem.b, problem.capacity, problem.pool, problem.seats
    fixed = problem.fixed_slot
    meetings = [m for m in range(problem.meeting_count) if problem.feasible[m]]
    slot_of = list(schedule.slot_of)
    load = [list(row) for row in schedule.load]
    # The occupancy of the kind of place each meeting takes, and how many places of that kind a slot has.
    occupancy_of = [list(row) for row in schedule.occupancy]
    occupancy = [occupancy_of[k] for k in pool]
    tables = [seats[k] for k in pool]
    for m in meetings:
        if slot_of[m] == UNPLACED:
            s = min(
                problem.feasible[m],
                key=lambda s: (
                    (load[a[m]][s] >= capacity[a[m]])
                    + (load[b[m]][s] >= capacity[b[m]])
                    + (occupancy[m][s] >= tables[m])
                ),
            )
            slot_of[m] = s
            load[a[m]][s] += 1
            load[b[m]][s] += 1
            occupancy[m][s] += 1

    def conflicting(m: int) -> bool:
        s = slot_of[m]
        return load[a[m]][s] > capacity[a[m]] or load[b[m]][s] > capacity[b[m]] or occupancy[m][s] > tables[m]

    def total_conflicts() -> int:
        over = sum(max(0, load[p][s] - capacity[p]) for p in range(len(capacity)) for s in range(problem.slot_count))
        return over + sum(max(0, o - seats[k]) for k, row in enumerate(occupancy_of) for o in row)

    conflicts = total_conflicts()
    best_conflicts = conflicts
    tabu_until: dict[tuple[int, int], int] = {}
    movable = [m for m in meetings if m not in fixed and len(problem.feasible[m]) > 1]
    for iteration in range(max_iterations):
        if conflicts == 0:
            break
        if iteration % 64 == 0 and time.perf_counter() > deadline:
            return False
        candidates = [m for m in movable if conflicting(m)]
        best_move, best_delta, ties = None, 0, 0
        for m in candidates:
            s, pa, pb, occupied, places = slot_of[m], a[m], b[m], occupancy[m], tables[m]
            leave = -(load[pa][s] > capacity[pa]) - (load[pb][s] > capacity[pb]) - (occupied[s] > places)
            for t in problem.feasible[m]:
                if t == s:
                    continue
                delta = leave + (load[pa][t] >= capacity[pa]) + (load[pb][t] >= capacity[pb]) + (occupied[t] >= places)
                if tabu_until.get((m, t), -1) > iteration and conflicts + delta >= best_conflicts:
                    continue
                if best_move is None or delta < best_delta:
                    best_move, best_delta, ties = (m, t), delta, 1
                elif delta == best_delta:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        best_move = (m, t)
        if best_move is None:
            continue
        m, t = best_move
        s = slot_of[m]
        for p in (a[m], b[m]):
            load[p][s] -= 1
            load[p][t] += 1
        occupancy[m][s] -= 1
        occupancy[m][t] += 1
        slot_of[m] = t
        conflicts += best_delta
        best_conflicts = min(best_conflicts, conflicts)
        tabu_until[m, s] = (
            iteration + BASE_TENURE + rng.randrange(BASE_TENURE) + int(TENURE_PER_CONFLICT * len(candidates))
        )
    if conflicts:
        return False
    schedule.restore(slot_of)
    return True
