"""Exact references for the scheduler benchmark, proved with OR-Tools CP-SAT (a benchmark-only extra).

``pip install -e ".[bench]"`` then ``python -m bench.scheduler_reference [NAME ...]`` solves each
benchmark instance (all but the 10,000-meeting ones by default) in two phases, as the contract
orders the objectives:

1. maximise the placed priority;
2. with the placed priority fixed at that optimum, minimise the gaps (a gap is a run of free slots
   between two busy slots of one participant inside one block, so a participant's gaps in a block
   are its busy runs there minus one).

CP-SAT runs with 8 workers (its portfolio needs them; they share the machine's cores) and is offered
the scheduler's own schedule as a hint (``--no-hint`` to skip): a hint only helps it find good
schedules, every bound stays CP-SAT's. The model is written from the instance itself, sharing no
code with the solver, and every solution
CP-SAT returns is checked with :func:`validate` and its gaps recounted with :func:`count_gaps`.
Results are merged into ``bench/references/scheduler.json`` together with the instance's
fingerprint, the status CP-SAT reached (``OPTIMAL`` means proved) and the best bound, so that
``make bench`` can compare against them without OR-Tools installed.
"""

import argparse
import datetime
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from bench.scheduler_instances import all_instances, fingerprint
from matchmaking.scheduling import Assignment, Instance, Solution, Stats, count_gaps, solve, validate

REFERENCE_PATH = Path(__file__).with_name("references") / "scheduler.json"
PLACEMENT_SECONDS = 60.0
GAPS_SECONDS = 240.0
# CP-SAT's portfolio (its lower-bound and LNS workers) needs several workers; they share the machine's cores.
WORKERS = 8


def _feasible_slots(instance: Instance) -> list[list[int]]:
    participants = {p.id: p for p in instance.participants}
    fixed = {f.meeting: f.slot for f in instance.fixed}
    feasible = []
    for meeting in instance.meetings:
        a, b = participants[meeting.a], participants[meeting.b]
        slots = [
            index
            for index, slot in enumerate(instance.slots)
            if slot not in a.unavailable
            and slot not in b.unavailable
            and a.capacity > 0
            and b.capacity > 0
            and (meeting.slots is None or slot in meeting.slots)
            and (meeting.id not in fixed or fixed[meeting.id] == slot)
        ]
        feasible.append(slots)
    return feasible


def solve_exactly(
    instance: Instance, *, placement_seconds: float, gaps_seconds: float, hint: dict[str, str] | None = None
) -> dict[str, Any]:
    """Both phases; ``hint`` (meeting id -> slot) is offered to CP-SAT as a first solution, nothing more."""
    from ortools.sat.python import cp_model

    feasible = _feasible_slots(instance)
    slot_count = len(instance.slots)
    participant_index = {p.id: i for i, p in enumerate(instance.participants)}
    model = cp_model.CpModel()
    x = {(m, s): model.new_bool_var(f"x{m}_{s}") for m, slots in enumerate(feasible) for s in slots}
    fixed = {f.meeting for f in instance.fixed}
    for m, meeting in enumerate(instance.meetings):
        taken = [x[m, s] for s in feasible[m]]
        if meeting.id in fixed:
            model.add(sum(taken) == 1)
        else:
            model.add(sum(taken) <= 1)
    # In-person meetings take the tables of their slot; online ones its rooms, when they are limited.
    for s in range(slot_count):
        model.add(
            sum(var for (m, slot), var in x.items() if slot == s and not instance.meetings[m].online)
            <= len(instance.tables)
        )
        if instance.rooms is not None:
            model.add(
                sum(var for (m, slot), var in x.items() if slot == s and instance.meetings[m].online) <= instance.rooms
            )
    at: dict[tuple[int, int], list[Any]] = {}
    for (m, s), var in x.items():
        meeting = instance.meetings[m]
        for p in (participant_index[meeting.a], participant_index[meeting.b]):
            at.setdefault((p, s), []).append(var)
    for (p, _), held in at.items():
        model.add(sum(held) <= instance.participants[p].capacity)
    placed = sum(instance.meetings[m].priority * var for (m, _), var in x.items())
    model.maximize(placed)
    slot_index = {slot: index for index, slot in enumerate(instance.slots)}
    for (m, s), var in x.items():
        if hint is not None:
            model.add_hint(
                var, hint.get(instance.meetings[m].id) is not None and slot_index[hint[instance.meetings[m].id]] == s
            )
    solver, status, placement = _solve(model, placement_seconds)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {"placement": placement}
    if hint is None or sum(m.priority for m in instance.meetings if m.id in hint) != placement["value"]:
        model.clear_hints()
        for var in x.values():
            model.add_hint(var, solver.value(var))

    # Phase 2: busy[p][s] is 1 when p holds a meeting in s; a run starts where busy rises.
    model.add(placed == placement["value"])
    runs_by_block = []
    for p in range(len(instance.participants)):
        busy = []
        for s in range(slot_count):
            held = at.get((p, s), [])
            if not held:
                busy.append(None)
                continue
            flag = model.new_bool_var(f"busy{p}_{s}")
            if instance.participants[p].capacity == 1:
                model.add(flag == sum(held))
            else:
                for var in held:
                    model.add_implication(var, flag)
                model.add(sum(held) >= 1).only_enforce_if(flag)
            busy.append(flag)
        start = 0
        for end in range(1, slot_count + 1):
            if end < slot_count and instance.blocks[end] == instance.blocks[start]:
                continue
            starts = []
            for s in range(start, end):
                if busy[s] is None:
                    continue
                rise = model.new_bool_var(f"rise{p}_{s}")
                if s == start or busy[s - 1] is None:
                    model.add(rise >= busy[s])
                else:
                    model.add(rise >= busy[s] - busy[s - 1])
                starts.append(rise)
            if len(starts) > 1:
                gaps = model.new_int_var(0, len(starts), f"gaps{p}_{start}")
                model.add(gaps >= sum(starts) - 1)
                runs_by_block.append(gaps)
            start = end
    model.minimize(sum(runs_by_block))
    solver, status, gaps = _solve(model, gaps_seconds)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        slot_of = {m: s for (m, s), var in x.items() if solver.value(var)}
        _check(instance, slot_of, placement["value"], gaps["value"])
        gaps["meetings_placed"] = len(slot_of)
    return {"placement": placement, "gaps": gaps}


