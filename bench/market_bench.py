"""Benchmark of live supply and demand at 100,000 companies (docs/performance.md, "Supply and demand").

Run with ``python -m bench.market_bench`` (SQLite) or
``python -m bench.market_bench --database-url postgres://postgres@127.0.0.1:5432/tb_market_bench``
(PostgreSQL; the database is created when it does not exist).

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts again):
100,000 approved synthetic companies (companies.demo.create_synthetic: 45 % Vietnamese, 40 % Azerbaijani) with
0–4 marketplace entries each (companies.demo.create_synthetic_listings), about 200,000 entries.

It first checks that the counts kept by the database (market.supply_counts) equal a recount of the marketplace,
today and in 30 and 200 days (entries expiring meanwhile, without a write). It then measures
market.supply_selectors.supply_and_demand, the whole computation behind the page (both directions, every chapter,
heading and service), median and max of --samples runs after 3 warm-up runs:
* the reading of the kept counts alone, and the recount it replaces (the GROUP BY over the marketplace);
* cold: the cache cleared before each run (the reading of the kept counts, then the sums in Python);
* cold, with the watermark 7 days behind today (the daily `manage.py supply_counts` missed for a week);
* cached: the counts read from the cache (the project's cache: local memory, or Redis with CACHE_URL);
* cached, with a sector and a chapter filter and a company's sectors (the page of a signed-in company).
Targets: ≤ 100 ms cold, ≤ 10 ms cached.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.databases import open_database

COMPANIES = 100_000
SAMPLES = 30
SEED = 2026
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "market.sqlite3"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--companies", type=int, default=COMPANIES)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    args = parser.parse_args(argv)
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed,
                  title="Live supply and demand")
    _seed(args.companies)
    _measure(args.samples)


def _seed(companies: int) -> None:
    from django.db import connection

    from companies.demo import SYNTHETIC_PREFIX, create_synthetic, create_synthetic_listings
    from companies.models import Company

    existing = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    if existing < companies:
        print(f"seeding {companies - existing:,} companies…", file=sys.stderr, flush=True)
        create_synthetic(companies - existing, seed=SEED)
    made = create_synthetic_listings(seed=SEED)
    if made:
        print(f"seeded {made:,} marketplace entries", file=sys.stderr, flush=True)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load: planner statistics and the visibility map.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")


def _timed(function, runs: int, *, before=None) -> list[float]:
    timings = []
    for _ in range(runs):
        if before:
            before()
        began = time.perf_counter()
        function()
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def _report(label: str, timings: list[float]) -> None:
    print(f"{label}: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
          f"({len(timings)} runs)", flush=True)


def _measure(samples: int) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from companies.models import Company, Listing, Sector
    from market import supply_counts
    from market.supply_selectors import count_open_entries, open_counts, open_directions, supply_and_demand

    today = timezone.localdate()
    supply_counts.compact(today=today)
    for day in (today, today + timedelta(days=30), today + timedelta(days=200)):
        kept, recounted = (sorted(rows(day), key=repr) for rows in (supply_counts.read_open_counts,
                                                                      count_open_entries))
        if kept != recounted:
            sys.exit(f"the kept counts differ from a recount on {day}: run manage.py supply_counts --rebuild")
    print("kept counts equal a recount (today, +30 and +200 days)", flush=True)
    rows = open_counts()
    print(f"{Company.objects.count():,} companies, {Listing.objects.count():,} marketplace entries, "
          f"{sum(row[-1] for row in rows):,} open in the corridor, counted in {len(rows):,} groups", flush=True)
    result = supply_and_demand()
    for direction in result.directions:
        print(f"  {direction.exporter} → {direction.importer}: {direction.offers:,} offers, "
              f"{direction.requests:,} requests, {len(direction.meeting)} products meet, "
              f"{len(direction.opportunities)} opportunities", flush=True)

    for _ in range(3):
        cache.clear()
        supply_and_demand()
    _report("recount alone (GROUP BY over the marketplace)", _timed(lambda: count_open_entries(today), samples))
    _report("kept counts alone (one query)", _timed(lambda: supply_counts.read_open_counts(today), samples))
    _report("cold (cache cleared)", _timed(supply_and_demand, samples, before=cache.clear))
    later = today + timedelta(days=7)
    _report("cold, watermark 7 days behind", _timed(lambda: open_directions(today=later), samples,
                                                    before=cache.clear))
    supply_and_demand()
    _report("cached", _timed(supply_and_demand, samples * 10))
    sector = Sector.objects.get(slug="agriculture-food")
    company = Company.objects.filter(country="VN", sectors=sector).first()
    sector_ids = list(company.sectors.values_list("pk", flat=True))
    _report("cached, filtered by sector and chapter, with a company's sectors",
            _timed(lambda: supply_and_demand(sector_id=sector.pk, chapter=9, company=company,
                                             company_sector_ids=sector_ids), samples * 10))


if __name__ == "__main__":
    main()
