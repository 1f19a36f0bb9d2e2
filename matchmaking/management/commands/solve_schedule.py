"""``manage.py solve_schedule INPUT.json [--output OUT.json] [--time-limit SECONDS]``

A thin shell around :mod:`matchmaking.scheduling`: read the instance, solve it, write the
schedule as JSON (to stdout unless ``--output`` is given). Any bad input ends with one line on
stderr and exit status 2, never a traceback.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from matchmaking.scheduling import SchedulerInputError, parse_instance, solution_to_dict, solve

DEFAULT_TIME_LIMIT = "10"
INPUT_ERROR_STATUS = 2


class Command(BaseCommand):
    help = (
        "Schedule B2B meetings into slots and tables (virtual rooms for online meetings) from a JSON instance "
        "and print the schedule as JSON."
    )
    # The command touches neither models nor the database, so the project checks add nothing but time.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("input", metavar="INPUT.json", help="the instance to solve")
        parser.add_argument("--output", metavar="OUT.json", help="write the schedule here instead of stdout")
        # Kept as text and checked in handle(): an argparse type error would print the usage too,
        # and a bad value must end in a single line like every other input error.
        parser.add_argument(
            "--time-limit",
            default=DEFAULT_TIME_LIMIT,
            metavar="SECONDS",
            help=f"stop searching after this many seconds (default {DEFAULT_TIME_LIMIT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        time_limit = _positive_seconds(options["time_limit"])
        instance = _load_instance(Path(options["input"]))
        solution = solve(instance, time_limit=time_limit)
        document = json.dumps(solution_to_dict(solution), ensure_ascii=False, indent=2)
        if options["output"] is None:
            self.stdout.write(document)
            return
        _write(Path(options["output"]), document)
        stats = solution.stats
        self.stdout.write(
            f"placed {stats.placed} meetings (priority {stats.placed_priority}), {stats.unscheduled} unscheduled, "
            f"{stats.gaps} gaps, {stats.seconds:.2f} s; schedule written to {options['output']}"
        )


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0 or seconds == float("inf"):
        _fail(f"--time-limit must be a positive number of seconds, got {text!r}")
    return seconds


def _load_instance(path: Path):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        _fail(f"cannot read {path}: {error.strerror or error}")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")
    except json.JSONDecodeError as error:
        _fail(f"{path} is not valid JSON: {error}")
    try:
        return parse_instance(data)
    except SchedulerInputError as error:
        _fail(f"{path}: {error}")


def _write(path: Path, document: str) -> None:
    try:
        path.write_text(document + "\n", encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror or error}")


def _fail(message: str):
    # Ids come from the input file and may hold line breaks; the error must stay on one line.
    raise CommandError(" ".join(message.split()), returncode=INPUT_ERROR_STATUS)
