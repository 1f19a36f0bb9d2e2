"""Bounds that tell the solver when to stop: no schedule can place more, no full schedule has fewer gaps.

*Placement upper bound.* Three relaxations of "place the most priority", each solved exactly, the
smallest of them kept:

* every meeting with at least one feasible slot is placed;
* the slots alone (tables per slot, each meeting in one of its feasible slots; participants ignored):
  the meetings that fit form a transversal matroid, so taking them by falling priority and keeping
  each one an augmenting path can seat gives the heaviest set that fits; online meetings take rooms,
  not tables, so they form a matroid of their own, solved the same way, and the two add up;
* each participant alone (its capacity per slot, each of its meetings in one of its feasible slots):
  the same matroid argument gives the least priority it must give up; a meeting left out is counted
  by at most two participants, so the total loss is at least the largest of these and at least half
  their sum.

*Gap lower bound*, only when every meeting that has a feasible slot is placed (then every optimal
schedule places them all too): a participant with capacity 1 and ``n`` meetings is busy in exactly
``n`` slots. If no choice of one run of slots per block, ``n`` slots in all, lets each of its
meetings take a different slot of the runs (a perfect matching), the participant has at least one
gap in every full schedule. Only participants with a gap in the schedule at hand need the check: the
others contribute 0 either way. A participant whose check would take too long counts 0, which keeps
the bound valid.
"""

from collections.abc import Iterable, Sequence

from .problem import Problem

# Candidate sets of runs tried per participant before the gap check gives up (and counts 0).
RUN_CHOICES_BUDGET = 400
# The slots relaxation walks augmenting paths through every seated meeting; beyond this size it is skipped.
SLOT_RELAXATION_MAX_MEETINGS = 3_000


def placeable_total(problem: Problem) -> int:
    """The priority of every meeting that has at least one feasible slot."""
    return sum(p for p, slots in zip(problem.priority, problem.feasible, strict=True) if slots)


