"""Phase 3 of the solver: remove gaps without unplacing anything.

The set of placed meetings is frozen; only their slots change. For a meeting of a participant
with gaps, every other feasible slot is tried, either moving the meeting there (when it fits) or
swapping it with a meeting there that shares a participant with it. The best move is taken when
it removes gaps, and also, now and then, when it keeps them equal: these sideways moves let the
search drift across plateaus where no single move helps. Rounds repeat until one brings nothing.
"""

import random
import time

from .problem import UNPLACED, Schedule

SIDEWAYS_PROBABILITY = 0.3
# Rounds in a row that may pass without removing a gap before the search stops.
PATIENCE_ROUNDS = 3


def compact(schedule: Schedule, rng: random.Random, deadline: float) -> None:
    """Lower the schedule's gaps in place until no round helps or ``deadline`` passes."""
    problem = schedule.problem
    stale_rounds = 0
    while stale_rounds < PATIENCE_ROUNDS:
        gaps_before = schedule.total_gaps()
        with_gaps = [p for p in range(len(problem.capacity)) if _has_gaps(schedule, p)]
        if not with_gaps:
            return
        rng.shuffle(with_gaps)
        for p in with_gaps:
            if time.perf_counter() > deadline:
                return
            for m in _movable_meetings(schedule, p, rng):
                _improve_meeting(schedule, m, rng)
        stale_rounds = stale_rounds + 1 if schedule.total_gaps() >= gaps_before else 0


def _has_gaps(schedule: Schedule, p: int) -> bool:
    return any(runs > 1 for runs in schedule.runs[p])


def _movable_meetings(schedule: Schedule, p: int, rng: random.Random) -> list[int]:
    problem = schedule.problem
    meetings = [m for m in problem.meetings_of[p] if schedule.slot_of[m] != UNPLACED and m not in problem.fixed_slot]
    rng.shuffle(meetings)
    return meetings


def _improve_meeting(schedule: Schedule, m: int, rng: random.Random) -> None:
    """Apply the best gap-lowering (or, sometimes, gap-neutral) relocation or swap of placed meeting ``m``."""
    moves, swap_slots = _relocations(schedule, m)
    moves += [
        (_delta(schedule, m, s, partner), s, partner) for s in swap_slots for partner in _swap_partners(schedule, m, s)
    ]
    if not moves:
        return
    best_delta = min(delta for delta, _, _ in moves)
    if best_delta > 0 or (best_delta == 0 and rng.random() >= SIDEWAYS_PROBABILITY):
        return
    _, slot, partner = rng.choice([move for move in moves if move[0] == best_delta])
    _exchange(schedule, m, slot, partner)


def _relocations(schedule: Schedule, m: int) -> tuple[list[tuple[int, int, int | None]], list[int]]:
    """Plain moves of ``m`` as (gap change, slot, None), and the slots worth a swap.

    With ``m`` lifted out, the change of moving it is exact and O(1) per slot. A slot where a
    participant of ``m`` is at capacity is worth a swap when arriving there would not add gaps.
    """
    problem = schedule.problem
    own = schedule.slot_of[m]
    a, b = problem.a[m], problem.b[m]
    before = schedule.gaps_of(a, own) + schedule.gaps_of(b, own)
    schedule.remove(m)
    lifted = schedule.gaps_of(a, own) + schedule.gaps_of(b, own) - before
    moves: list[tuple[int, int, int | None]] = []
    swap_slots = []
    for s in problem.feasible[m]:
        if s == own:
            continue
        delta = lifted + schedule.gaps_added_by_busying(a, s) + schedule.gaps_added_by_busying(b, s)
        if schedule.fits(m, s):
            moves.append((delta, s, None))
        elif delta <= 0:
            swap_slots.append(s)
    schedule.place(m, own)
    return moves, swap_slots


def _swap_partners(schedule: Schedule, m: int, s: int) -> list[int]:
    """Meetings in slot ``s`` sharing a participant with ``m`` that can trade slots with it."""
    problem = schedule.problem
    own = schedule.slot_of[m]
    partners = {*schedule.meetings_at(problem.a[m], s), *schedule.meetings_at(problem.b[m], s)}
    return [
        partner
        for partner in sorted(partners)
        if partner not in problem.fixed_slot
        and own in problem.feasible[partner]
        and _fits_after_leaving(schedule, m, s, partner)
        and _fits_after_leaving(schedule, partner, own, m)
    ]


def _fits_after_leaving(schedule: Schedule, m: int, s: int, leaving: int | None) -> bool:
    """Whether placed meeting ``m`` fits in slot ``s`` once ``leaving`` (a meeting now in ``s``) has left it."""
    problem = schedule.problem
    k = problem.pool[m]
    freed_a = freed_b = freed_place = 0
    if leaving is not None:
        freed_a = problem.a[m] in (problem.a[leaving], problem.b[leaving])
        freed_b = problem.b[m] in (problem.a[leaving], problem.b[leaving])
        freed_place = problem.pool[leaving] == k
    return (
        schedule.occupancy[k][s] - freed_place < problem.seats[k]
        and schedule.load[problem.a[m]][s] - freed_a < problem.capacity[problem.a[m]]
        and schedule.load[problem.b[m]][s] - freed_b < problem.capacity[problem.b[m]]
    )


def _delta(schedule: Schedule, m: int, s: int, partner: int | None) -> int:
    """The change in gaps if ``m`` moves to ``s`` (and ``partner`` to the slot ``m`` leaves)."""
    problem = schedule.problem
    own = schedule.slot_of[m]
    involved = {problem.a[m], problem.b[m]}
    if partner is not None:
        involved |= {problem.a[partner], problem.b[partner]}
    blocks = {own, s} if problem.block_index[own] != problem.block_index[s] else {own}
    before = sum(schedule.gaps_of(p, slot) for p in involved for slot in blocks)
    _exchange(schedule, m, s, partner)
    after = sum(schedule.gaps_of(p, slot) for p in involved for slot in blocks)
    _exchange(schedule, m, own, partner)
    return after - before


def _exchange(schedule: Schedule, m: int, s: int, partner: int | None) -> None:
    """Move ``m`` to ``s``; a ``partner`` takes the slot ``m`` leaves (calling it again undoes it)."""
    own = schedule.slot_of[m]
    if partner is None:
        schedule.move(m, s)
        return
    schedule.remove(m)
    schedule.move(partner, own)
    schedule.place(m, s)
