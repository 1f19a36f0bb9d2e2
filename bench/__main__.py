"""`python -m bench`: the scheduler benchmark, then the match-suggestions, search and import-preview benchmarks on
SQLite and, when BENCH_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/tb_match_bench), on PostgreSQL
too (the search benchmark in the database of that name plus "_search", the import benchmark plus "_import").

Each matching run is a separate process, because Django is set up once per process for one database.
"""

import os
import subprocess
import sys

from bench import scheduler_bench


def main() -> None:
    scheduler_bench.main()
    runs = [[]]
    if os.environ.get("BENCH_DATABASE_URL"):
        runs.append(["--database-url", os.environ["BENCH_DATABASE_URL"]])
    for extra in runs:
        subprocess.run([sys.executable, "-m", "bench.matching_bench", *extra], check=True)
    # The search benchmark seeds companies of its own: on PostgreSQL, in a database of its own too.
    search_runs = [[]]
    if os.environ.get("BENCH_DATABASE_URL"):
        base, _, name = os.environ["BENCH_DATABASE_URL"].partition("?")[0].rpartition("/")
        search_runs.append(["--database-url", f"{base}/{name}_search"])
    for extra in search_runs:
        subprocess.run([sys.executable, "-m", "bench.search_bench", *extra], check=True)
    # The import preview's benchmark seeds its own companies too (its database name plus "_import").
    import_runs = [[]]
    if os.environ.get("BENCH_DATABASE_URL"):
        base, _, name = os.environ["BENCH_DATABASE_URL"].partition("?")[0].rpartition("/")
        import_runs.append(["--database-url", f"{base}/{name}_import"])
    for extra in import_runs:
        subprocess.run([sys.executable, "-m", "bench.import_bench", *extra], check=True)


if __name__ == "__main__":
    main()