def placement_upper_bound(problem: Problem) -> int:
    """An upper bound on the placed priority of any valid schedule (see the module's docstring)."""
    bound = placeable_total(problem)
    if problem.meeting_count <= SLOT_RELAXATION_MAX_MEETINGS:
        fitting = 0
        for k in problem.pools_used:
            capacities = [problem.seats[k]] * problem.slot_count
            meetings = [m for m in range(problem.meeting_count) if problem.feasible[m] and problem.pool[m] == k]
            fitting += _heaviest_fitting(problem, meetings, capacities)
        bound = min(bound, fitting)
    losses = []
    for p, meetings in enumerate(problem.meetings_of):
        meetings = [m for m in meetings if problem.feasible[m]]
        capacities = [problem.capacity[p]] * problem.slot_count
        losses.append(sum(problem.priority[m] for m in meetings) - _heaviest_fitting(problem, meetings, capacities))
    if losses:
        forced = max(max(losses), (sum(losses) + 1) // 2)
        bound = min(bound, placeable_total(problem) - forced)
    return bound


def _slots_of(problem: Problem, meetings: Iterable[int]) -> set[int]:
    return {s for m in meetings for s in problem.feasible[m]}


def _heaviest_fitting(problem: Problem, meetings: Sequence[int], capacities: list[int]) -> int:
    """The heaviest priority of a subset of ``meetings`` that fits into slots of the given capacities.

    Greedy over a transversal matroid: meetings by falling priority, each kept when an augmenting
    path (moving seated meetings to other feasible slots) finds it a seat.
    """
    seated: list[list[int]] = [[] for _ in capacities]
    total = 0
    for m in sorted(meetings, key=lambda m: -problem.priority[m]):
        if _seat(problem, m, seated, capacities):
            total += problem.priority[m]
    return total


def _seat(problem: Problem, m: int, seated: list[list[int]], capacities: list[int]) -> bool:
    """Breadth-first search for an augmenting path that seats ``m``; apply it if found."""
    parent: dict[int, tuple[int, int | None]] = {}  # slot -> (meeting that enters it, slot that meeting leaves)
    frontier = []
    for s in problem.feasible[m]:
        if s not in parent:
            parent[s] = (m, None)
            frontier.append(s)
    while frontier:
        next_frontier = []
        for s in frontier:
            if len(seated[s]) < capacities[s]:
                _augment(s, parent, seated)
                return True
            for other in seated[s]:
                for t in problem.feasible[other]:
                    if t not in parent:
                        parent[t] = (other, s)
                        next_frontier.append(t)
        frontier = next_frontier
    return False


def _augment(s: int, parent: dict[int, tuple[int, int | None]], seated: list[list[int]]) -> None:
    while True:
        meeting, left = parent[s]
        seated[s].append(meeting)
        if left is None:
            return
        seated[left].remove(meeting)
        s = left


def participant_gap_lower_bound(problem: Problem, p: int) -> int:
    """0 or 1: whether participant ``p`` must have a gap in any schedule placing all its feasible meetings.

    Returns 0 when the check is inconclusive (capacity above 1, or too many run choices to try).
    """
    if problem.capacity[p] != 1:
        return 0
    meetings = [m for m in problem.meetings_of[p] if problem.feasible[m]]
    if not meetings:
        return 0
    blocks = _runs_per_block(problem, _slots_of(problem, meetings))
    budget = [RUN_CHOICES_BUDGET]
    found = _one_run_per_block(problem, meetings, blocks, 0, len(meetings), [], budget)
    if found or budget[0] <= 0:
        return 0
    return 1


def _runs_per_block(problem: Problem, usable: set[int]) -> list[list[range]]:
    """For each block, the maximal runs of consecutive usable slots."""
    blocks: dict[int, list[range]] = {}
    for s in sorted(usable):
        runs = blocks.setdefault(problem.block_index[s], [])
        if runs and runs[-1].stop == s:
            runs[-1] = range(runs[-1].start, s + 1)
        else:
            runs.append(range(s, s + 1))
    return list(blocks.values())


def _one_run_per_block(
    problem: Problem,
    meetings: list[int],
    blocks: list[list[range]],
    index: int,
    remaining: int,
    chosen: list[int],
    budget: list[int],
) -> bool:
    """Whether some run per block (or none), ``remaining`` slots in all from block ``index`` on, seats every meeting."""
    if budget[0] <= 0:
        return False
    if index == len(blocks):
        if remaining:
            return False
        budget[0] -= 1
        return _perfect_matching(problem, meetings, set(chosen))
    room_after = sum(max((len(run) for run in runs), default=0) for runs in blocks[index + 1 :])
    # The block may stay empty, or hold one run of 1.. slots inside one of its maximal runs.
    if remaining <= room_after and _one_run_per_block(problem, meetings, blocks, index + 1, remaining, chosen, budget):
        return True
    for run in blocks[index]:
        for length in range(1, min(len(run), remaining) + 1):
            if remaining - length > room_after:
                continue
            for start in range(run.start, run.stop - length + 1):
                chosen.extend(range(start, start + length))
                found = _one_run_per_block(problem, meetings, blocks, index + 1, remaining - length, chosen, budget)
                del chosen[len(chosen) - length :]
                if found or budget[0] <= 0:
                    return found
    return False


def _perfect_matching(problem: Problem, meetings: list[int], slots: set[int]) -> bool:
    """Whether every meeting gets its own slot among ``slots`` (Kuhn's augmenting paths)."""
    owner: dict[int, int] = {}

    def try_seat(m: int, visited: set[int]) -> bool:
        for s in problem.feasible[m]:
            if s in slots and s not in visited:
                visited.add(s)
                if s not in owner or try_seat(owner[s], visited):
                    owner[s] = m
                    return True
        return False

    return all(try_seat(m, set()) for m in meetings)
