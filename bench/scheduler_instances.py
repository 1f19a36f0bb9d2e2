"""Instances for the scheduler benchmark, every one generated from a fixed seed.

Four families:

* *forum* instances, modelled on the brokerage events of Bofill et al., "The B2B meeting scheduling
  problem" (and the forum instances it describes): 50-150 companies, 150-350 requested meetings,
  12-14 slots split into a morning and an afternoon session, companies attending the morning, the
  afternoon or the whole day, meetings requested for the morning, the afternoon or either, a table
  limit, a few forbidden slots per company and a few meetings fixed beforehand. Their optima are
  not known by construction; ``bench/references/scheduler.json`` holds the ones an exact solver proved.
* *planted* instances (including the tight ones, where every table of every slot is used): a full
  schedule is built first, respecting availability holes, delegation capacities, allowed slots and
  tables, and then hidden by shuffling the meetings, so placing every meeting is optimal.
* *bipartite* instances (Vietnamese side x Azerbaijani side, everyone always available): by König's
  edge-colouring theorem, balanced so no slot exceeds the tables, max(largest number of meetings of
  one participant, ceil(meetings / tables)) slots suffice, and exactly that many are given.
* *hybrid* instances: forum instances where some companies take part online only, so their meetings
  are online (virtual rooms instead of tables), and a few meetings between companies on site are
  online too; the rooms are limited (or not, on one of them). Their optima come from the same file.

:func:`instance_to_data` turns an instance back into the JSON contract's input, and
:func:`fingerprint` hashes it, so that a stored reference is only used for the very instance it was
computed on.
"""

import hashlib
import json
import math
import random
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from matchmaking.scheduling import FixedAssignment, Instance, Meeting, Participant


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
    seed: int = 1


@dataclass(frozen=True)
class BipartiteSpec:
    """``degree`` random perfect matchings are overlaid, so most participants have ``degree`` meetings."""

    name: str
    per_side: int
    degree: int
    tables: int
    seed: int = 1


@dataclass(frozen=True)
class ForumSpec:
    """A brokerage event drawn at random from ``seed`` (sizes are drawn in the ranges of the forum instances)."""

    name: str
    seed: int


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
# Small and tight: every table of every slot is used in the planted plan, so one meeting left out is a loss.
TIGHT = [
    PlantedSpec("tight-64", participants=20, meetings=64, slots=8, tables=8, slots_per_block=4, seed=11),
    PlantedSpec("tight-72", participants=18, meetings=72, slots=12, tables=6, slots_per_block=6, seed=12),
    PlantedSpec("tight-96", participants=28, meetings=96, slots=12, tables=8, slots_per_block=6, seed=13),
    PlantedSpec("tight-120", participants=30, meetings=120, slots=12, tables=10, slots_per_block=6, seed=14),
    PlantedSpec("tight-144", participants=36, meetings=144, slots=12, tables=12, slots_per_block=6, seed=15),
    PlantedSpec("tight-150", participants=40, meetings=150, slots=10, tables=15, slots_per_block=5, seed=16),
    # Found by trying seeds: on these the partial-schedule tabu search alone stalls one meeting short.
    PlantedSpec("tight-64h", participants=20, meetings=64, slots=8, tables=8, slots_per_block=4, seed=32),
    PlantedSpec("tight-72h", participants=18, meetings=72, slots=12, tables=6, slots_per_block=6, seed=32),
    PlantedSpec("tight-120h", participants=26, meetings=120, slots=12, tables=10, slots_per_block=6, seed=23),
]
BIPARTITE = [
    BipartiteSpec("bipartite-regular", per_side=40, degree=16, tables=40),
    BipartiteSpec("bipartite-tables", per_side=60, degree=10, tables=30),
    BipartiteSpec("bipartite-10k", per_side=500, degree=20, tables=500),
]
FORUM = [ForumSpec(f"forum-{index:02d}", seed=100 + index) for index in range(1, 21)]


@dataclass(frozen=True)
class HybridSpec:
    """A forum (drawn from ``seed``) where ``remote_share`` of the companies attend online only.

    ``room_factor`` sets the rooms per slot at that many times the average number of online meetings per
    slot (``None``: unlimited rooms).
    """

    name: str
    seed: int
    remote_share: float = 0.2
    room_factor: float | None = 1.2


HYBRID = [
    HybridSpec("hybrid-01", seed=201),
    HybridSpec("hybrid-02", seed=202, remote_share=0.4, room_factor=0.95),
    HybridSpec("hybrid-03", seed=203, room_factor=None),
]


