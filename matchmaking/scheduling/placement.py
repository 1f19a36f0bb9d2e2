"""Phases 1 and 2 of the solver: place as much priority as possible.

The greedy places the most constrained meetings first. Each meeting it leaves out is then offered
an augmenting ejection chain (:mod:`.chains`), which places it without unplacing anyone. What is
still out goes to a tabu search in the style of PartialCol (Blöchliger & Zufferey, 2008), which
may trade meetings: a move puts an unplaced meeting into a slot and unplaces whatever blocks it
there (one meeting per participant at capacity, and one meeting of the same kind when the slot's
tables, or rooms for an online meeting, are all taken), then tries to re-place the ejected meetings
at once. Moves that lose priority are allowed so the search can cross plateaus; an ejected meeting
may not return to its slot for a while, which stops the search from undoing its own moves.
"""

import random
import time
from dataclasses import dataclass

from .chains import augment
from .problem import UNPLACED, Schedule

TABU_BASE_TENURE = 10
TABU_TENURE_PER_UNPLACED = 0.6
CANDIDATES_PER_ITERATION = 12
TABLE_VICTIM_SAMPLE = 16
CHAIN_NODE_BUDGET = 2_000
VICTIM_CHAIN_NODE_BUDGET = 50


def place_fixed(schedule: Schedule) -> None:
    for m, s in schedule.problem.fixed_slot.items():
        schedule.place(m, s)


def place_greedily(schedule: Schedule) -> None:
    """Place the meetings with the fewest feasible slots (then highest priority) first."""
    problem = schedule.problem
    order = sorted(
        (m for m in range(problem.meeting_count) if schedule.slot_of[m] == UNPLACED),
        key=lambda m: (len(problem.feasible[m]), -problem.priority[m]),
    )
    for m in order:
        slot = best_free_slot(schedule, m)
        if slot is not None:
            schedule.place(m, slot)


def best_free_slot(schedule: Schedule, m: int) -> int | None:
    """The free feasible slot for unplaced meeting ``m`` adding the fewest gaps, or ``None``.

    Ties go to the earliest slot, which keeps days compact much as a human planner would.
    """
    problem = schedule.problem
    a, b = problem.a[m], problem.b[m]
    best_slot, best_added = None, 0
    for s in problem.feasible[m]:
        if schedule.fits(m, s):
            added = schedule.gaps_added_by_busying(a, s) + schedule.gaps_added_by_busying(b, s)
            if best_slot is None or added < best_added:
                best_slot, best_added = s, added
    return best_slot


@dataclass(frozen=True, slots=True)
class Move:
    """Place ``meeting`` in ``slot`` after unplacing ``victims``, plus one more meeting of the slot
    taking the same kind of place when ``needs_table`` (that one is chosen only when the move is applied)."""

    meeting: int
    slot: int
    victims: tuple[int, ...]
    needs_table: bool


