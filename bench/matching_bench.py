"""Benchmark of partner suggestions at 100,000 companies (docs/performance.md, "Match suggestions").

Run with ``python -m bench.matching_bench`` (SQLite) or
``python -m bench.matching_bench --database-url postgres://postgres@127.0.0.1:5432/tb_match_bench``
(PostgreSQL; the database is created when it does not exist). ``python -m bench`` runs it on SQLite, and
on PostgreSQL too when BENCH_DATABASE_URL is set.

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts
again): 100,000 approved synthetic companies with 1–3 sectors (skewed as companies.demo.SECTOR_WEIGHTS) and
0–4 marketplace entries each (companies.demo.create_synthetic_listings), a few thousand "must meet" and
"not interested" marks, and one event with 2,000 approved participants and 1,000 meeting requests.

It measures:
* a company's top-20 suggestions (matchmaking.selectors.company_suggestions plus the companies of the first
  page), for 200 random companies, after 5 warm-up runs: median, p95 and max;
* exactness: for 40 of those companies, whether the top 20 (ids, in order) equals a brute-force ranking of
  every company by the same score, marks included — the share that does (the target is 100 %), and the
  summed score the misses lose;
* the organizer's best pairs of the 2,000-participant event (all pairs considered), and one participant's
  suggestions in that event (median of 20).
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.databases import open_database

COMPANIES = 100_000
SAMPLES = 200
EXACTNESS_SAMPLES = 40
EVENT_PARTICIPANTS = 2_000
SEED = 2026
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "matching.sqlite3"
EVENT_SLUG = "bench-matching-expo"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--companies", type=int, default=COMPANIES)
    parser.add_argument("--samples", type=int, default=SAMPLES)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    args = parser.parse_args(argv)
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed, title="Match suggestions")
    _seed(args.companies)
    _measure(args.samples)


def _seed(companies: int) -> None:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from companies.demo import SYNTHETIC_PREFIX, create_synthetic, create_synthetic_listings
    from companies.models import Company
    from events.models import Event, MeetingRequest, Participation
    from matchmaking.models import Preference

    existing = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    if existing < companies:
        print(f"seeding {companies - existing:,} companies…", file=sys.stderr, flush=True)
        create_synthetic(companies - existing, seed=SEED)
    made = create_synthetic_listings(seed=SEED)
    if made:
        print(f"seeded {made:,} marketplace entries", file=sys.stderr, flush=True)
    from matchmaking.models import CandidateKey
    from matchmaking.services import refresh_candidate_keys

    if CandidateKey.objects.count() < Company.objects.count():
        # Bulk inserts bypass the signals that keep candidate keys fresh.
        refresh_candidate_keys()
    if made and connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: planner statistics, and the visibility map that
        # allows index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    if Event.objects.filter(slug=EVENT_SLUG).exists():
        return
    rng = random.Random(SEED)
    ids = list(Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        marks = set()
        while len(marks) < companies // 25:
            a, b = rng.sample(ids, 2)
            marks.add((a, b))
        Preference.objects.bulk_create(
            [Preference(company_id=a, other_id=b, kind=rng.choice(["must_meet", "not_interested"]))
             for a, b in sorted(marks)], batch_size=5000)
        today = timezone.localdate()
        organizer, _ = get_user_model().objects.get_or_create(username="bench-organizer")
        event = Event.objects.create(
            title="Benchmark expo", slug=EVENT_SLUG, city="Bakı", venue="Expo", country="AZ",
            time_zone="Asia/Baku", start_date=today + timedelta(days=60), end_date=today + timedelta(days=60),
            registration_opens=timezone.now() - timedelta(days=1),
            registration_closes=timezone.now() + timedelta(days=30), status="published")
        event.organizers.add(organizer)
        chosen = rng.sample(ids, EVENT_PARTICIPANTS)
        participations = Participation.objects.bulk_create(
            [Participation(event=event, company_id=pk, status="approved") for pk in chosen])
        pairs = set()
        while len(pairs) < EVENT_PARTICIPANTS // 2:
            a, b = rng.sample(participations, 2)
            if (b.pk, a.pk) not in pairs:
                pairs.add((a.pk, b.pk))
        MeetingRequest.objects.bulk_create(
            [MeetingRequest(event=event, requester_id=a, recipient_id=b,
                            status=rng.choice(["pending", "accepted", "declined"])) for a, b in sorted(pairs)])


def _measure(samples: int) -> None:
    from companies.demo import SYNTHETIC_PREFIX
    from companies.models import Company, Listing
    from events.models import Event, Participation
    from matchmaking import candidates, selectors
    from matchmaking.scoring import rank

    rng = random.Random(SEED + 1)
    ids = list(Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
    print(f"{len(ids):,} approved companies, "
          f"{Listing.objects.count():,} marketplace entries", flush=True)

    def top20(company):
        suggestions = selectors.company_suggestions(company)[:selectors.PAGE_SIZE]
        return selectors.with_companies(suggestions)

    companies = list(Company.objects.filter(pk__in=rng.sample(ids, samples + 5)))
    rng.shuffle(companies)
    for company in companies[:5]:
        top20(company)
    timings = []
    for company in companies[5:]:
        began = time.perf_counter()
        top20(company)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    print(f"top-20 suggestions for one company ({len(timings)} companies): median {statistics.median(timings):.1f} ms, "
          f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms", flush=True)

    began = time.perf_counter()
    everyone = candidates.load_profiles(ids)
    loaded = time.perf_counter() - began
    exact, lost = 0, []
    sampled = companies[:EXACTNESS_SAMPLES]
    for company in sampled:
        fast = selectors.company_suggestions(company)[:selectors.PAGE_SIZE]
        marks = selectors.marks_of(company)
        others = [p for pk, p in everyone.items() if marks.get(pk) != "not_interested"]
        must = frozenset(pk for pk, kind in marks.items() if kind == "must_meet")
        relations = selectors._relations_with(company.pk, marks)
        brute = rank(everyone[company.pk], others, relations, must)[:selectors.PAGE_SIZE]
        if [s.company_id for s in fast] == [p.id for p, _ in brute]:
            exact += 1
        else:
            lost.append(sum(m.score for _, m in brute) - sum(s.match.score for s in fast))
    print(f"exactness: top 20 (ids and order) equal to a brute-force ranking of all {len(everyone):,} companies "
          f"for {exact}/{len(sampled)} sampled companies ({100 * exact / max(1, len(sampled)):.0f} %)"
          + (f"; misses lose {min(lost)}–{max(lost)} points of summed score" if lost else "")
          + f" (brute force: {loaded:.1f} s to load every profile)", flush=True)

    event = Event.objects.get(slug=EVENT_SLUG)
    began = time.perf_counter()
    pairs = selectors.event_pair_suggestions(event)
    elapsed = time.perf_counter() - began
    print(f"event of {event.participations.count():,} participants, organizer's best pairs (all pairs "
          f"considered): {elapsed:.2f} s, best {pairs[0].match.score}, {len(pairs)}th {pairs[-1].match.score}",
          flush=True)
    participants = list(Participation.objects.filter(event=event).select_related("company", "event")[:20])
    timings = []
    for participation in participants:
        began = time.perf_counter()
        page = selectors.event_suggestions(participation)[:selectors.PAGE_SIZE]
        selectors.with_participations(event, page)
        timings.append((time.perf_counter() - began) * 1000)
    print(f"one participant's suggestions in that event: median {statistics.median(timings):.0f} ms "
          f"({len(timings)} participants)", flush=True)


if __name__ == "__main__":
    main()
