"""Benchmark of the meeting scheduler against proven optima and against first-come-first-served.

Run with ``python -m bench.scheduler_bench [NAME ...] [--time-limit SECONDS]``. The instances are
described in :mod:`bench.scheduler_instances`. For each one it reports:

* tables and rooms (for online meetings: ``-`` when there are none, ``∞`` when unlimited);
* placed priority / proven optimum: from ``bench/references/scheduler.json`` (proved by OR-Tools
  CP-SAT, see :mod:`bench.scheduler_reference`) or, for planted and bipartite instances, the total
  priority, which a full schedule reaches by construction;
* gaps / proven optimal gaps: from the same file; ``≥b`` when CP-SAT only proved the bound ``b``
  (a plan reaching ``b`` is then optimal, and the totals count it so), ``?`` when there is no
  reference (or the instance changed since: references carry a fingerprint);
* seconds, the moment the returned solution was found, and what the solver itself proved
  (``P``: placement optimal, ``G``: gaps optimal too);
* the same figures for first-come-first-served (each meeting, in input order, takes the first slot
  where both participants are free and a table is left).

OR-Tools is not needed to run this. Every result is checked with :func:`validate`; the script stops
at the first invalid one.
"""

import argparse
import resource
import sys
from typing import Any

from bench.scheduler_instances import all_instances, fingerprint
from bench.scheduler_reference import load_references
from matchmaking.scheduling import Instance, Solution, first_come_first_served, solve, validate

HEADER = [
    "instance",
    "meetings",
    "slots",
    "tables",
    "rooms",
    "placed/optimum",
    "gaps/optimum",
    "proved",
    "s",
    "found s",
    "FCFS placed",
    "FCFS gaps",
]


def checked(instance: Instance, solution: Solution, solver: str) -> Solution:
    violations = validate(instance, solution)
    if violations:
        sys.exit(f"{solver} produced an invalid schedule: {violations[0]}")
    return solution


def reference_for(name: str, family: str, instance: Instance, references: dict[str, Any]) -> dict[str, Any]:
    """The proven placement optimum and gaps optimum (``None`` where unknown), and CP-SAT's gap bound."""
    total = sum(m.priority for m in instance.meetings)
    entry = references["instances"].get(name)
    known: dict[str, Any] = {"placement": None, "gaps": None, "gaps_bound": None}
    if family in ("planted", "tight", "bipartite"):
        known["placement"] = total
    if entry is None or entry["fingerprint"] != fingerprint(instance):
        return known
    if entry["placement"]["status"] == "OPTIMAL":
        known["placement"] = entry["placement"]["value"]
    gaps = entry.get("gaps")
    if gaps is not None and entry["placement"]["status"] == "OPTIMAL":
        if gaps["status"] == "OPTIMAL":
            known["gaps"] = gaps["value"]
        known["gaps_bound"] = gaps["bound"]
    return known


def row(name: str, instance: Instance, solution: Solution, baseline: Solution, known: dict[str, Any]) -> list[str]:
    stats = solution.stats
    optimum = "?" if known["placement"] is None else str(known["placement"])
    if known["gaps"] is not None:
        gaps_optimum = str(known["gaps"])
    elif known["gaps_bound"] is not None:
        gaps_optimum = f"≥{known['gaps_bound']}"
    else:
        gaps_optimum = "?"
    proved = "P" if getattr(stats, "placement_optimal", False) else "-"
    proved += "G" if getattr(stats, "gaps_optimal", False) else "-"
    return [
        name,
        str(len(instance.meetings)),
        str(len(instance.slots)),
        str(len(instance.tables)),
        _rooms(instance),
        f"{stats.placed_priority}/{optimum}",
        f"{stats.gaps}/{gaps_optimum}",
        proved,
        f"{stats.seconds:.2f}",
        f"{getattr(stats, 'best_found_seconds', float('nan')):.2f}",
        str(baseline.stats.placed_priority),
        str(baseline.stats.gaps),
    ]


def _rooms(instance: Instance) -> str:
    if not any(m.online for m in instance.meetings):
        return "-"
    return "∞" if instance.rooms is None else str(instance.rooms)


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(line[column]) for line in [HEADER, *rows]) for column in range(len(HEADER))]
    for line in [HEADER, ["-" * width for width in widths], *rows]:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")


def summary(results: list[tuple[str, str, Solution, dict[str, Any]]]) -> list[str]:
    lines = []
    order = ["forum", "tight", "planted", "bipartite", "hybrid"]
    families = sorted({family for family, *_ in results}, key=order.index)
    for family in families:
        chosen = [(s, k) for f, _, s, k in results if f == family]
        placed = sum(s.stats.placed_priority for s, _ in chosen)
        known = [k["placement"] for _, k in chosen]
        placement_optimal = sum(1 for s, k in chosen if k["placement"] == s.stats.placed_priority)
        line = (
            f"{family}: {len(chosen)} instances; placed priority {placed}"
            + (f" of {sum(known)} proven optimal" if None not in known else "")
            + f"; placement optimal on {placement_optimal}/{len(chosen)}"
        )
        # A plan reaching CP-SAT's proven bound is optimal too: the plan itself, validated, is the witness.
        chosen = [(s, _witnessed(s, k)) for s, k in chosen]
        with_gaps = [(s, k) for s, k in chosen if k["gaps"] is not None]
        if with_gaps:
            equal = sum(1 for s, k in with_gaps if s.stats.gaps == k["gaps"])
            within_two = sum(1 for s, k in with_gaps if s.stats.gaps <= k["gaps"] + 2)
            line += (
                f"; gaps {sum(s.stats.gaps for s, _ in with_gaps)} against {sum(k['gaps'] for _, k in with_gaps)} "
                f"proven optimal on the {len(with_gaps)} with a proven optimum: equal on {equal}, "
                f"within 2 on {within_two}"
            )
        line += f"; slowest {max(s.stats.seconds for s, _ in chosen):.2f} s"
        lines.append(line)
    return lines


def _witnessed(solution: Solution, known: dict[str, Any]) -> dict[str, Any]:
    if known["gaps"] is None and known["gaps_bound"] is not None and solution.stats.gaps == known["gaps_bound"]:
        return known | {"gaps": known["gaps_bound"]}
    return known


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark of the meeting scheduler.")
    parser.add_argument("names", nargs="*", help="only these instances (default: all)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="the solver's time limit (default 10)")
    # Called from `python -m bench` without arguments: the defaults, whatever that command line holds.
    options = parser.parse_args([] if argv is None else argv)
    references = load_references()
    rows, results = [], []
    for family, name, instance in all_instances():
        if options.names and name not in options.names:
            continue
        solution = checked(instance, solve(instance, time_limit=options.time_limit, seed=0), "solve")
        baseline = checked(instance, first_come_first_served(instance), "first_come_first_served")
        known = reference_for(name, family, instance, references)
        rows.append(row(name, instance, solution, baseline, known))
        results.append((family, name, solution, known))
        print(f"{name}: done", file=sys.stderr)
    print_table(rows)
    print()
    for line in summary(results):
        print(line)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS of the whole run): {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
