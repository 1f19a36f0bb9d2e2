"""The meeting scheduler: known answers, properties against brute force, the referee and the parser."""

import copy
import dataclasses
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaking.scheduling import (
    Assignment,
    Instance,
    SchedulerInputError,
    Solution,
    count_gaps,
    first_come_first_served,
    parse_instance,
    solution_to_dict,
    solve,
    validate,
)


def make_instance(
    slots: int,
    meetings: list[tuple[str, str]],
    *,
    tables: int = 10,
    participants: dict[str, dict[str, Any]] | None = None,
    **extra: Any,
) -> Instance:
    """An instance with slots S1..Sn, tables T1..Tn and meetings M1..Mn between the given pairs."""
    names = sorted({name for pair in meetings for name in pair} | set(participants or {}))
    return parse_instance(
        {
            "slots": [f"S{i + 1}" for i in range(slots)],
            "tables": [f"T{i + 1}" for i in range(tables)],
            "participants": [{"id": name, **(participants or {}).get(name, {})} for name in names],
            "meetings": [{"id": f"M{i + 1}", "a": a, "b": b} for i, (a, b) in enumerate(meetings)],
            **extra,
        }
    )


def solved(instance: Instance) -> Solution:
    solution = solve(instance, time_limit=5)
    assert validate(instance, solution) == []
    return solution


def slots_of(solution: Solution) -> dict[str, str]:
    return {a.meeting: a.slot for a in solution.assignments}


# Known answers


TRIANGLE = [("A", "B"), ("B", "C"), ("A", "C")]


def test_solve_triangle_with_three_slots_places_all():
    solution = solved(make_instance(3, TRIANGLE))

    assert solution.stats.placed == 3
    assert solution.unscheduled == ()
    assert sorted(slots_of(solution).values()) == ["S1", "S2", "S3"]


def test_solve_triangle_with_two_slots_places_exactly_two():
    solution = solved(make_instance(2, TRIANGLE))

    assert solution.stats.placed == 2
    assert len(solution.unscheduled) == 1


def test_solve_delegation_with_capacity_two_holds_two_meetings_in_one_slot():
    instance = make_instance(1, [("VN", "AZ1"), ("VN", "AZ2")], participants={"VN": {"capacity": 2}})

    solution = solved(instance)

    assert slots_of(solution) == {"M1": "S1", "M2": "S1"}
    assert {a.table for a in solution.assignments} == {"T1", "T2"}


def test_solve_fixed_meeting_keeps_its_slot_and_table():
    instance = make_instance(3, [("A", "B"), ("A", "C")], fixed=[{"meeting": "M1", "slot": "S3", "table": "T2"}])

    solution = solved(instance)

    assert Assignment(meeting="M1", slot="S3", table="T2") in solution.assignments
    assert slots_of(solution)["M2"] == "S2"


def test_solve_fixed_meeting_without_table_gets_one():
    instance = make_instance(2, [("A", "B")], tables=1, fixed=[{"meeting": "M1", "slot": "S2"}])

    assert solved(instance).assignments == (Assignment(meeting="M1", slot="S2", table="T1"),)


def test_solve_meeting_without_common_free_slot_is_unscheduled():
    instance = make_instance(
        2, [("A", "B"), ("A", "C")], participants={"A": {"unavailable": ["S1"]}, "B": {"unavailable": ["S2"]}}
    )

    solution = solved(instance)

    assert solution.unscheduled == ("M1",)
    assert slots_of(solution) == {"M2": "S2"}


def test_solve_meeting_with_allowed_slots_stays_inside_them():
    instance = parse_instance(
        {
            "slots": ["S1", "S2", "S3"],
            "tables": ["T1"],
            "participants": [{"id": "A"}, {"id": "B"}],
            "meetings": [{"id": "M1", "a": "A", "b": "B", "slots": ["S3"]}],
        }
    )

    assert slots_of(solved(instance)) == {"M1": "S3"}


