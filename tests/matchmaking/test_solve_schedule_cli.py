"""``manage.py solve_schedule`` run as a real subprocess: the exit status and stderr are the contract."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

GOOD_INPUT: dict[str, Any] = {
    "slots": ["S1", "S2"],
    "blocks": {"S1": "day1-am", "S2": "day1-am"},
    "tables": ["T1", "T2"],
    "participants": [{"id": "P1", "unavailable": ["S2"], "capacity": 1}, {"id": "P2"}, {"id": "P3"}],
    "meetings": [
        {"id": "M1", "a": "P1", "b": "P2", "priority": 1, "slots": ["S1"]},
        {"id": "M2", "a": "P2", "b": "P3", "priority": 2},
        {"id": "M3", "a": "P1", "b": "P3"},
    ],
    "fixed": [{"meeting": "M1", "slot": "S1", "table": "T1"}],
}


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "solve_schedule", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_input(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_solve_schedule_good_input_prints_the_schedule(tmp_path: Path):
    result = run_command(write_input(tmp_path, GOOD_INPUT), "--time-limit", "2")

    assert (result.returncode, result.stderr) == (0, "")
    output = json.loads(result.stdout)
    assert output["assignments"] == [
        {"meeting": "M1", "slot": "S1", "table": "T1"},
        {"meeting": "M2", "slot": "S2", "table": "T1"},
    ]
    assert output["unscheduled"] == ["M3"]
    assert output["stats"]["placed"] == 2
    assert output["stats"]["placed_priority"] == 3
    assert output["stats"]["gaps"] == 0
    # M3 cannot join P1's only slot, taken by the fixed M1: the bound proves 3 is the best.
    assert output["stats"]["placement_upper_bound"] == 3
    assert (output["stats"]["placement_optimal"], output["stats"]["gaps_optimal"]) == (True, True)
    assert output["stats"]["stopped"] == "optimal"


def test_solve_schedule_output_option_writes_the_file(tmp_path: Path):
    out = tmp_path / "out.json"

    result = run_command(write_input(tmp_path, GOOD_INPUT), "--output", str(out))

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("placed 2 meetings (priority 3), 1 unscheduled, 0 gaps")
    assert json.loads(out.read_text(encoding="utf-8"))["unscheduled"] == ["M3"]


def test_solve_schedule_online_meeting_prints_a_room_and_no_table(tmp_path: Path):
    # M4, online, takes the one room of S1, the slot its participant P3 has free next to M2 in S2.
    data = {
        **GOOD_INPUT,
        "rooms": 1,
        "participants": [*GOOD_INPUT["participants"], {"id": "P4"}],
        "meetings": [*GOOD_INPUT["meetings"], {"id": "M4", "a": "P3", "b": "P4", "online": True}],
    }

    result = run_command(write_input(tmp_path, data), "--time-limit", "2")

    assert (result.returncode, result.stderr) == (0, "")
    output = json.loads(result.stdout)
    assert sorted(output["assignments"], key=lambda a: a["meeting"]) == [
        {"meeting": "M1", "slot": "S1", "table": "T1"},
        {"meeting": "M2", "slot": "S2", "table": "T1"},
        {"meeting": "M4", "slot": "S1", "table": None, "room": 1},
    ]
    assert output["unscheduled"] == ["M3"]


def bad_meeting(**changes: Any) -> dict[str, Any]:
    return {**GOOD_INPUT, "meetings": [{**GOOD_INPUT["meetings"][0], **changes}, *GOOD_INPUT["meetings"][1:]]}


@pytest.mark.parametrize(
    ("data", "options", "message"),
    [
        ('{"slots": [', [], "is not valid JSON: Expecting value: line 1 column 12 (char 11)"),
        (bad_meeting(b="P9"), [], "meeting 'M1' refers to unknown participant 'P9'"),
        (
            {**GOOD_INPUT, "meetings": [*GOOD_INPUT["meetings"], GOOD_INPUT["meetings"][0]]},
            [],
            "duplicate meeting id 'M1'",
        ),
        (
            {**GOOD_INPUT, "fixed": [{"meeting": "M3", "slot": "S2"}]},
            [],
            "fixed assignments break a hard constraint: participant P1 is unavailable in slot S2 but holds meeting M3",
        ),
        (
            {**GOOD_INPUT, "participants": [*GOOD_INPUT["participants"][:2], {"id": "P3", "capacity": -2}]},
            [],
            "the capacity of participant 'P3' must be an integer of at least 0, got -2",
        ),
        (
            {**GOOD_INPUT, "fixed": [{"meeting": "M1", "slot": "S1", "room": 1}]},
            [],
            "the fixed assignment of meeting 'M1' gives a room, but the meeting is in person: give a table or nothing",
        ),
        (GOOD_INPUT, ["--time-limit", "0"], "--time-limit must be a positive number of seconds, got '0'"),
        (GOOD_INPUT, ["--time-limit", "soon"], "--time-limit must be a positive number of seconds, got 'soon'"),
    ],
    ids=[
        "malformed-json",
        "unknown-participant",
        "duplicate-meeting",
        "broken-fixed",
        "negative-capacity",
        "room-for-in-person",
        "zero-time-limit",
        "text-time-limit",
    ],
)
def test_solve_schedule_bad_input_exits_2_with_one_line(tmp_path: Path, data: Any, options: list[str], message: str):
    result = run_command(write_input(tmp_path, data), *options)

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("CommandError: ")
    assert result.stderr.rstrip("\n").endswith(message)
    assert "Traceback" not in result.stderr


def test_solve_schedule_missing_file_exits_2_with_one_line(tmp_path: Path):
    missing = tmp_path / "nowhere.json"

    result = run_command(str(missing))

    assert result.returncode == 2
    assert result.stderr == f"CommandError: cannot read {missing}: No such file or directory\n"
