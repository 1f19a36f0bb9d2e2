"""Phase 3, stronger: simulated annealing over Kempe-chain moves, gaps first and fairness second.

A move takes a placed meeting from its slot ``s`` to another feasible slot ``t``. Whatever that
breaks is carried along: a participant now over capacity in ``t`` sends one of its meetings there
back to ``s``, which may push a participant over capacity in ``s``, and so on; a slot left with more
in-person meetings than tables (online meetings than rooms) sends one more of them across. The
closure is a Kempe chain of the two slots (for capacity-one participants, exactly the two-colour
component of the slot-colouring), so a single move can relocate one meeting, swap two, or exchange
a whole chain, and never breaks a hard constraint. Fixed meetings never move.

The search is lexicographic: a move that adds gaps is accepted with the usual probability
``exp(-added / temperature)``; among moves that keep the gaps, one that makes the distribution
fairer (a smaller sum of squared gaps per participant, the worst-off participant weighing most) is
always taken and one that makes it less fair only now and then. The best schedule is the one with
the fewest gaps, then the fewest gaps for the worst-off participant, then the smallest sum of squares.
The temperature falls geometrically over a run (a number of moves, or half the time left if that comes
first) and is raised again, from the best schedule, when the run ends;
the search stops at the deadline, when ``done`` says the bound is met, when several reheats in a
row bring nothing, or when no new best has come for half the time the best took to find (at least a second).
"""

import math
import random
import time
from collections.abc import Callable

from .problem import UNPLACED, Schedule, _gaps

CHAIN_LIMIT = 24
START_TEMPERATURE = 0.6
END_TEMPERATURE = 0.03
UNFAIR_SIDEWAYS_PROBABILITY = 0.05
# Moves per meeting in one cooling run (from START to END temperature).
MOVES_PER_MEETING_PER_RUN = 60
MIN_MOVES_PER_RUN = 2_000
# Cooling runs in a row without a new best before the search concludes it cannot improve.
STALE_RUNS = 6
# ...or this long without a new best: half the time the best took to find, and at least a second. On large
# instances a cooling run takes seconds, and six of them would fill any time limit (docs/performance.md).
PATIENCE_SHARE = 1.0
MIN_PATIENCE_SECONDS = 2.0
# A cooling run lasts at most this share of the time left.
RUN_TIME_SHARE = 0.5
FOCUS_PROBABILITY = 0.85
NEIGHBOUR_SLOT_PROBABILITY = 0.7
# Random picks among a full slot's meetings for one that can make room.
TABLE_SAMPLE_TRIES = 8