def test_solve_higher_priority_wins_when_not_everything_fits():
    instance = parse_instance(
        {
            "slots": ["S1"],
            "tables": ["T1"],
            "participants": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
            "meetings": [
                {"id": "M1", "a": "A", "b": "B", "priority": 1},
                {"id": "M2", "a": "A", "b": "C", "priority": 5},
            ],
        }
    )

    solution = solved(instance)

    assert slots_of(solution) == {"M2": "S1"}
    assert solution.stats.placed_priority == 5


def test_solve_two_meetings_of_a_participant_in_four_slots_are_adjacent():
    instance = make_instance(4, [("A", "B"), ("A", "C")], participants={"B": {"unavailable": ["S1", "S2"]}})

    solution = solved(instance)

    assert sorted(slots_of(solution).values()) in (["S2", "S3"], ["S3", "S4"])
    assert solution.stats.gaps == 0


def test_solve_keeps_a_meeting_placed_even_if_it_forces_a_gap():
    instance = make_instance(
        3,
        [("A", "B"), ("A", "C")],
        participants={"B": {"unavailable": ["S2", "S3"]}, "C": {"unavailable": ["S1", "S2"]}},
    )

    solution = solved(instance)

    assert slots_of(solution) == {"M1": "S1", "M2": "S3"}
    assert solution.stats.gaps == 1


def test_solve_full_slot_of_tables_leaves_the_rest_unscheduled():
    instance = make_instance(1, [("A", "B"), ("C", "D"), ("E", "F")], tables=2)

    solution = solved(instance)

    assert solution.stats.placed == 2
    assert sorted(a.table for a in solution.assignments) == ["T1", "T2"]


def test_solve_complete_bipartite_graph_fits_in_as_many_slots_as_each_side():
    # K(5,5) needs a perfect split into 5 matchings: a greedy alone usually misses it.
    pairs = [(f"VN{i}", f"AZ{j}") for i in range(5) for j in range(5)]

    solution = solved(make_instance(5, pairs, tables=5))

    assert solution.stats.placed == 25
    assert solution.stats.gaps == 0


def test_solve_same_seed_gives_the_same_schedule():
    instance = make_instance(4, [(f"P{i}", f"P{j}") for i in range(6) for j in range(i + 1, 6)], tables=3)

    assert solve(instance, seed=7).assignments == solve(instance, seed=7).assignments


def test_solve_stats_describe_the_assignments():
    instance = make_instance(3, [("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")], tables=1)

    solution = solved(instance)

    assert solution.stats.placed == len(solution.assignments) == 3
    assert solution.stats.unscheduled == len(solution.unscheduled) == 1
    assert solution.stats.placed_priority == 3
    assert solution.stats.gaps == count_gaps(instance, solution.assignments)
    assert solution.stats.seconds >= 0


def test_first_come_first_served_takes_first_free_slot_in_input_order():
    instance = make_instance(
        3, [("A", "B"), ("B", "C"), ("A", "C"), ("A", "D")], participants={"D": {"unavailable": ["S2"]}}
    )

    solution = first_come_first_served(instance)

    assert slots_of(solution) == {"M1": "S1", "M2": "S2", "M3": "S3"}
    assert solution.unscheduled == ("M4",)


def test_solution_to_dict_follows_the_output_contract():
    instance = make_instance(2, [("A", "B"), ("A", "C")], tables=1, participants={"C": {"unavailable": ["S1", "S2"]}})

    document = solution_to_dict(solved(instance))

    assert document["assignments"] == [{"meeting": "M1", "slot": "S1", "table": "T1"}]
    assert document["unscheduled"] == ["M2"]
    assert {key: document["stats"][key] for key in ("placed", "placed_priority", "unscheduled", "gaps")} == {
        "placed": 1,
        "placed_priority": 1,
        "unscheduled": 1,
        "gaps": 0,
    }


# count_gaps


