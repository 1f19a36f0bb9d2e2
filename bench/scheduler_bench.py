"""Benchmark of the meeting scheduler against first-come-first-served on instances with a known optimum.

Run with ``python -m bench.scheduler_bench``. Every instance is generated from a fixed seed and
admits a schedule placing every meeting, so "placed/optimum" shows how close each solver gets:

* planted instances: a full schedule is built first (respecting availability holes, delegation
  capacities, allowed slots and tables) and then hidden by shuffling the meetings;
* bipartite instances (Vietnamese side x Azerbaijani side, everyone always available): by König's
  edge-colouring theorem, balanced so no slot exceeds the tables, max(largest number of meetings
  of one participant, ceil(meetings / tables)) slots suffice, and exactly that many are given.

Every result is checked with :func:`validate`; the script stops at the first invalid one.
"""

import math
import random
import resource
import sys
from collections import Counter
from dataclasses import dataclass

from matchmaking.scheduling import (
    FixedAssignment,
    Instance,
    Meeting,
    Participant,
    Solution,
    first_come_first_served,
    solve,
    validate,
)


@dataclass(frozen=True)
class PlantedSpec:
    name: str
    participants: int
    meetings: int
    slots: int
    tables: int
    slots_per_block: int
    unavailable_share: float = 0.1
    delegation_share: float = 0.1
    restricted_share: float = 0.1
    fixed_share: float = 0.02


@dataclass(frozen=True)
class BipartiteSpec:
    """``degree`` random perfect matchings are overlaid, so most participants have ``degree`` meetings."""

    name: str
    per_side: int
    degree: int
    tables: int


PLANTED = [
    PlantedSpec("event-300", participants=80, meetings=300, slots=12, tables=30, slots_per_block=6),
    PlantedSpec("tight-tables", participants=100, meetings=360, slots=12, tables=30, slots_per_block=6),
    PlantedSpec(
        "tight-slots",
        participants=40,
        meetings=228,
        slots=12,
        tables=20,
        slots_per_block=12,
        unavailable_share=0.0,
        delegation_share=0.0,
        restricted_share=0.0,
    ),
    PlantedSpec("expo-10k", participants=2_000, meetings=10_000, slots=30, tables=360, slots_per_block=10),
]
BIPARTITE = [
    BipartiteSpec("bipartite-regular", per_side=40, degree=16, tables=40),
    BipartiteSpec("bipartite-tables", per_side=60, degree=10, tables=30),
    BipartiteSpec("bipartite-10k", per_side=500, degree=20, tables=500),
]


def planted_instance(spec: PlantedSpec, seed: int) -> Instance:
    """Plant a full schedule meeting by meeting, then shuffle the meetings so the solver cannot read it."""
    rng = random.Random(seed)
    slots = [f"S{index + 1:02d}" for index in range(spec.slots)]
    participants = [
        Participant(
            id=f"P{index + 1:04d}",
            unavailable=frozenset(s for s in slots if rng.random() < spec.unavailable_share),
            capacity=2 if rng.random() < spec.delegation_share else 1,
        )
        for index in range(spec.participants)
    ]
    load = {(p.id, s): 0 for p in participants for s in slots}
    tables_used = dict.fromkeys(slots, 0)
    pairs: set[frozenset[str]] = set()
    meetings: list[Meeting] = []
    fixed: list[FixedAssignment] = []
    while len(meetings) < spec.meetings:
        slot = rng.choice([s for s in slots if tables_used[s] < spec.tables])
        free = [p.id for p in participants if slot not in p.unavailable and load[p.id, slot] < p.capacity]
        a, b = rng.sample(free, 2)
        if frozenset((a, b)) in pairs:
            continue
        pairs.add(frozenset((a, b)))
        load[a, slot] += 1
        load[b, slot] += 1
        table = f"T{tables_used[slot] + 1:03d}"
        tables_used[slot] += 1
        meeting_id = f"M{len(meetings) + 1:05d}"
        allowed = None
        if rng.random() < spec.restricted_share:
            allowed = frozenset({slot, *rng.sample(slots, 3)})
        meetings.append(Meeting(id=meeting_id, a=a, b=b, priority=rng.choice((1, 1, 1, 2, 3)), slots=allowed))
        if rng.random() < spec.fixed_share:
            fixed.append(FixedAssignment(meeting=meeting_id, slot=slot, table=rng.choice((table, None))))
    rng.shuffle(meetings)
    return Instance(
        slots=tuple(slots),
        blocks=tuple(f"block{index // spec.slots_per_block + 1}" for index in range(spec.slots)),
        tables=tuple(f"T{index + 1:03d}" for index in range(spec.tables)),
        participants=tuple(participants),
        meetings=tuple(meetings),
        fixed=tuple(fixed),
    )


