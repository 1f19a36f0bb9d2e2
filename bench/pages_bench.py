"""Benchmark of the public pages at 100,000 companies (docs/performance.md, "Pages at 100,000 companies").

Run with ``python -m bench.pages_bench`` (SQLite) or
``python -m bench.pages_bench --database-url postgres://postgres@127.0.0.1:5432/tb_pages_bench``
(PostgreSQL; the database is created when it does not exist). ``--cache-url redis://127.0.0.1:6379/10`` measures
with the shared cache production uses (the default is each process's local memory).

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts again),
with the data of the match-suggestions benchmark (bench.matching_bench: 100,000 approved companies, their
marketplace entries, one event with 2,000 participants) plus one user who owns one of those companies.

Each page is requested through Django's test client with DEBUG off (templates cached, no query log), warmed up
with WARM_UP requests, then requested RUNS times: the median, p95 and max of the time the request takes (the
server's work: middleware, view, queries, template; no network, no gunicorn) and the number of queries of one
warm request. It prints a markdown table.

The public pages serve their rendered fragments from the cache (config.fragments): a warm request is a cache hit.
``--miss`` forgets the fragments before each timed request (outside the time measured), which gives what the
first reader after a change waits: the rendering and queries behind the fragments, plus storing them.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.databases import open_database

COMPANIES = 100_000
RUNS = 30
WARM_UP = 5
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "pages.sqlite3"
OWNER_USERNAME = "bench-pages-owner"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--cache-url", default="", help="default: CACHE_URL, else each process's local memory")
    parser.add_argument("--companies", type=int, default=COMPANIES)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--only", default="", help="comma-separated page names (see PAGES) to measure")
    parser.add_argument("--profile", default="", help="a page name: print the cProfile of its warm requests")
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    parser.add_argument("--miss", action="store_true",
                        help="forget the cached page fragments before each timed request (cache misses)")
    args = parser.parse_args(argv)
    if args.cache_url:
        os.environ["CACHE_URL"] = args.cache_url
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed, title="Pages")
    from bench import matching_bench

    matching_bench._seed(args.companies)
    owner = _owner()
    pages = _pages()
    if args.only:
        pages = {name: pages[name] for name in args.only.split(",")}
    if args.profile:
        _profile(pages[args.profile], owner if args.profile == "suggestions" else None, args.runs)
        return
    _measure(pages, owner, args.runs, miss=args.miss)


def _owner():
    """A user who owns a synthetic company, for the signed-in pages (created once)."""
    from django.contrib.auth import get_user_model

    from companies.demo import SYNTHETIC_PREFIX
    from companies.models import Company, Membership

    user, created = get_user_model().objects.get_or_create(username=OWNER_USERNAME,
                                                           defaults={"email": "owner@bench.example"})
    if created:
        company = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).order_by("pk").first()
        Membership.objects.create(user=user, company=company, role=Membership.Role.OWNER)
    return user


def _pages() -> dict[str, tuple[str, bool]]:
    """Page name → (URL, signed in as the owner)."""
    from companies.demo import SYNTHETIC_PREFIX
    from companies.models import Company, HSChapter, Listing, Sector

    sector = Sector.objects.order_by("pk").first()
    chapter = HSChapter.objects.filter(pk__in=Listing.objects.values("hs_chapter")).order_by("pk").first()
    company = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).order_by("-pk").first()
    return {
        "home": ("/en/", False),
        "directory": ("/en/companies/", False),
        "directory, sector": (f"/en/companies/?sector={sector.slug}", False),
        "directory, search": ("/en/companies/?q=trading", False),
        "marketplace": ("/en/companies/marketplace/", False),
        "marketplace, chapter": (f"/en/companies/marketplace/?chapter={chapter.pk}", False),
        "event list": ("/en/events/", False),
        "company page": (f"/en/companies/{company.slug}/", False),
        "suggestions": ("/en/partners/", True),
    }


def _client(owner, signed_in: bool):
    from django.test import Client

    client = Client()
    if signed_in:
        client.force_login(owner)
    return client


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")


class _Queries(list):
    """The (SQL, ms) of the queries run inside the block. Not CaptureQueriesContext: the test client's
    request_started signal empties the connection's query log."""

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _record(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append((sql, (time.perf_counter() - began) * 1000))


def _forget_fragments() -> None:
    """Bump the generations of every cached page fragment (not the rankings': those were cached before too)."""
    from companies.fragments import PUBLIC_GENERATION, REFERENCE_GENERATION
    from config import generations
    from events.list_cache import LIST_GENERATION
    from events.story_cache import STORIES_GENERATION
    from matchmaking.page_cache import RELATIONS_GENERATION

    for key in (PUBLIC_GENERATION, REFERENCE_GENERATION, LIST_GENERATION, STORIES_GENERATION, RELATIONS_GENERATION):
        generations.bump(key)


def _measure(pages: dict, owner, runs: int, *, miss: bool = False) -> None:
    from django.test.utils import override_settings

    from companies.models import Company

    what = "requests with the page fragments forgotten" if miss else "warm requests"
    print(f"{Company.objects.count():,} companies, {runs} {what} per page\n")
    print("| page | median ms | p95 ms | max ms | queries |")
    print("|---|---:|---:|---:|---:|")
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        for name, (url, signed_in) in pages.items():
            client = _client(owner, signed_in)
            for _ in range(WARM_UP):
                _get(client, url)
            if miss:
                _forget_fragments()
            with _Queries() as queries:
                _get(client, url)
            samples = []
            for _ in range(runs):
                if miss:
                    _forget_fragments()
                began = time.perf_counter()
                _get(client, url)
                samples.append((time.perf_counter() - began) * 1000)
            samples.sort()
            p95 = samples[max(0, round(len(samples) * 0.95) - 1)]
            print(f"| {name} (`{url}`) | {statistics.median(samples):.1f} | {p95:.1f} | {samples[-1]:.1f} "
                  f"| {len(queries)} |", flush=True)


def _profile(page: tuple[str, bool], owner, runs: int) -> None:
    """The cProfile of `runs` warm requests of one page, and the queries of one, slowest first."""
    import cProfile
    import pstats

    from django.test.utils import override_settings

    url, signed_in = page
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        client = _client(owner, signed_in)
        for _ in range(WARM_UP):
            _get(client, url)
        with _Queries() as queries:
            _get(client, url)
        for sql, elapsed in sorted(queries, key=lambda query: -query[1]):
            print(f"{elapsed:8.1f} ms  {sql[:300]}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            _get(client, url)
        profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(45)


if __name__ == "__main__":
    main()