def assignments(*meeting_slots: tuple[str, str]) -> list[Assignment]:
    return [Assignment(meeting=m, slot=s, table=f"T{i}") for i, (m, s) in enumerate(meeting_slots)]


def test_count_gaps_counts_runs_of_free_slots_not_free_slots():
    instance = make_instance(6, [("A", "B"), ("A", "C"), ("A", "D")])

    assert count_gaps(instance, assignments(("M1", "S1"), ("M2", "S4"), ("M3", "S6"))) == 2


def test_count_gaps_ignores_free_slots_between_blocks():
    blocks = {"S1": "am", "S2": "am", "S3": "pm", "S4": "pm"}
    instance = make_instance(4, [("A", "B"), ("A", "C")], blocks=blocks)

    assert count_gaps(instance, assignments(("M1", "S1"), ("M2", "S4"))) == 0


def test_count_gaps_counts_a_busy_delegation_slot_once():
    instance = make_instance(3, [("A", "B"), ("A", "C"), ("A", "D")], participants={"A": {"capacity": 2}})

    assert count_gaps(instance, assignments(("M1", "S1"), ("M2", "S1"), ("M3", "S3"))) == 1


# validate


VALIDATION_INSTANCE = make_instance(
    3,
    [("A", "B"), ("C", "D"), ("A", "C")],
    tables=2,
    participants={"B": {"unavailable": ["S3"]}},
    fixed=[{"meeting": "M3", "slot": "S2", "table": "T2"}],
)
VALID = Solution(
    assignments=(
        Assignment(meeting="M1", slot="S1", table="T1"),
        Assignment(meeting="M2", slot="S1", table="T2"),
        Assignment(meeting="M3", slot="S2", table="T2"),
    ),
    unscheduled=(),
    stats=first_come_first_served(VALIDATION_INSTANCE).stats,
)


def with_assignments(*changed: Assignment, unscheduled: tuple[str, ...] = ()) -> Solution:
    kept = [a for a in VALID.assignments if a.meeting not in {c.meeting for c in changed} | set(unscheduled)]
    return dataclasses.replace(VALID, assignments=(*kept, *changed), unscheduled=unscheduled)


def test_validate_valid_solution_has_no_violations():
    assert validate(VALIDATION_INSTANCE, VALID) == []


@pytest.mark.parametrize(
    ("solution", "violation"),
    [
        (with_assignments(Assignment("M2", "S1", "T1")), "table T1 holds meetings M1, M2 in slot S1"),
        (
            with_assignments(Assignment("M1", "S3", "T1")),
            "participant B is unavailable in slot S3 but holds meeting M1",
        ),
        (with_assignments(Assignment("M1", "S2", "T1")), "participant A holds 2 meetings in slot S2, capacity 1"),
        (with_assignments(Assignment("M3", "S3", "T2")), "fixed meeting M3 is not in slot S2"),
        (with_assignments(Assignment("M3", "S2", "T1")), "fixed meeting M3 is not at table T2"),
        (with_assignments(Assignment("M2", "S1", "T9")), "meeting M2 is at unknown table T9"),
        (with_assignments(Assignment("M2", "S9", "T1")), "meeting M2 is in unknown slot S9"),
        (
            dataclasses.replace(VALID, assignments=VALID.assignments[1:]),
            "meeting M1 is neither assigned nor unscheduled",
        ),
        (dataclasses.replace(VALID, unscheduled=("M1",)), "meeting M1 appears 2 times"),
        (dataclasses.replace(VALID, unscheduled=("M9",)), "unknown meeting M9 appears in the solution"),
    ],
)
def test_validate_reports_each_broken_constraint(solution: Solution, violation: str):
    assert violation in validate(VALIDATION_INSTANCE, solution)