def bipartite_instance(spec: BipartiteSpec, seed: int) -> Instance:
    """A near-regular VN-AZ meeting graph with exactly the number of slots a full schedule needs."""
    rng = random.Random(seed)
    vietnamese = [f"VN{index + 1:04d}" for index in range(spec.per_side)]
    azerbaijani = [f"AZ{index + 1:04d}" for index in range(spec.per_side)]
    pairs: dict[tuple[str, str], None] = {}
    for _ in range(spec.degree):
        partners = rng.sample(azerbaijani, spec.per_side)
        pairs.update(dict.fromkeys(zip(vietnamese, partners, strict=True)))
    meeting_pairs = list(pairs)
    rng.shuffle(meeting_pairs)
    degree = Counter(participant for pair in meeting_pairs for participant in pair)
    slot_count = max(max(degree.values()), math.ceil(len(meeting_pairs) / spec.tables))
    return Instance(
        slots=tuple(f"S{index + 1:02d}" for index in range(slot_count)),
        blocks=("day",) * slot_count,
        tables=tuple(f"T{index + 1:04d}" for index in range(spec.tables)),
        participants=tuple(Participant(id=p) for p in vietnamese + azerbaijani),
        meetings=tuple(
            Meeting(id=f"M{index + 1:05d}", a=vn, b=az, priority=rng.choice((1, 1, 2)))
            for index, (vn, az) in enumerate(meeting_pairs)
        ),
    )


def checked(instance: Instance, solution: Solution, solver: str) -> Solution:
    violations = validate(instance, solution)
    if violations:
        sys.exit(f"{solver} produced an invalid schedule: {violations[0]}")
    return solution


def row(name: str, instance: Instance, solver: Solution, baseline: Solution) -> list[str]:
    meetings = len(instance.meetings)
    return [
        name,
        str(len(instance.participants)),
        str(meetings),
        str(len(instance.slots)),
        str(len(instance.tables)),
        f"{solver.stats.placed}/{meetings}",
        str(solver.stats.gaps),
        f"{solver.stats.seconds:.2f}",
        f"{baseline.stats.placed}/{meetings}",
        str(baseline.stats.gaps),
        f"{baseline.stats.seconds:.2f}",
    ]


HEADER = [
    "instance",
    "participants",
    "meetings",
    "slots",
    "tables",
    "solver placed/optimum",
    "solver gaps",
    "solver s",
    "FCFS placed/optimum",
    "FCFS gaps",
    "FCFS s",
]


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(line[column]) for line in [HEADER, *rows]) for column in range(len(HEADER))]
    for line in [HEADER, ["-" * width for width in widths], *rows]:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")


def main() -> None:
    instances = [(spec.name, planted_instance(spec, seed=1)) for spec in PLANTED]
    instances += [(spec.name, bipartite_instance(spec, seed=1)) for spec in BIPARTITE]
    rows = []
    for name, instance in instances:
        solver = checked(instance, solve(instance, seed=0), "solve")
        baseline = checked(instance, first_come_first_served(instance), "first_come_first_served")
        rows.append(row(name, instance, solver, baseline))
        print(f"{name}: done", file=sys.stderr)
    print_table(rows)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS of the whole run): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
