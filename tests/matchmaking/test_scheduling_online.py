"""Online meetings in the scheduler: virtual rooms instead of tables, the input and output contract, the
referee, and the bounds against brute force on mixed instances."""

import copy
import dataclasses
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

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
from matchmaking.scheduling.bounds import placement_upper_bound
from matchmaking.scheduling.problem import Problem
from tests.matchmaking.test_scheduler import tiny_instances
from tests.matchmaking.test_scheduling_bounds import brute_force_best


def mixed(
    slots: int,
    in_person: list[tuple[str, str]],
    online: list[tuple[str, str]],
    *,
    tables: int = 10,
    **extra: Any,
) -> Instance:
    """Slots S1..Sn in one block, tables T1..Tn; in-person meetings M1.., then online meetings O1.."""
    names = sorted({name for pair in in_person + online for name in pair})
    meetings = [{"id": f"M{i + 1}", "a": a, "b": b} for i, (a, b) in enumerate(in_person)]
    meetings += [{"id": f"O{i + 1}", "a": a, "b": b, "online": True} for i, (a, b) in enumerate(online)]
    return parse_instance(
        {
            "slots": [f"S{i + 1}" for i in range(slots)],
            "tables": [f"T{i + 1}" for i in range(tables)],
            "participants": [{"id": name} for name in names],
            "meetings": meetings,
            **extra,
        }
    )


def solved(instance: Instance) -> Solution:
    solution = solve(instance, time_limit=5)
    assert validate(instance, solution) == []
    assert solution.stats.gaps == count_gaps(instance, solution.assignments)
    return solution


def places(solution: Solution) -> dict[str, tuple[str, str | None, int | None]]:
    return {a.meeting: (a.slot, a.table, a.room) for a in solution.assignments}


# Solving


def test_solve_online_meeting_takes_no_table():
    # One table: the in-person meeting takes it, the online one needs none.
    instance = mixed(1, [("A", "B")], [("C", "D")], tables=1)

    solution = solved(instance)

    assert places(solution) == {"M1": ("S1", "T1", None), "O1": ("S1", None, 1)}
    assert solution.stats.stopped == "optimal"


def test_solve_event_without_tables_places_online_meetings_only():
    instance = mixed(1, [("A", "B")], [("C", "D")], tables=0)

    solution = solved(instance)

    assert places(solution) == {"O1": ("S1", None, 1)}
    assert solution.unscheduled == ("M1",)
    assert (solution.stats.placement_upper_bound, solution.stats.placement_optimal) == (1, True)


def test_solve_rooms_absent_are_unlimited():
    instance = mixed(1, [], [("A", "B"), ("C", "D"), ("E", "F"), ("G", "H")], tables=0)

    solution = solved(instance)

    assert [(a.slot, a.table, a.room) for a in solution.assignments] == [("S1", None, room) for room in (1, 2, 3, 4)]


def test_solve_room_cap_leaves_the_rest_unscheduled_and_proves_it():
    instance = mixed(1, [], [("A", "B"), ("C", "D"), ("E", "F")], rooms=2)

    solution = solved(instance)

    assert solution.stats.placed == 2
    assert sorted(a.room for a in solution.assignments) == [1, 2]
    assert (solution.stats.placement_upper_bound, solution.stats.placement_optimal) == (2, True)


def test_solve_zero_rooms_places_no_online_meeting():
    instance = mixed(2, [("A", "B")], [("C", "D")], rooms=0)

    solution = solved(instance)

    assert places(solution) == {"M1": ("S1", "T1", None)}
    assert solution.stats.placement_upper_bound == 1


def test_solve_participant_is_not_at_a_table_and_online_at_once():
    instance = mixed(1, [("A", "B")], [("A", "C")])

    solution = solved(instance)

    assert solution.stats.placed == 1
    assert solution.stats.placement_optimal is True


def test_solve_room_cap_moves_online_meetings_to_other_slots():
    # One room per slot and three slots: the three online meetings of A go one per slot, next to each other.
    instance = mixed(3, [("B", "C")], [("A", "B"), ("A", "C"), ("A", "D")], tables=1, rooms=1)

    solution = solved(instance)

    online_slots = sorted(slot for slot, table, _ in places(solution).values() if table is None)
    assert online_slots == ["S1", "S2", "S3"]
    assert solution.stats.placed == 4
    assert solution.stats.gaps == 0