class Repair:
    """Tabu search over unplaced meetings; remembers the best schedule seen."""

    def __init__(self, schedule: Schedule, rng: random.Random) -> None:
        self.schedule = schedule
        self.problem = schedule.problem
        self.rng = rng
        self.tabu_until: dict[tuple[int, int], int] = {}
        self.iteration = 0
        self.unplaced = {
            m for m in range(self.problem.meeting_count) if schedule.slot_of[m] == UNPLACED and self.problem.feasible[m]
        }
        self.best = schedule.snapshot()
        self.best_priority = schedule.placed_priority

    def run(self, deadline: float, stall_limit: int) -> list[int]:
        """Search until every placeable meeting is placed, progress stalls or the deadline passes.

        Returns the best assignment found (``slot_of`` per meeting), which may differ from the
        schedule's final state.
        """
        for m in sorted(self.unplaced, key=lambda m: -self.problem.priority[m]):
            if time.perf_counter() > deadline:
                break
            if augment(self.schedule, m, CHAIN_NODE_BUDGET):
                self.unplaced.discard(m)
        self._remember_if_best()
        last_improvement = 0
        while self.unplaced and self.iteration - last_improvement < stall_limit:
            if self.iteration % 32 == 0 and time.perf_counter() > deadline:
                break
            self.iteration += 1
            move = self._choose_move()
            if move is None:
                break
            self._apply(move)
            if self._remember_if_best():
                last_improvement = self.iteration
        return self.best

    def _remember_if_best(self) -> bool:
        if self.schedule.placed_priority <= self.best_priority:
            return False
        self.best_priority = self.schedule.placed_priority
        self.best = self.schedule.snapshot()
        return True

    def _choose_move(self) -> Move | None:
        """The cheapest non-tabu move (priority ejected minus priority placed), ties broken at random."""
        candidates = list(self.unplaced)
        if len(candidates) > CANDIDATES_PER_ITERATION:
            candidates = self.rng.sample(candidates, CANDIDATES_PER_ITERATION)
        priority = self.problem.priority
        best_move, best_cost, ties = None, 0, 0
        for m in candidates:
            for s in self.problem.feasible[m]:
                priced = self._price(m, s)
                if priced is None:
                    continue
                move, ejected_priority = priced
                cost = ejected_priority - priority[m]
                if self._is_tabu(m, s) and self.schedule.placed_priority - cost <= self.best_priority:
                    continue
                if best_move is None or cost < best_cost:
                    best_move, best_cost, ties = move, cost, 1
                elif cost == best_cost:
                    ties += 1
                    if self.rng.randrange(ties) == 0:
                        best_move = move
        return best_move

    def _price(self, m: int, s: int) -> tuple[Move, int] | None:
        """The move putting ``m`` into ``s`` and the priority it ejects; ``None`` if fixed meetings block it."""
        problem, schedule = self.problem, self.schedule
        victims: list[int] = []
        for p in (problem.a[m], problem.b[m]):
            freed = sum(1 for v in victims if p in (problem.a[v], problem.b[v]))
            if schedule.load[p][s] - freed >= problem.capacity[p]:
                movable = [v for v in schedule.meetings_at(p, s) if v not in victims and v not in problem.fixed_slot]
                if not movable:
                    return None
                victims.append(min(movable, key=problem.priority.__getitem__))
        ejected_priority = sum(problem.priority[v] for v in victims)
        # A slot never holds more meetings of a kind than it has places, so one victim of the same kind frees one.
        k = problem.pool[m]
        freed = sum(1 for v in victims if problem.pool[v] == k)
        needs_table = schedule.occupancy[k][s] - freed >= problem.seats[k]
        if needs_table:
            cheapest = schedule.cheapest_movable_priority(s, k)
            if cheapest is None:
                return None
            ejected_priority += cheapest
        return Move(m, s, tuple(victims), needs_table), ejected_priority

    def _table_victim(self, s: int, k: int) -> int:
        """A cheapest movable meeting of kind ``k`` in slot ``s``, preferring one that another slot can take at once."""
        schedule = self.schedule
        cheapest = schedule.cheapest_movable_priority(s, k)
        candidates = sorted(schedule.movable_by_priority[k][s][cheapest])
        if len(candidates) > TABLE_VICTIM_SAMPLE:
            candidates = self.rng.sample(candidates, TABLE_VICTIM_SAMPLE)
        return next((m for m in candidates if self._has_free_slot_elsewhere(m)), candidates[0])

    def _has_free_slot_elsewhere(self, m: int) -> bool:
        schedule = self.schedule
        own = schedule.slot_of[m]
        schedule.remove(m)
        found = any(s != own and schedule.fits(m, s) for s in self.problem.feasible[m])
        schedule.place(m, own)
        return found

    def _is_tabu(self, m: int, s: int) -> bool:
        return self.tabu_until.get((m, s), 0) > self.iteration

    def _apply(self, move: Move) -> None:
        schedule, s = self.schedule, move.slot
        victims = list(move.victims)
        if move.needs_table:
            victims.append(self._table_victim(s, self.problem.pool[move.meeting]))
        tenure = TABU_BASE_TENURE + int(TABU_TENURE_PER_UNPLACED * len(self.unplaced))
        for victim in victims:
            schedule.remove(victim)
            self.tabu_until[victim, s] = self.iteration + 1 + self.rng.randrange(tenure)
        schedule.place(move.meeting, s)
        self.unplaced.discard(move.meeting)
        for victim in victims:
            slot = best_free_slot(schedule, victim)
            if slot is not None:
                schedule.place(victim, slot)
            elif not augment(schedule, victim, VICTIM_CHAIN_NODE_BUDGET):
                self.unplaced.add(victim)