def planted_instance(spec: PlantedSpec) -> Instance:
    """Plant a full schedule meeting by meeting, then shuffle the meetings so the solver cannot read it."""
    rng = random.Random(spec.seed)
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
    failures = 0
    while len(meetings) < spec.meetings:
        slot = rng.choice([s for s in slots if tables_used[s] < spec.tables])
        free = [p.id for p in participants if slot not in p.unavailable and load[p.id, slot] < p.capacity]
        if len(free) < 2:
            failures += 1
            a = b = ""
        else:
            a, b = rng.sample(free, 2)
        if a == b or frozenset((a, b)) in pairs:
            failures += 1
            if failures > 10_000:  # A tight plan can paint itself into a corner: start it again.
                load = dict.fromkeys(load, 0)
                tables_used = dict.fromkeys(slots, 0)
                pairs, meetings, fixed, failures = set(), [], [], 0
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


def bipartite_instance(spec: BipartiteSpec) -> Instance:
    """A near-regular VN-AZ meeting graph with exactly the number of slots a full schedule needs."""
    rng = random.Random(spec.seed)
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


def forum_instance(spec: ForumSpec) -> Instance:
    """A brokerage event in the style of the forum instances of Bofill et al.

    Companies come for the whole day (55 %), the morning only (25 %) or the afternoon only (20 %);
    15 % have one or two forbidden slots besides. Requests go to companies chosen by a skewed
    popularity, as at real events where a few companies are asked for by many, and never exceed what
    the two companies' common session can hold. A request between two whole-day companies asks for
    the morning (15 %), the afternoon (15 %) or either. 5 % of the companies send two people; 10 % of
    the requests weigh 2 ("must meet"); 3 % of the meetings are fixed beforehand at a slot where
    they fit. Tables are 1.1-1.5 times the average number of meetings per slot.
    """
    rng = random.Random(spec.seed)
    company_count = rng.randint(50, 150)
    slot_count = rng.choice((12, 13, 14))
    morning_count = slot_count // 2 + rng.choice((0, 0, 1))
    slots = [f"S{index + 1:02d}" for index in range(slot_count)]
    morning, afternoon = set(slots[:morning_count]), set(slots[morning_count:])
    sessions = {"day": set(slots), "am": morning, "pm": afternoon}
    companies = [f"C{index + 1:03d}" for index in range(company_count)]
    attends = {c: rng.choices(("day", "am", "pm"), weights=(55, 25, 20))[0] for c in companies}
    forbidden = {
        c: frozenset(rng.sample(sorted(sessions[attends[c]]), rng.choice((1, 2))))
        if rng.random() < 0.15
        else frozenset()
        for c in companies
    }
    capacity = {c: 2 if rng.random() < 0.05 else 1 for c in companies}
    free_slots = {c: sessions[attends[c]] - forbidden[c] for c in companies}
    popularity = {c: rng.paretovariate(1.6) for c in companies}
    target = min(rng.randint(150, 350), int(company_count * 3.2))
    degree: Counter[str] = Counter()
    pairs: set[frozenset[str]] = set()
    meetings: list[Meeting] = []
    attempts = 0
    while len(meetings) < target and attempts < 50 * target:
        attempts += 1
        a = rng.choice(companies)
        b = rng.choices(companies, weights=[popularity[c] for c in companies])[0]
        common = free_slots[a] & free_slots[b]
        if a == b or frozenset((a, b)) in pairs or not common:
            continue
        # Leave every company a little slack: at real events a full day is rarely requested.
        if any(degree[c] + 1 > capacity[c] * len(free_slots[c]) - 1 for c in (a, b)):
            continue
        allowed = None
        if attends[a] == attends[b] == "day":
            window = rng.choices(("either", "am", "pm"), weights=(70, 15, 15))[0]
            if window != "either":
                allowed = frozenset(sessions[window])
        pairs.add(frozenset((a, b)))
        degree[a] += 1
        degree[b] += 1
        priority = 2 if rng.random() < 0.1 else 1
        meetings.append(Meeting(id=f"M{len(meetings) + 1:03d}", a=a, b=b, priority=priority, slots=allowed))
    table_count = max(2, math.ceil(len(meetings) / slot_count * rng.uniform(1.1, 1.5)))
    participants = tuple(
        Participant(
            id=c,
            unavailable=frozenset(set(slots) - sessions[attends[c]]) | forbidden[c],
            capacity=capacity[c],
        )
        for c in companies
        if degree[c]
    )
    return Instance(
        slots=tuple(slots),
        blocks=tuple("morning" if slot in morning else "afternoon" for slot in slots),
        tables=tuple(f"T{index + 1:02d}" for index in range(table_count)),
        participants=participants,
        meetings=tuple(meetings),
        fixed=tuple(_fixed_meetings(rng, meetings, participants, slots, table_count, share=0.03)),
    )