def test_solve_tight_tables_and_rooms_together_are_proven_optimal():
    # Two slots, one table and one room: four meetings at most, and the four disjoint pairs fit exactly.
    instance = mixed(2, [("A", "B"), ("C", "D"), ("A", "C")], [("E", "F"), ("G", "H"), ("E", "G")], tables=1, rooms=1)

    solution = solved(instance)

    assert solution.stats.placed == 4
    assert (solution.stats.placement_upper_bound, solution.stats.placement_optimal) == (4, True)


def test_solve_fixed_online_meeting_keeps_its_room_and_the_others_skip_it():
    instance = mixed(1, [], [("A", "B"), ("C", "D")], fixed=[{"meeting": "O1", "slot": "S1", "room": 1}])

    solution = solved(instance)

    assert places(solution) == {"O1": ("S1", None, 1), "O2": ("S1", None, 2)}


def test_solve_fixed_online_meeting_in_a_high_room_leaves_the_low_ones_to_others():
    instance = mixed(1, [], [("A", "B"), ("C", "D")], rooms=3, fixed=[{"meeting": "O2", "slot": "S1", "room": 3}])

    solution = solved(instance)

    assert places(solution) == {"O1": ("S1", None, 1), "O2": ("S1", None, 3)}


def test_solve_fixed_room_is_reserved_in_its_own_slot_only():
    instance = mixed(2, [], [("A", "B"), ("A", "C")], rooms=1, fixed=[{"meeting": "O1", "slot": "S2", "room": 1}])

    solution = solved(instance)

    assert places(solution) == {"O2": ("S1", None, 1), "O1": ("S2", None, 1)}


def test_first_come_first_served_respects_the_rooms():
    instance = mixed(2, [("A", "B")], [("C", "D"), ("E", "F"), ("G", "H")], tables=1, rooms=1)

    solution = first_come_first_served(instance)

    assert validate(instance, solution) == []
    assert places(solution) == {"M1": ("S1", "T1", None), "O1": ("S1", None, 1), "O2": ("S2", None, 1)}
    assert solution.unscheduled == ("O3",)


def test_solve_many_mixed_meetings_respects_both_capacities_per_slot():
    pairs = [(f"P{i}", f"P{j}") for i in range(10) for j in range(i + 1, 10)]
    instance = mixed(6, pairs[::2], pairs[1::2], tables=3, rooms=2)

    solution = solved(instance)

    for slot in instance.slots:
        in_slot = [a for a in solution.assignments if a.slot == slot]
        assert sum(1 for a in in_slot if a.table is not None) <= 3
        assert sum(1 for a in in_slot if a.room is not None) <= 2
    assert solution.stats.placed == 30
    assert solution.stats.placement_optimal is True


# Output contract


def test_solution_to_dict_online_assignment_has_a_room_and_a_null_table():
    document = solution_to_dict(solved(mixed(1, [("A", "B")], [("C", "D")], tables=1)))

    assert document["assignments"] == [
        {"meeting": "M1", "slot": "S1", "table": "T1"},
        {"meeting": "O1", "slot": "S1", "table": None, "room": 1},
    ]


# Backward compatibility: an instance without online meetings is solved exactly as before they existed.

