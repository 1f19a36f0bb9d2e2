"""Augmenting ejection chains: fit an unplaced meeting in by moving others, without unplacing anyone.

A chain puts the meeting into a slot, which displaces one meeting; that one moves to another
slot, displacing one more, and so on until a displaced meeting finds a slot with room. In a
graph with capacity-one participants this is exactly a Kempe-chain swap between two slots, the
move that proves a bipartite meeting graph fits in as many slots as its busiest participant has
meetings. Chains are searched breadth first, so the shortest one is found, within a budget of
explored nodes.
"""

from collections import deque
from dataclasses import dataclass

from .problem import UNPLACED, Schedule

# A full slot could let any of its meetings make room; following a few keeps the search narrow.
TABLE_VICTIMS_PER_SLOT = 6


@dataclass(frozen=True, slots=True)
class Step:
    """Unplace ``victim`` (if any) and put ``meeting`` into ``slot``."""

    meeting: int
    slot: int
    victim: int | None


def augment(schedule: Schedule, m: int, node_budget: int) -> bool:
    """Place unplaced meeting ``m`` through an ejection chain; leave the schedule untouched on failure."""
    problem = schedule.problem
    if all(sum(schedule.occupancy[k]) >= problem.slot_count * problem.seats[k] for k in problem.pools_used):
        return False  # Every chain ends in a free table or room, and there is none.
    seen = {m}
    frontier: deque[tuple[Step, ...]] = deque([()])
    while frontier and node_budget > 0:
        node_budget -= 1
        path = frontier.popleft()
        pending = path[-1].victim if path else m
        undo = _apply(schedule, path)
        children = [step for step in _steps(schedule, pending) if step.victim is None or step.victim not in seen]
        _undo(schedule, undo)
        for step in children:
            if step.victim is None:
                _apply(schedule, (*path, step))
                return True
            seen.add(step.victim)
            frontier.append((*path, step))
    return False


def _steps(schedule: Schedule, pending: int) -> list[Step]:
    """Every way to put unplaced meeting ``pending`` into a slot by unplacing at most one movable meeting."""
    problem = schedule.problem
    a, b, k = problem.a[pending], problem.b[pending], problem.pool[pending]
    pool = problem.pool
    steps = []
    for s in problem.feasible[pending]:
        a_full = schedule.load[a][s] >= problem.capacity[a]
        b_full = schedule.load[b][s] >= problem.capacity[b]
        places_full = schedule.occupancy[k][s] >= problem.seats[k]
        if a_full and b_full:
            # Only a meeting of the same two participants frees both at once.
            victims = [v for v in schedule.meetings_at(a, s) if b in (problem.a[v], problem.b[v])]
        elif a_full or b_full:
            victims = schedule.meetings_at(a if a_full else b, s)
        elif places_full:
            victims = [v for ms in schedule.movable_by_priority[k][s].values() for v in ms][:TABLE_VICTIMS_PER_SLOT]
        else:
            return [Step(pending, s, None)]
        if places_full:
            # The one victim must free a place of the kind the pending meeting needs, too.
            victims = [v for v in victims if pool[v] == k]
        steps.extend(Step(pending, s, v) for v in victims if v not in problem.fixed_slot)
    return steps


def _apply(schedule: Schedule, path: tuple[Step, ...]) -> list[tuple[int, int]]:
    """Carry out the steps and return the original slot of every meeting they touched."""
    undo = []
    for step in path:
        if step.victim is not None:
            undo.append((step.victim, schedule.slot_of[step.victim]))
            schedule.remove(step.victim)
        if not any(meeting == step.meeting for meeting, _ in undo):
            undo.append((step.meeting, UNPLACED))
        schedule.place(step.meeting, step.slot)
    return undo


def _undo(schedule: Schedule, undo: list[tuple[int, int]]) -> None:
    for meeting, _ in undo:
        if schedule.slot_of[meeting] != UNPLACED:
            schedule.remove(meeting)
    for meeting, slot in undo:
        if slot != UNPLACED:
            schedule.place(meeting, slot)