class Annealer:
    """Kempe-chain annealing on a schedule whose set of placed meetings never changes."""

    def __init__(self, schedule: Schedule, rng: random.Random, started: float) -> None:
        self.schedule = schedule
        self.problem = schedule.problem
        self.rng = rng
        self.started = started
        self.movable = [
            m
            for m in range(self.problem.meeting_count)
            if schedule.slot_of[m] != UNPLACED
            and m not in self.problem.fixed_slot
            and len(self.problem.feasible[m]) > 1
        ]
        self.feasible_sets = [frozenset(slots) for slots in self.problem.feasible]
        # The movable meetings of each kind of place and slot, in a list for sampling (``position`` makes removal O(1)).
        self.members = self._no_members()
        self.position = [0] * self.problem.meeting_count
        for m in self.movable:
            self._enter(m, schedule.slot_of[m])
        self.gaps = [self._participant_gaps(p) for p in range(len(self.problem.capacity))]
        self.total = sum(self.gaps)
        self.squares = sum(g * g for g in self.gaps)
        self.best = schedule.snapshot()
        self.best_key = self.key()
        self.best_found_at = time.perf_counter()
        self.moves = 0

    def key(self) -> tuple[int, int, int]:
        return self.total, max(self.gaps, default=0), self.squares

    def run(self, deadline: float, done: Callable[[list[int]], bool]) -> list[int]:
        """Search until ``deadline``, ``done(gaps per participant)`` or stagnation; return the best ``slot_of`` seen."""
        if not self.movable or done(self.gaps):
            return self.best
        moves_per_run = max(MIN_MOVES_PER_RUN, MOVES_PER_MEETING_PER_RUN * len(self.movable))
        ratio = END_TEMPERATURE / START_TEMPERATURE
        stale = 0
        while stale < STALE_RUNS:
            best_before = self.best_key
            # A run cools over its moves, or over a share of the time left if that comes first, so that a
            # slow machine still cools down before the deadline.
            run_started = time.perf_counter()
            run_seconds = max(1e-3, RUN_TIME_SHARE * (deadline - run_started))
            temperature = START_TEMPERATURE
            with_gaps = self._participants_with_gaps()
            step = 0
            while True:
                if step % 256 == 0:
                    now = time.perf_counter()
                    if now > deadline or now - self.best_found_at > self._patience():
                        return self.best
                    progress = max(step / moves_per_run, (now - run_started) / run_seconds)
                    if progress >= 1:
                        break
                    temperature = START_TEMPERATURE * ratio**progress
                    if step % 4096 == 0:
                        with_gaps = self._participants_with_gaps()
                step += 1
                self._try_move(*self._pick_meeting(with_gaps), temperature)
                if self._improves():
                    self._remember()
                    if done(self.gaps):
                        return self.best
            stale = stale + 1 if self.best_key >= best_before else 0
            # Start the next run from the best schedule: a reheat, not a random restart.
            self._restore(self.best)
        return self.best

    def _patience(self) -> float:
        return max(MIN_PATIENCE_SECONDS, PATIENCE_SHARE * (self.best_found_at - self.started))

    def _improves(self) -> bool:
        """Whether the current schedule beats the best; the worst-off participant is looked up only on a tie."""
        best_total, best_worst, best_squares = self.best_key
        if self.total != best_total:
            return self.total < best_total
        if self.squares >= best_squares and self.moves % 64:
            # A fairer worst-off participant nearly always lowers the squares too; check now and then anyway.
            return False
        return self.key() < self.best_key

    def _remember(self) -> None:
        self.best = self.schedule.snapshot()
        self.best_key = self.key()
        self.best_found_at = time.perf_counter()

    def _no_members(self) -> list[list[list[int]]]:
        return [[[] for _ in range(self.problem.slot_count)] for _ in self.problem.seats]

    def _restore(self, slot_of: list[int]) -> None:
        self.schedule.restore(slot_of)
        self.members = self._no_members()
        for m in self.movable:
            self._enter(m, slot_of[m])
        self.gaps = [self._participant_gaps(p) for p in range(len(self.problem.capacity))]
        self.total = sum(self.gaps)
        self.squares = sum(g * g for g in self.gaps)

    def _participants_with_gaps(self) -> list[int]:
        return [p for p, g in enumerate(self.gaps) if g]

    def _pick_meeting(self, with_gaps: list[int]) -> tuple[int, int | None]:
        """A meeting to move and, when it was picked for a participant with gaps, that participant."""
        rng = self.rng
        if with_gaps and rng.random() < FOCUS_PROBABILITY:
            p = with_gaps[rng.randrange(len(with_gaps))]
            meetings = self.problem.meetings_of[p]
            m = meetings[rng.randrange(len(meetings))]
            if self.schedule.slot_of[m] != UNPLACED and m not in self.problem.fixed_slot:
                return m, p
        return self.movable[rng.randrange(len(self.movable))], None

    def _target(self, m: int, p: int | None) -> int:
        """A slot for ``m``: usually, for a participant with gaps, a free slot next to one where it is busy."""
        problem, rng = self.problem, self.rng
        options = problem.feasible[m]
        if p is not None and rng.random() < NEIGHBOUR_SLOT_PROBABILITY:
            load = self.schedule.load[p]
            block_of = problem.block_of
            near = [
                t
                for t in options
                if not load[t]
                and ((t > block_of[t].start and load[t - 1]) or (t + 1 < block_of[t].stop and load[t + 1]))
            ]
            if near:
                return near[rng.randrange(len(near))]
        return options[rng.randrange(len(options))]

    def _participant_gaps(self, p: int) -> int:
        return sum(_gaps(runs) for runs in self.schedule.runs[p])

    def _try_move(self, m: int, p: int | None, temperature: float) -> None:
        schedule, problem = self.schedule, self.problem
        s = schedule.slot_of[m]
        t = self._target(m, p)
        if t == s:
            return
        chain = self._chain(m, s, t)
        if chain is None:
            return
        to_t, to_s = chain
        involved = {problem.a[x] for x in to_t} | {problem.b[x] for x in to_t}
        involved |= {problem.a[x] for x in to_s} | {problem.b[x] for x in to_s}
        before = {p: self.gaps[p] for p in involved}
        self._shift(to_t, to_s, t, s)
        after = {p: self._participant_gaps(p) for p in involved}
        added = sum(after.values()) - sum(before.values())
        if added > 0:
            accept = self.rng.random() < math.exp(-added / temperature)
        elif added < 0:
            accept = True
        else:
            squares = sum(g * g for g in after.values()) - sum(g * g for g in before.values())
            accept = squares <= 0 or self.rng.random() < UNFAIR_SIDEWAYS_PROBABILITY
        if not accept:
            self._shift(to_t, to_s, s, t)
            return
        self.moves += 1
        for p, g in after.items():
            self.squares += g * g - self.gaps[p] * self.gaps[p]
            self.gaps[p] = g
        self.total += added

    def _shift(self, to_t: list[int], to_s: list[int], t: int, s: int) -> None:
        """Put ``to_t`` into ``t`` and ``to_s`` into ``s`` (calling it with the slots crossed undoes it)."""
        schedule = self.schedule
        for x in to_t:
            self._leave(x, schedule.slot_of[x])
            schedule.remove(x)
        for x in to_s:
            self._leave(x, schedule.slot_of[x])
            schedule.remove(x)
        for x in to_t:
            schedule.place(x, t)
            self._enter(x, t)
        for x in to_s:
            schedule.place(x, s)
            self._enter(x, s)

    def _enter(self, m: int, s: int) -> None:
        members = self.members[self.problem.pool[m]][s]
        self.position[m] = len(members)
        members.append(m)

    def _leave(self, m: int, s: int) -> None:
        members = self.members[self.problem.pool[m]][s]
        last = members.pop()
        if last != m:
            members[self.position[m]] = last
            self.position[last] = self.position[m]

    def _chain(self, m: int, s: int, t: int) -> tuple[list[int], list[int]] | None:
        """The Kempe chain moving ``m`` from ``s`` to ``t``: (meetings going to t, meetings going to s), or None."""
        schedule, problem = self.schedule, self.problem
        feasible, fixed, rng = self.feasible_sets, problem.fixed_slot, self.rng
        pool, seats = problem.pool, problem.seats
        to_t, to_s = [m], []
        moving = {m}
        # Net change of each touched participant's load in t (the load in s changes by the opposite).
        shift: dict[int, int] = {}
        pending = [problem.a[m], problem.b[m]]
        shift[problem.a[m]] = shift.get(problem.a[m], 0) + 1
        shift[problem.b[m]] = shift.get(problem.b[m], 0) + 1
        # Net change of the places of each kind taken in t.
        place_shift = [0] * len(seats)
        place_shift[pool[m]] = 1
        while True:
            while pending:
                p = pending.pop()
                capacity = problem.capacity[p]
                if schedule.load[p][t] + shift[p] > capacity:
                    source, target, out = t, s, to_s
                elif schedule.load[p][s] - shift[p] > capacity:
                    source, target, out = s, t, to_t
                else:
                    continue
                candidates = [x for x in schedule.meetings_at(p, source) if x not in moving]
                if not candidates:
                    return None
                x = candidates[rng.randrange(len(candidates))] if len(candidates) > 1 else candidates[0]
                if x in fixed or target not in feasible[x] or len(moving) >= CHAIN_LIMIT:
                    return None
                out.append(x)
                moving.add(x)
                step = 1 if target == t else -1
                place_shift[pool[x]] += step
                for q in (problem.a[x], problem.b[x]):
                    shift[q] = shift.get(q, 0) + step
                    pending.append(q)
                pending.append(p)
            for k in problem.pools_used:
                if schedule.occupancy[k][t] + place_shift[k] > seats[k]:
                    source, target, out, step = t, s, to_s, -1
                    break
                if schedule.occupancy[k][s] - place_shift[k] > seats[k]:
                    source, target, out, step = s, t, to_t, 1
                    break
            else:
                return to_t, to_s
            if len(moving) >= CHAIN_LIMIT:
                return None
            x = self._sample(source, target, moving, k)
            if x is None:
                return None
            out.append(x)
            moving.add(x)
            place_shift[k] += step
            for q in (problem.a[x], problem.b[x]):
                shift[q] = shift.get(q, 0) + step
                pending.append(q)

    def _sample(self, source: int, target: int, moving: set[int], k: int) -> int | None:
        """A random movable meeting of kind ``k`` in ``source`` that may go to ``target`` and is not moving yet
        (a few tries)."""
        members = self.members[k][source]
        if not members:
            return None
        for _ in range(TABLE_SAMPLE_TRIES):
            x = members[self.rng.randrange(len(members))]
            if x not in moving and target in self.feasible_sets[x]:
                return x
        return None