IN_PERSON_INPUT: dict[str, Any] = {
    "slots": ["S1", "S2", "S3", "S4", "S5"],
    "blocks": {"S1": "am", "S2": "am", "S3": "am", "S4": "pm", "S5": "pm"},
    "tables": ["T1", "T2"],
    "participants": [
        {"id": "A", "capacity": 2},
        {"id": "B", "unavailable": ["S1"]},
        {"id": "C"},
        {"id": "D", "unavailable": ["S4", "S5"]},
        {"id": "E"},
    ],
    "meetings": [
        {"id": "M1", "a": "A", "b": "B", "priority": 2},
        {"id": "M2", "a": "A", "b": "C"},
        {"id": "M3", "a": "A", "b": "D", "slots": ["S2", "S3"]},
        {"id": "M4", "a": "B", "b": "C", "priority": 3},
        {"id": "M5", "a": "C", "b": "D"},
        {"id": "M6", "a": "D", "b": "E"},
        {"id": "M7", "a": "B", "b": "E"},
        {"id": "M8", "a": "A", "b": "E"},
        {"id": "M9", "a": "C", "b": "E", "priority": 2},
        {"id": "M10", "a": "B", "b": "D"},
    ],
    "fixed": [{"meeting": "M4", "slot": "S3", "table": "T2"}, {"meeting": "M6", "slot": "S1"}],
}
# Printed by the scheduler before online meetings existed (seconds left out: they vary from run to run).
IN_PERSON_OUTPUT = (
    '{"assignments": [{"meeting": "M6", "slot": "S1", "table": "T1"}, {"meeting": "M5", "slot": "S2", "table": "T1"}, '
    '{"meeting": "M8", "slot": "S2", "table": "T2"}, {"meeting": "M3", "slot": "S3", "table": "T1"}, '
    '{"meeting": "M4", "slot": "S3", "table": "T2"}, {"meeting": "M2", "slot": "S4", "table": "T1"}, '
    '{"meeting": "M7", "slot": "S4", "table": "T2"}, {"meeting": "M1", "slot": "S5", "table": "T1"}, '
    '{"meeting": "M9", "slot": "S5", "table": "T2"}], "unscheduled": ["M10"], "stats": {"placed": 9, '
    '"placed_priority": 13, "unscheduled": 1, "gaps": 0, "placement_upper_bound": 13, "placement_optimal": true, '
    '"gaps_lower_bound": 0, "gaps_optimal": true, "worst_participant_gaps": 0, "stopped": "optimal"}}'
)


def timeless_json(instance: Instance) -> str:
    document = solution_to_dict(solve(instance, time_limit=10))
    del document["stats"]["seconds"], document["stats"]["best_found_seconds"]
    return json.dumps(document)


def test_solve_in_person_instance_prints_exactly_what_it_printed_before():
    assert timeless_json(parse_instance(IN_PERSON_INPUT)) == IN_PERSON_OUTPUT


@pytest.mark.parametrize("extra", [{"rooms": None}, {"rooms": 3}, {"rooms": 0}])
def test_solve_rooms_without_online_meetings_change_nothing(extra: dict[str, Any]):
    data = copy.deepcopy(IN_PERSON_INPUT) | extra
    data["meetings"][0]["online"] = False

    assert timeless_json(parse_instance(data)) == IN_PERSON_OUTPUT


# Parsing


GOOD_INPUT: dict[str, Any] = {
    "slots": ["S1", "S2"],
    "tables": ["T1"],
    "rooms": 2,
    "participants": [{"id": "P1"}, {"id": "P2"}, {"id": "P3"}],
    "meetings": [{"id": "M1", "a": "P1", "b": "P2"}, {"id": "M2", "a": "P2", "b": "P3", "online": True}],
    "fixed": [{"meeting": "M2", "slot": "S1", "room": 2}],
}


def changed(**changes: Any) -> dict[str, Any]:
    """GOOD_INPUT with top-level keys replaced; ``meeting`` / ``fixed`` replace the second meeting / the fixed list."""
    data = copy.deepcopy(GOOD_INPUT)
    if "meeting" in changes:
        data["meetings"][1] = {**data["meetings"][1], **changes.pop("meeting")}
    return data | changes


def test_parse_instance_online_input_builds_the_instance():
    instance = parse_instance(GOOD_INPUT)

    assert instance.rooms == 2
    assert [m.online for m in instance.meetings] == [False, True]
    assert instance.fixed[0].room == 2
    assert instance.fixed[0].table is None