def test_validate_meeting_outside_its_allowed_slots_is_reported():
    instance = parse_instance(
        {
            "slots": ["S1", "S2"],
            "tables": ["T1"],
            "participants": [{"id": "A"}, {"id": "B"}],
            "meetings": [{"id": "M1", "a": "A", "b": "B", "slots": ["S2"]}],
        }
    )
    solution = Solution((Assignment("M1", "S1", "T1"),), (), VALID.stats)

    assert validate(instance, solution) == ["meeting M1 is in slot S1, which it is not allowed"]


# parse_instance


GOOD_INPUT: dict[str, Any] = {
    "slots": ["S1", "S2"],
    "blocks": {"S1": "day1-am", "S2": "day1-am"},
    "tables": ["T1", "T2"],
    "participants": [{"id": "P1", "unavailable": ["S2"], "capacity": 1}, {"id": "P2"}, {"id": "P3", "capacity": 2}],
    "meetings": [
        {"id": "M1", "a": "P1", "b": "P2", "priority": 1, "slots": ["S1"]},
        {"id": "M2", "a": "P2", "b": "P3"},
    ],
    "fixed": [{"meeting": "M1", "slot": "S1", "table": "T1"}],
}


def changed_input(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """GOOD_INPUT with the item at ``path`` replaced (appended just past the end of a list),
    or deleted when ``value`` is ``DELETE``."""
    data = copy.deepcopy(GOOD_INPUT)
    *parents, last = path
    container = data
    for key in parents:
        container = container[key]
    if value is DELETE:
        del container[last]
    elif isinstance(container, list) and last == len(container):
        container.append(value)
    else:
        container[last] = value
    return data


DELETE = object()


def test_parse_instance_good_input_builds_the_instance():
    instance = parse_instance(GOOD_INPUT)

    assert instance.slots == ("S1", "S2")
    assert instance.blocks == ("day1-am", "day1-am")
    assert instance.participants[0].unavailable == frozenset({"S2"})
    assert [p.capacity for p in instance.participants] == [1, 1, 2]
    assert [(m.priority, m.slots) for m in instance.meetings] == [(1, frozenset({"S1"})), (1, None)]
    assert instance.fixed[0].table == "T1"


def test_parse_instance_without_blocks_puts_all_slots_in_one_block():
    assert len(set(parse_instance(changed_input(("blocks",), DELETE)).blocks)) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "the input must be a JSON object"),
        (changed_input(("slots",), DELETE), "the input is missing the key 'slots'"),
        (changed_input(("meetings",), DELETE), "the input is missing the key 'meetings'"),
        (changed_input(("fixd",), []), "the input has the unknown key 'fixd'"),
        (changed_input(("slots",), ["S1", "S1"]), "duplicate slot id 'S1'"),
        (changed_input(("tables",), "T1"), "tables must be a JSON list"),
        (changed_input(("participants", 1, "id"), "P1"), "duplicate participant id 'P1'"),
        (changed_input(("participants", 0, "id"), 7), "the id of a participant must be a non-empty string, got 7"),
        (changed_input(("meetings", 1, "id"), "M1"), "duplicate meeting id 'M1'"),
        (changed_input(("meetings", 1, "b"), "P9"), "meeting 'M2' refers to unknown participant 'P9'"),
        (changed_input(("meetings", 1, "b"), "P2"), "meeting 'M2' is a meeting of participant 'P2' with itself"),
        (
            changed_input(("participants", 2, "capacity"), -1),
            "the capacity of participant 'P3' must be an integer of at least 0, got -1",
        ),
        (
            changed_input(("participants", 2, "capacity"), 1.5),
            "the capacity of participant 'P3' must be an integer of at least 0, got 1.5",
        ),
        (
            changed_input(("meetings", 1, "priority"), 0),
            "the priority of meeting 'M2' must be an integer of at least 1, got 0",
        ),
        (
            changed_input(("meetings", 1, "priority"), 2.5),
            "the priority of meeting 'M2' must be an integer of at least 1, got 2.5",
        ),
        (
            changed_input(("meetings", 1, "priority"), True),
            "the priority of meeting 'M2' must be an integer of at least 1, got True",
        ),
        (
            changed_input(("participants", 0, "unavailable"), ["S7"]),
            "the unavailable slots of participant 'P1' refers to unknown slot 'S7'",
        ),
        (changed_input(("meetings", 0, "slots"), ["S7"]), "the slots of meeting 'M1' refers to unknown slot 'S7'"),
        (changed_input(("blocks", "S2"), DELETE), "blocks is missing the key 'S2'"),
        (changed_input(("fixed", 0, "meeting"), "M9"), "a fixed assignment refers to unknown meeting 'M9'"),
        (
            changed_input(("fixed", 0, "table"), "T9"),
            "the fixed assignment of meeting 'M1' refers to unknown table 'T9'",
        ),
        (changed_input(("fixed", 1), {"meeting": "M1", "slot": "S1"}), "duplicate fixed meeting id 'M1'"),
        (
            changed_input(("fixed", 0, "slot"), "S2"),
            "fixed assignments break a hard constraint: meeting M1 is in slot S2, which it is not allowed",
        ),
        (
            changed_input(("fixed", 1), {"meeting": "M2", "slot": "S1", "table": "T1"}),
            "fixed assignments break a hard constraint: table T1 holds meetings M1, M2 in slot S1",
        ),
        (
            changed_input(("fixed", 1), {"meeting": "M2", "slot": "S1"}),
            "fixed assignments break a hard constraint: participant P2 holds 2 meetings in slot S1, capacity 1",
        ),
    ],
)
def test_parse_instance_bad_input_raises_one_clear_message(data: Any, message: str):
    with pytest.raises(SchedulerInputError) as raised:
        parse_instance(data)

    assert str(raised.value) == message