def hybrid_instance(spec: HybridSpec) -> Instance:
    """A forum turned hybrid: a meeting is online when one of its companies attends online only (an on-site
    company meets a remote one online), and 10 % of the others are online by choice. Tables are 1.0-1.25
    times the average number of in-person meetings per slot; the fixed meetings are drawn again."""
    forum = forum_instance(ForumSpec(spec.name, spec.seed))
    rng = random.Random(spec.seed)
    remote = {p.id for p in forum.participants if rng.random() < spec.remote_share}
    meetings = [
        replace(m, online=m.a in remote or m.b in remote or rng.random() < 0.1) for m in forum.meetings
    ]
    slot_count = len(forum.slots)
    in_person = sum(1 for m in meetings if not m.online)
    table_count = max(2, math.ceil(in_person / slot_count * rng.uniform(1.0, 1.25)))
    rooms = None
    if spec.room_factor is not None:
        rooms = max(1, math.ceil((len(meetings) - in_person) / slot_count * spec.room_factor))
    return replace(
        forum,
        tables=tuple(f"T{index + 1:02d}" for index in range(table_count)),
        meetings=tuple(meetings),
        rooms=rooms,
        fixed=tuple(
            _fixed_meetings(rng, meetings, forum.participants, list(forum.slots), table_count, share=0.03, rooms=rooms)
        ),
    )


def _fixed_meetings(
    rng: random.Random,
    meetings: list[Meeting],
    participants: tuple[Participant, ...],
    slots: list[str],
    table_count: int,
    share: float,
    rooms: int | None = None,
) -> list[FixedAssignment]:
    """Fix a share of the meetings, each at a random slot where it fits next to the ones fixed before.

    In-person meetings count against the tables, online ones against the ``rooms`` (``None``: unlimited).
    """
    by_id = {p.id: p for p in participants}
    load: Counter[tuple[str, str]] = Counter()
    used: Counter[tuple[bool, str]] = Counter()
    places = {False: table_count, True: len(meetings) if rooms is None else rooms}
    fixed = []
    for meeting in rng.sample(meetings, round(share * len(meetings))):
        a, b = by_id[meeting.a], by_id[meeting.b]
        options = [
            s
            for s in slots
            if (meeting.slots is None or s in meeting.slots)
            and s not in a.unavailable
            and s not in b.unavailable
            and load[a.id, s] < a.capacity
            and load[b.id, s] < b.capacity
            and used[meeting.online, s] < places[meeting.online]
        ]
        if options:
            slot = rng.choice(options)
            load[a.id, slot] += 1
            load[b.id, slot] += 1
            used[meeting.online, slot] += 1
            fixed.append(FixedAssignment(meeting=meeting.id, slot=slot))
    return fixed


def all_instances(*, large: bool = True) -> list[tuple[str, str, Instance]]:
    """Every benchmark instance as (family, name, instance); ``large=False`` leaves out the 10,000-meeting ones."""
    instances = [("forum", spec.name, forum_instance(spec)) for spec in FORUM]
    instances += [("tight", spec.name, planted_instance(spec)) for spec in TIGHT]
    instances += [("planted", spec.name, planted_instance(spec)) for spec in PLANTED]
    instances += [("bipartite", spec.name, bipartite_instance(spec)) for spec in BIPARTITE]
    instances += [("hybrid", spec.name, hybrid_instance(spec)) for spec in HYBRID]
    if not large:
        instances = [entry for entry in instances if len(entry[2].meetings) < 5_000]
    return instances


def instance_to_data(instance: Instance) -> dict[str, Any]:
    """The instance in the JSON contract's input format (what ``manage.py solve_schedule`` reads).

    The keys of online meetings (``online``, ``rooms``, a fixed ``room``) appear only when used, so an
    in-person instance keeps the form, and the fingerprint, it had before they existed.
    """
    return {
        "slots": list(instance.slots),
        "blocks": dict(zip(instance.slots, instance.blocks, strict=True)),
        "tables": list(instance.tables),
        "participants": [
            {"id": p.id, "unavailable": sorted(p.unavailable), "capacity": p.capacity} for p in instance.participants
        ],
        "meetings": [
            {"id": m.id, "a": m.a, "b": m.b, "priority": m.priority}
            | ({} if m.slots is None else {"slots": sorted(m.slots)})
            | ({"online": True} if m.online else {})
            for m in instance.meetings
        ],
        "fixed": [
            {"meeting": f.meeting, "slot": f.slot}
            | ({} if f.table is None else {"table": f.table})
            | ({} if f.room is None else {"room": f.room})
            for f in instance.fixed
        ],
    } | ({} if instance.rooms is None else {"rooms": instance.rooms})


def fingerprint(instance: Instance) -> str:
    """A short hash of the instance's JSON form: a stored reference applies only to an identical instance."""
    text = json.dumps(instance_to_data(instance), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