def _solve(model, seconds: float):
    """Solve `model` with CP-SAT within `seconds`: the solver (for the values), its status, and a summary."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.max_time_in_seconds = seconds
    started = time.perf_counter()
    status = solver.solve(model)
    return solver, status, {
        "status": solver.status_name(status),
        "value": int(solver.objective_value),
        "bound": int(round(solver.best_objective_bound)),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _check(instance: Instance, slot_of: dict[int, int], priority: int, gaps: int) -> None:
    """Validate CP-SAT's schedule with the project's referee, tables and rooms handed out in order."""
    reserved = {(f.slot, f.table) for f in instance.fixed if f.table is not None}
    fixed_table = {f.meeting: f.table for f in instance.fixed if f.table is not None}
    free = {slot: [t for t in instance.tables if (slot, t) not in reserved] for slot in instance.slots}
    reserved_rooms = {(f.slot, f.room) for f in instance.fixed if f.room is not None}
    fixed_room = {f.meeting: f.room for f in instance.fixed if f.room is not None}
    free_rooms = {
        slot: [r for r in range(1, len(instance.meetings) + 1) if (slot, r) not in reserved_rooms]
        for slot in instance.slots
    }
    assignments = []
    for m, s in sorted(slot_of.items()):
        meeting, slot = instance.meetings[m], instance.slots[s]
        if meeting.online:
            room = fixed_room.get(meeting.id) or free_rooms[slot].pop(0)
            assignments.append(Assignment(meeting=meeting.id, slot=slot, table=None, room=room))
            continue
        table = fixed_table.get(meeting.id) or free[slot].pop(0)
        assignments.append(Assignment(meeting=meeting.id, slot=slot, table=table))
    unscheduled = tuple(m.id for i, m in enumerate(instance.meetings) if i not in slot_of)
    solution = Solution(tuple(assignments), unscheduled, Stats(len(assignments), priority, len(unscheduled), gaps, 0))
    violations = validate(instance, solution)
    if violations:
        sys.exit(f"CP-SAT's schedule is invalid: {violations[0]}")
    if sum(instance.meetings[m].priority for m in slot_of) != priority or count_gaps(instance, assignments) != gaps:
        sys.exit("CP-SAT's objective values disagree with the schedule")


def load_references() -> dict[str, Any]:
    if not REFERENCE_PATH.exists():
        return {"instances": {}}
    return json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="instances to solve (default: all but the 10,000-meeting ones)")
    parser.add_argument("--placement-seconds", type=float, default=PLACEMENT_SECONDS)
    parser.add_argument("--gaps-seconds", type=float, default=GAPS_SECONDS)
    parser.add_argument("--no-hint", action="store_true", help="do not offer the scheduler's own schedule as a hint")
    options = parser.parse_args()
    from ortools import __version__ as ortools_version

    references = load_references()
    for family, name, instance in all_instances(large=False):
        if options.names and name not in options.names:
            continue
        hint = None
        if not options.no_hint:
            solution = solve(instance, time_limit=10)
            hint = {a.meeting: a.slot for a in solution.assignments}
        result = solve_exactly(
            instance, placement_seconds=options.placement_seconds, gaps_seconds=options.gaps_seconds, hint=hint
        )
        references["instances"][name] = {
            "family": family,
            "fingerprint": fingerprint(instance),
            "meetings": len(instance.meetings),
            "total_priority": sum(m.priority for m in instance.meetings),
            "limits": {"placement_seconds": options.placement_seconds, "gaps_seconds": options.gaps_seconds},
            **result,
        }
        references["how"] = (
            f"OR-Tools CP-SAT {ortools_version}, {WORKERS} workers, on {platform.machine()} with Python "
            f"{platform.python_version()}: maximise the placed priority, then minimise the gaps with the placed "
            "priority fixed at its optimum (python -m bench.scheduler_reference). The scheduler's own schedule "
            "(solve, 10 s) is offered as a hint, which only helps CP-SAT find good schedules; every bound is "
            "CP-SAT's. status OPTIMAL = proved; otherwise value is the best found and bound the best proven bound."
        )
        references["updated"] = datetime.date.today().isoformat()
        REFERENCE_PATH.parent.mkdir(exist_ok=True)
        REFERENCE_PATH.write_text(json.dumps(references, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(name, json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