def test_parse_instance_without_rooms_has_unlimited_rooms():
    data = changed()
    del data["rooms"]

    assert parse_instance(data).rooms is None
    assert parse_instance(changed(rooms=None)).rooms is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (changed(rooms=-1), "rooms must be an integer of at least 0 (or null for no limit), got -1"),
        (changed(rooms=1.5), "rooms must be an integer of at least 0 (or null for no limit), got 1.5"),
        (changed(rooms=True), "rooms must be an integer of at least 0 (or null for no limit), got True"),
        (changed(rooms="2"), "rooms must be an integer of at least 0 (or null for no limit), got '2'"),
        (changed(meeting={"online": 1}), "the online flag of meeting 'M2' must be true or false, got 1"),
        (changed(meeting={"online": "yes"}), "the online flag of meeting 'M2' must be true or false, got 'yes'"),
        (changed(meeting={"online": None}), "the online flag of meeting 'M2' must be true or false, got None"),
        (
            changed(fixed=[{"meeting": "M2", "slot": "S1", "table": "T1"}]),
            "the fixed assignment of meeting 'M2' gives a table, but the meeting is online: give a room or nothing",
        ),
        (
            changed(fixed=[{"meeting": "M1", "slot": "S1", "room": 1}]),
            "the fixed assignment of meeting 'M1' gives a room, but the meeting is in person: give a table or nothing",
        ),
        (
            changed(fixed=[{"meeting": "M2", "slot": "S1", "room": 3}]),
            "the room of the fixed assignment of meeting 'M2' must be an integer from 1 to 2, got 3",
        ),
        (
            changed(fixed=[{"meeting": "M2", "slot": "S1", "room": 0}]),
            "the room of the fixed assignment of meeting 'M2' must be an integer from 1 to 2, got 0",
        ),
        (
            changed(fixed=[{"meeting": "M2", "slot": "S1", "room": "1"}]),
            "the room of the fixed assignment of meeting 'M2' must be an integer from 1 to 2, got '1'",
        ),
        (
            changed(rooms=None, fixed=[{"meeting": "M2", "slot": "S1", "room": 0}]),
            "the room of the fixed assignment of meeting 'M2' must be an integer of at least 1, got 0",
        ),
        (
            changed(rooms=0, fixed=[{"meeting": "M2", "slot": "S1", "room": 1}]),
            "the fixed assignment of meeting 'M2' gives a room, but there are no rooms",
        ),
        (
            changed(rooms=0, fixed=[{"meeting": "M2", "slot": "S1"}]),
            "fixed assignments break a hard constraint: slot S1 holds 1 online meetings but there are 0 rooms",
        ),
        (
            changed(
                meetings=[*GOOD_INPUT["meetings"], {"id": "M3", "a": "P1", "b": "P3", "online": True}],
                fixed=[{"meeting": "M2", "slot": "S1", "room": 1}, {"meeting": "M3", "slot": "S1", "room": 1}],
            ),
            "fixed assignments break a hard constraint: room 1 holds meetings M2, M3 in slot S1",
        ),
        (changed(fixed=[{"meeting": "M2", "slot": "S1", "rom": 1}]), "a fixed assignment has the unknown key 'rom'"),
        (changed(meeting={"onlin": True}), "a meeting has the unknown key 'onlin'"),
    ],
)
def test_parse_instance_bad_online_input_raises_one_clear_message(data: Any, message: str):
    with pytest.raises(SchedulerInputError) as raised:
        parse_instance(data)

    assert str(raised.value) == message


def test_parse_instance_delegation_fixed_at_a_table_and_online_in_one_slot_is_accepted():
    data = changed(
        meeting={"a": "P3", "b": "P1"}, fixed=[{"meeting": "M1", "slot": "S1"}, {"meeting": "M2", "slot": "S1"}]
    )
    data["participants"][0]["capacity"] = 2

    assert [(f.meeting, f.slot) for f in parse_instance(data).fixed] == [("M1", "S1"), ("M2", "S1")]


def test_parse_instance_fixed_online_meetings_above_the_rooms_are_rejected():
    data = changed(
        rooms=1,
        meetings=[*GOOD_INPUT["meetings"], {"id": "M3", "a": "P1", "b": "P3", "online": True}],
        fixed=[{"meeting": "M2", "slot": "S1"}, {"meeting": "M3", "slot": "S1"}],
    )

    with pytest.raises(SchedulerInputError) as raised:
        parse_instance(data)

    assert str(raised.value) == (
        "fixed assignments break a hard constraint: slot S1 holds 2 online meetings but there are 1 rooms"
    )