def test_parse_instance_block_split_in_two_is_rejected():
    data = changed_input(("slots",), ["S1", "S2", "S3"])
    data["blocks"] = {"S1": "am", "S2": "pm", "S3": "am"}

    with pytest.raises(SchedulerInputError, match="^block 'am' is not a run of consecutive slots$"):
        parse_instance(data)


def test_parse_instance_fixed_in_unavailable_slot_is_rejected():
    data = changed_input(("meetings", 0, "slots"), DELETE)
    data["fixed"] = [{"meeting": "M1", "slot": "S2"}]

    with pytest.raises(SchedulerInputError) as raised:
        parse_instance(data)

    assert str(raised.value) == (
        "fixed assignments break a hard constraint: participant P1 is unavailable in slot S2 but holds meeting M1"
    )


def test_parse_instance_more_fixed_meetings_than_tables_is_rejected():
    data = changed_input(("tables",), ["T1"])
    data["fixed"] = [{"meeting": "M1", "slot": "S1"}, {"meeting": "M2", "slot": "S1"}]
    data["participants"][1]["capacity"] = 2

    with pytest.raises(SchedulerInputError) as raised:
        parse_instance(data)

    assert (
        str(raised.value)
        == "fixed assignments break a hard constraint: slot S1 holds 2 meetings but there are 1 tables"
    )


# Properties on tiny random instances


