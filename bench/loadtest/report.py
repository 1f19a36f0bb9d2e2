"""The load test's report: throughput, the mixed load per request name, the errors of each second around the
database restart, the recovery, the double-booking check in SQL and the task queue, as one markdown summary.

    python -m bench.loadtest.report --run-dir DIR --database-url postgres://… --output DIR/summary.md

Reads what scripts/loadtest left in DIR: throughput-<name>.csv and mixed.csv (one line per request, written by
the locustfile), run.json (the phases' timestamps and settings), worker-exits.log, drill.log. Exits 1 when a
check fails: an error outside the restart window, no recovery within RECOVERY_LIMIT seconds, a double booking.
"""

import argparse
import csv
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

RECOVERY_LIMIT = 10.0
# Each check names what must never happen; the query returns the rows that break it (none, when all is well).
DOUBLE_BOOKING_CHECKS = {
    # An online meeting has a video room instead of a table (events.models.Meeting): NULL tables are not shared.
    "two live meetings at the same table in the same slot": """
        SELECT slot_id, table_id, count(*) AS meetings
        FROM events_meeting
        WHERE status <> 'cancelled' AND slot_id IS NOT NULL AND table_id IS NOT NULL
        GROUP BY slot_id, table_id HAVING count(*) > 1""",
    "two live online meetings in the same video room in the same slot": """
        SELECT slot_id, room, count(*) AS meetings
        FROM events_meeting
        WHERE status <> 'cancelled' AND slot_id IS NOT NULL AND room IS NOT NULL
        GROUP BY slot_id, room HAVING count(*) > 1""",
    "a participant in more live meetings of one slot than it has delegates": """
        SELECT p.id AS participation, m.slot_id, count(*) AS meetings, p.delegates
        FROM events_meeting m
        JOIN events_meetingrequest r ON r.id = m.request_id
        JOIN events_participation p ON p.id IN (r.requester_id, r.recipient_id)
        WHERE m.status <> 'cancelled' AND m.slot_id IS NOT NULL
        GROUP BY p.id, m.slot_id, p.delegates HAVING count(*) > p.delegates""",
    "a scheduled meeting without exactly one seat for each side in its slot": """
        SELECT m.id AS meeting, count(s.id) AS seats
        FROM events_meeting m
        LEFT JOIN events_seat s ON s.meeting_id = m.id AND s.slot_id = m.slot_id
        WHERE m.status <> 'cancelled' AND m.slot_id IS NOT NULL
        GROUP BY m.id HAVING count(s.id) <> 2""",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run-dir", type=Path, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    run = json.loads((args.run_dir / "run.json").read_text())
    lines, failed = build_report(args.run_dir, run, args.database_url)
    text = "\n".join(lines) + "\n"
    args.output.write_text(text)
    print(text)
    sys.exit(1 if failed else 0)


def read_requests(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="") as file:
        return [{"start": float(row["start"]), "duration": float(row["duration_ms"]), "name": row["name"],
                 "status": int(row["status"]), "ok": row["ok"] == "1"} for row in csv.DictReader(file)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def build_report(run_dir: Path, run: dict, database_url: str) -> tuple[list[str], bool]:
    failures = []
    lines = [f"# TradeBridge under load ({run['started']})", "",
             f"Machine: {run['machine']}. Server: {run['server']}. Database: {run['database']}. "
             f"Data: {run['data']}.", ""]
    lines += throughput_section(run_dir, run)
    requests = read_requests(run_dir / "mixed.csv")
    lines += mixed_section(requests, run)
    restart_lines, restart_failures = restart_section(requests, run)
    lines += restart_lines
    failures += restart_failures
    sql_lines, sql_failures = database_section(database_url, run)
    lines += sql_lines
    failures += sql_failures
    lines += processes_section(run_dir, run)
    if run.get("drill_status"):
        failures.append(f"the backup and restore drill ended with status {run['drill_status']} (drill.log)")
    lines += ["## Verdict", ""]
    lines += [f"- FAILED: {failure}" for failure in failures] or ["- All checks passed."]
    return lines, bool(failures)


def throughput_section(run_dir: Path, run: dict) -> list[str]:
    lines = ["## Throughput", "",
             f"{run['throughput_users']} concurrent clients without think time, {run['throughput_seconds']} s per "
             "path, after a warm-up; the load generator (locust, one process) runs on the same 2 cores as the server "
             "and takes part of the CPU, so these are lower bounds for a server alone.", "",
             "| path | requests | requests/s | median ms | p95 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
    for name, path in run["throughput_paths"].items():
        requests = read_requests(run_dir / f"throughput-{name}.csv")
        if not requests:
            lines.append(f"| `{path}` | no data | | | | |")
            continue
        span = max(r["start"] + r["duration"] / 1000 for r in requests) - min(r["start"] for r in requests)
        durations = [r["duration"] for r in requests]
        lines.append(f"| `{path}` | {len(requests):,} | {len(requests) / span:,.0f} | "
                     f"{statistics.median(durations):.0f} | {percentile(durations, 0.95):.0f} | "
                     f"{sum(not r['ok'] for r in requests)} |")
    return lines + [""]


def mixed_section(requests: list[dict], run: dict) -> list[str]:
    lines = ["## Mixed load", "",
             f"{run['users']} simulated users (3 anonymous visitors for 1 logged-in member, think time 0.5–2 s) for "
             f"{run['load_seconds']} s; PostgreSQL restarted at {run['restart_offset']:.0f} s. Errors are responses "
             "of 5xx, unexpected 4xx or no response; a refused meeting request (limit reached, already asked) is the "
             "site's answer, not an error.", "",
             "| request | count | median ms | p95 ms | errors |", "|---|---:|---:|---:|---:|"]
    by_name = defaultdict(list)
    for request in requests:
        by_name[request["name"]].append(request)
    for name in sorted(by_name):
        rows = by_name[name]
        durations = [r["duration"] for r in rows]
        lines.append(f"| {name} | {len(rows):,} | {statistics.median(durations):.0f} | "
                     f"{percentile(durations, 0.95):.0f} | {sum(not r['ok'] for r in rows)} |")
    if requests:
        durations = [r["duration"] for r in requests]
        lines.append(f"| **all** | {len(requests):,} | {statistics.median(durations):.0f} | "
                     f"{percentile(durations, 0.95):.0f} | {sum(not r['ok'] for r in requests)} |")
        span = run["load_seconds"]
        lines += ["", f"{len(requests) / span:,.1f} requests/s on average. Status codes: "
                  + ", ".join(f"{code or 'none'}: {count:,}" for code, count in
                              sorted(Counter(r["status"] for r in requests).items())) + "."]
        refused = sum(1 for r in requests if r["name"] == "log in" and r["status"] == 429)
        if refused:
            lines.append(f"{refused} log-ins were refused by the rate limit (all users share 127.0.0.1) and retried.")
    return lines + [""]


def restart_section(requests: list[dict], run: dict) -> tuple[list[str], list[str]]:
    """Errors per second around the restart; a request belongs to the second it started in."""
    down, up = run["restart_began"], run["restart_ended"]
    origin = run["load_began"]
    lines = ["## PostgreSQL restart", "",
             f"`pg_ctl restart -m fast` began at {down - origin:.1f} s and PostgreSQL accepted connections again at "
             f"{up - origin:.1f} s (window {up - down:.1f} s).", ""]
    failures = []
    errors = [r for r in requests if not r["ok"]]
    # A request in flight when the restart began belongs to the window: the fast shutdown ends its query.
    before = [r for r in errors if r["start"] + r["duration"] / 1000 < down]
    after = [r for r in errors if r["start"] > up]
    inside = [r for r in errors if r not in before and r not in after]
    late = [r for r in after if r["start"] > up + RECOVERY_LIMIT]
    first_ok = min((r["start"] for r in requests if r["ok"] and r["start"] > up), default=None)
    last_error = max((r["start"] + r["duration"] / 1000 for r in errors), default=None)
    lines += [f"- errors before the restart: {len(before)}",
              f"- errors of requests in flight or started inside the window: {len(inside)}",
              f"- errors of requests started after PostgreSQL was back: {len(after)}"
              + (f" (the last one started {max(r['start'] for r in after) - up:.1f} s after)" if after else ""),
              "- first successful request started after PostgreSQL was back: "
              + (f"{first_ok - up:.2f} s after" if first_ok else "none")]
    if last_error is not None:
        lines.append(f"- last error answered {last_error - up:+.1f} s from the moment PostgreSQL was back")
    if before:
        failures.append(f"{len(before)} errors before the restart")
    if late:
        failures.append(f"{len(late)} errors more than {RECOVERY_LIMIT:.0f} s after PostgreSQL was back")
    if first_ok is None or first_ok - up > RECOVERY_LIMIT:
        failures.append(f"no successful request within {RECOVERY_LIMIT:.0f} s of PostgreSQL being back")
    seconds = defaultdict(lambda: [0, 0])
    for request in requests:
        second = int(request["start"] - origin)
        seconds[second][0 if request["ok"] else 1] += 1
    first, last = int(down - origin) - 5, int(up - origin) + int(RECOVERY_LIMIT) + 5
    lines += ["", "Requests by the second they started in (from the start of the load):", "",
              "| second | ok | errors | |", "|---:|---:|---:|---|"]
    for second in range(first, last + 1):
        ok, bad = seconds.get(second, (0, 0))
        mark = "restart" if int(down - origin) <= second <= int(up - origin) else ""
        lines.append(f"| {second} | {ok} | {bad} | {mark} |")
    outside = sum(bad for second, (_, bad) in seconds.items() if not first <= second <= last)
    lines += ["", f"Errors in all the other seconds of the run: {outside}.", ""]
    return lines, failures


def database_section(database_url: str, run: dict) -> tuple[list[str], list[str]]:
    import psycopg

    lines, failures = ["## No double booking (SQL, after the run)", ""], []
    with psycopg.connect(database_url, autocommit=True) as connection:
        for title, query in DOUBLE_BOOKING_CHECKS.items():
            rows = connection.execute(query).fetchall()
            lines += [f"- {title}: **{len(rows)}** rows", "", "  ```sql", *[f"  {line.strip()}" for line in
                                                                         query.strip().splitlines()], "  ```"]
            if rows:
                failures.append(f"{title}: {rows[:5]}")
        event = run["event"]
        counts = connection.execute("""
            SELECT
              (SELECT count(*) FROM events_meetingrequest r JOIN events_event e ON e.id = r.event_id
                WHERE e.slug = %(event)s),
              (SELECT count(*) FROM events_meetingrequest r JOIN events_event e ON e.id = r.event_id
                WHERE e.slug = %(event)s AND r.status = 'accepted'),
              (SELECT count(*) FROM events_meeting m JOIN events_event e ON e.id = m.event_id
                WHERE e.slug = %(event)s AND m.status <> 'cancelled' AND m.slot_id IS NOT NULL),
              (SELECT count(*) FROM events_meeting m JOIN events_event e ON e.id = m.event_id
                WHERE e.slug = %(event)s AND m.status <> 'cancelled' AND m.slot_id IS NULL),
              (SELECT count(*) FROM events_timeslot s JOIN events_event e ON e.id = s.event_id WHERE e.slug = %(event)s)
              * (SELECT count(*) FROM events_table t JOIN events_event e ON e.id = t.event_id WHERE e.slug = %(event)s)
        """, {"event": event}).fetchone()
        tasks = connection.execute("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status "
                                   "ORDER BY status").fetchall()
    requested, accepted, booked, waiting, capacity = counts
    lines += ["", f"At the load test's event: {requested:,} meeting requests, {accepted:,} accepted; "
              f"{booked:,} meetings booked into a slot and table (of {capacity:,} table-slots), {waiting:,} accepted "
              "and waiting for a slot (no table free where both are: the organizer's Schedule all places them).", "",
              "Task queue (notification emails, django_tasks_db) after the run: "
              + (", ".join(f"{status}: {count:,}" for status, count in tasks) or "empty") + ".", ""]
    return lines, failures


def processes_section(run_dir: Path, run: dict) -> list[str]:
    lines = ["## Processes", ""]
    log = run_dir / "worker-exits.log"
    exits = [line.split() for line in log.read_text().splitlines()] if log.exists() else []
    described = [f"status {status} at {float(when) - run['load_began']:.1f} s" for when, status in exits[:5]]
    lines.append("- task worker (`db_worker`) exits, each followed by a new worker a second later (as systemd's "
                 f"Restart= does): {len(exits)}" + (f" ({'; '.join(described)})" if exits else ""))
    gunicorn_log = run_dir / "gunicorn.log"
    if gunicorn_log.exists():
        text = gunicorn_log.read_text(errors="replace")
        lines.append(f"- gunicorn worker timeouts: {text.count('WORKER TIMEOUT')}; "
                     f"tracebacks logged: {text.count('Traceback')}")
    drill = run_dir / "drill.log"
    if drill.exists():
        tail = drill.read_text(errors="replace").strip().splitlines()[-15:]
        lines += ["- backup (`scripts/backup`, pg_dump -Fc + media) restored by `scripts/restore-drill` into a fresh "
                  f"database, row counts compared: exit status {run.get('drill_status')}",
                  "", "  ```", *[f"  {line}" for line in tail], "  ```"]
    else:
        lines.append("- backup and restore drill: not run (" + run.get("drill_note", "no drill scripts")
                     + ")")
    return lines + [""]


if __name__ == "__main__":
    main()