def test_parse_instance_fixed_online_meeting_does_not_take_the_last_table():
    data = changed(
        meetings=[*GOOD_INPUT["meetings"], {"id": "M3", "a": "P1", "b": "P3"}],
        fixed=[{"meeting": "M2", "slot": "S1"}, {"meeting": "M3", "slot": "S1", "table": "T1"}],
    )
    data["participants"][2]["capacity"] = 2

    assert len(parse_instance(data).fixed) == 2


# The referee

REFEREE_INSTANCE = mixed(2, [("A", "B")], [("C", "D"), ("E", "F")], tables=1, rooms=2)
REFEREE_VALID = Solution(
    assignments=(
        Assignment("M1", "S1", "T1"),
        Assignment("O1", "S1", None, 1),
        Assignment("O2", "S1", None, 2),
    ),
    unscheduled=(),
    stats=first_come_first_served(REFEREE_INSTANCE).stats,
)


def referee_with(*changed_assignments: Assignment) -> Solution:
    kept = [a for a in REFEREE_VALID.assignments if a.meeting not in {c.meeting for c in changed_assignments}]
    return dataclasses.replace(REFEREE_VALID, assignments=(*kept, *changed_assignments))


def test_validate_valid_mixed_solution_has_no_violations():
    assert validate(REFEREE_INSTANCE, REFEREE_VALID) == []


@pytest.mark.parametrize(
    ("solution", "violations"),
    [
        (referee_with(Assignment("O2", "S1", None, 1)), ["room 1 holds meetings O1, O2 in slot S1"]),
        (referee_with(Assignment("O2", "S1", None, 3)), ["online meeting O2 is in unknown room 3"]),
        (referee_with(Assignment("O2", "S1", None, None)), ["online meeting O2 is in unknown room None"]),
        (referee_with(Assignment("O2", "S1", "T1", 2)), ["online meeting O2 is at table T1"]),
        (referee_with(Assignment("M1", "S1", "T1", 1)), ["in-person meeting M1 is in room 1"]),
        (
            referee_with(Assignment("M1", "S1", None, 3)),
            ["in-person meeting M1 is in room 3", "meeting M1 is at unknown table None"],
        ),
    ],
)
def test_validate_reports_each_broken_online_constraint(solution: Solution, violations: list[str]):
    assert validate(REFEREE_INSTANCE, solution) == violations


def test_validate_reports_more_online_meetings_than_rooms():
    instance = mixed(1, [], [("A", "B"), ("C", "D"), ("E", "F")], rooms=2)
    solution = Solution(
        (Assignment("O1", "S1", None, 1), Assignment("O2", "S1", None, 2), Assignment("O3", "S1", None, 2)),
        (),
        REFEREE_VALID.stats,
    )

    assert validate(instance, solution) == [
        "room 2 holds meetings O2, O3 in slot S1",
        "slot S1 holds 3 online meetings but there are 2 rooms",
    ]


def test_validate_reports_a_fixed_online_meeting_moved_to_another_room():
    instance = mixed(1, [], [("A", "B")], fixed=[{"meeting": "O1", "slot": "S1", "room": 2}])
    solution = Solution((Assignment("O1", "S1", None, 1),), (), REFEREE_VALID.stats)

    assert validate(instance, solution) == ["fixed meeting O1 is not in room 2"]


# Bounds and what the solver proves, against brute force on tiny mixed instances


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(online=True))
def test_solve_any_tiny_mixed_instance_is_optimal_and_claims_only_true_bounds(instance: Instance):
    solution = solve(instance, time_limit=5)
    best_priority, best_gaps = brute_force_best(instance)
    stats = solution.stats

    assert validate(instance, solution) == []
    assert stats.gaps == count_gaps(instance, solution.assignments)
    assert stats.placed_priority == best_priority
    assert best_priority <= stats.placement_upper_bound
    assert best_priority <= placement_upper_bound(Problem.from_instance(instance))
    if stats.gaps_optimal:
        assert stats.gaps == -best_gaps
    assert stats.gaps_lower_bound <= -best_gaps


@settings(max_examples=100, deadline=None)
@given(tiny_instances(online=True))
def test_first_come_first_served_any_tiny_mixed_instance_validates(instance: Instance):
    assert validate(instance, first_come_first_served(instance)) == []