@st.composite
def tiny_instances(draw: st.DrawFn, *, online: bool = False) -> Instance:
    """At most 4 slots, 5 participants and 6 meetings, with every optional feature in play.

    With ``online``, meetings may be online too and the rooms limited (0 to 2) or not; without it, the
    instances are exactly the ones drawn before online meetings existed.
    """
    slot_count = draw(st.integers(1, 4))
    slots = [f"S{i + 1}" for i in range(slot_count)]
    cuts = draw(st.sets(st.integers(1, slot_count - 1))) if slot_count > 1 else set()
    blocks = {slot: f"B{sum(cut <= i for cut in cuts)}" for i, slot in enumerate(slots)}
    participant_ids = [f"P{i + 1}" for i in range(draw(st.integers(2, 5)))]
    participants = [
        {
            "id": p,
            "capacity": draw(st.sampled_from([1, 1, 1, 2, 0])),
            "unavailable": draw(st.lists(st.sampled_from(slots), unique=True, max_size=slot_count)),
        }
        for p in participant_ids
    ]
    pairs = draw(st.lists(st.sampled_from(list(itertools.combinations(participant_ids, 2))), max_size=6))
    meetings = []
    for i, (a, b) in enumerate(pairs):
        meeting: dict[str, Any] = {"id": f"M{i + 1}", "a": a, "b": b, "priority": draw(st.integers(1, 4))}
        if draw(st.booleans()):
            meeting["slots"] = draw(st.lists(st.sampled_from(slots), unique=True))
        if online and draw(st.booleans()):
            meeting["online"] = True
        meetings.append(meeting)
    data = {
        "slots": slots,
        "blocks": blocks,
        "tables": [f"T{i + 1}" for i in range(draw(st.integers(0 if online else 1, 3)))],
        "participants": participants,
        "meetings": meetings,
    }
    if online:
        data["rooms"] = draw(st.sampled_from([None, 0, 1, 2]))
    return parse_instance({**data, "fixed": _feasible_fixed(draw, data)})


def _feasible_fixed(draw: st.DrawFn, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Fix a few meetings (an online one sometimes in a given room), dropping any the instance would reject."""
    fixed: list[dict[str, Any]] = []
    for meeting in data["meetings"]:
        # Online meetings are fixed more often, so that fixed rooms come up in a run's examples.
        if draw(st.integers(0, 1 if meeting.get("online") else 4)) == 0:
            candidate = {"meeting": meeting["id"], "slot": draw(st.sampled_from(data["slots"]))}
            if meeting.get("online") and draw(st.booleans()):
                candidate["room"] = draw(st.integers(1, 2))
            try:
                parse_instance({**data, "fixed": [*fixed, candidate]})
            except SchedulerInputError:
                continue
            fixed.append(candidate)
    return fixed


def brute_force_best_priority(instance: Instance) -> int:
    """Try every slot (or none) for every meeting; the fixed ones only their fixed slot."""
    fixed = {f.meeting: f.slot for f in instance.fixed}
    options = [[fixed[m.id]] if m.id in fixed else [None, *instance.slots] for m in instance.meetings]
    best = 0
    for choice in itertools.product(*options):
        placements = [
            Assignment(meeting=m.id, slot=slot, table=f"table-{i}")
            for i, (m, slot) in enumerate(zip(instance.meetings, choice, strict=True))
            if slot is not None
        ]
        solution = Solution(
            assignments=tuple(dataclasses.replace(p, table=instance.tables[0]) for p in placements),
            unscheduled=tuple(m.id for m, slot in zip(instance.meetings, choice, strict=True) if slot is None),
            stats=VALID.stats,
        )
        if _respects_hard_constraints_ignoring_table_names(instance, solution):
            best = max(best, sum(m.priority for m, slot in zip(instance.meetings, choice, strict=True) if slot))
    return best


def _respects_hard_constraints_ignoring_table_names(instance: Instance, solution: Solution) -> bool:
    # Every meeting sits at the first table here, so table clashes are replaced by a count per slot.
    per_slot = [a.slot for a in solution.assignments]
    if any(per_slot.count(slot) > len(instance.tables) for slot in instance.slots):
        return False
    return not [v for v in validate(instance, solution) if not v.startswith("table ")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_solve_any_tiny_instance_reaches_the_brute_force_optimum(instance: Instance):
    solution = solve(instance, time_limit=5)

    assert validate(instance, solution) == []
    assert solution.stats.placed_priority == brute_force_best_priority(instance)
    assert solution.stats.gaps == count_gaps(instance, solution.assignments)


@settings(max_examples=100, deadline=None)
@given(tiny_instances())
def test_first_come_first_served_any_tiny_instance_validates(instance: Instance):
    assert validate(instance, first_come_first_served(instance)) == []
