"""Benchmark of the impact report at 2,000 participants and 10,000 meetings (docs/impact.md; target ≤ 300 ms).

Run with ``python -m bench.impact_bench`` (SQLite) or
``python -m bench.impact_bench --database-url postgres://postgres@127.0.0.1:5432/tb_impact_bench``
(PostgreSQL; the database is created when it does not exist).

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts again):
2,000 approved synthetic companies (companies.demo.create_synthetic: VN/AZ mostly, 1–3 sectors, one in five
women-led), all taking part in one event with 100 time slots and 100 tables; 12,000 meeting requests of which
10,000 became meetings (placed, then 70 % held, 10 % no-show, 5 % cancelled), feedback from 70 % of the sides of
held meetings, and follow-up outcomes from half of the sides that found a meeting promising.

It measures, after 3 warm-up runs, the median, p95 and max over `--runs` requests of:
* the organizer's impact page through the test client (view, every query, template rendering, middleware);
* the same report as CSV;
* the report's queries alone (events.impact.impact_report, with the per-company rows).
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.databases import open_database

PARTICIPANTS = 2_000
MEETINGS = 10_000
EXTRA_REQUESTS = 2_000  # pending or declined: requested, never met
SLOTS, TABLES = 100, 100
RUNS = 30
SEED = 2026
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "impact.sqlite3"
EVENT_SLUG = "bench-impact-forum"
TARGET_MS = 300


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    args = parser.parse_args(argv)
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed, title="Impact report")
    _seed()
    _measure(args.runs)


def _seed() -> None:
    from django.db import connection, transaction

    from companies.demo import SYNTHETIC_PREFIX, create_synthetic
    from companies.models import Company
    from events.models import Event

    if Event.objects.filter(slug=EVENT_SLUG).exists():
        return
    existing = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count()
    if existing < PARTICIPANTS:
        print(f"seeding {PARTICIPANTS - existing:,} companies…", file=sys.stderr, flush=True)
        create_synthetic(PARTICIPANTS - existing, seed=SEED)
    print(f"seeding the event: {MEETINGS:,} meetings with feedback and outcomes…", file=sys.stderr, flush=True)
    with transaction.atomic():
        _seed_event()
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: planner statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _seed_event() -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from companies.demo import SYNTHETIC_PREFIX
    from companies.models import Company
    from events.models import (
        Event,
        Meeting,
        MeetingFeedback,
        MeetingOutcome,
        MeetingRequest,
        Participation,
        Session,
        Table,
        TimeSlot,
    )

    rng = random.Random(SEED)
    today = timezone.localdate()
    day = today - timedelta(days=100)
    organizer, _created = get_user_model().objects.get_or_create(username="bench-organizer")
    event = Event.objects.create(
        title="Benchmark impact forum", slug=EVENT_SLUG, city="Bakı", venue="Expo", country="AZ",
        time_zone="Asia/Baku", start_date=day, end_date=day + timedelta(days=2),
        registration_opens=timezone.now() - timedelta(days=200),
        registration_closes=timezone.now() - timedelta(days=101),
        status="closed")
    event.organizers.add(organizer)
    session = Session.objects.create(event=event, date=day, start_time=datetime.min.time().replace(hour=9),
                                     end_time=datetime.min.time().replace(hour=17))
    first = datetime.combine(day, session.start_time, tzinfo=event.tz)
    slots = TimeSlot.objects.bulk_create([
        TimeSlot(event=event, session=session, starts_at=first + timedelta(minutes=20 * n),
                 ends_at=first + timedelta(minutes=20 * n + 20)) for n in range(SLOTS)])
    tables = Table.objects.bulk_create([Table(event=event, number=n + 1) for n in range(TABLES)])
    ids = list(Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX).order_by("pk")
               .values_list("pk", flat=True)[:PARTICIPANTS])
    now = timezone.now()
    participations = Participation.objects.bulk_create([
        Participation(event=event, company_id=pk, status="approved", delegates=3,
                      checked_in_at=now if rng.random() < 0.85 else None) for pk in ids])
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < MEETINGS + EXTRA_REQUESTS:
        a, b = rng.sample(participations, 2)
        if (b.pk, a.pk) not in pairs:
            pairs.add((a.pk, b.pk))
    ordered = sorted(pairs)
    rng.shuffle(ordered)
    requests = MeetingRequest.objects.bulk_create(
        [MeetingRequest(event=event, requester_id=a, recipient_id=b, status="accepted") for a, b in ordered[:MEETINGS]]
        + [MeetingRequest(event=event, requester_id=a, recipient_id=b, status=rng.choice(["pending", "declined"]))
           for a, b in ordered[MEETINGS:]], batch_size=2000)
    statuses = rng.choices(["held", "no_show", "cancelled", "scheduled"], [70, 10, 5, 15], k=MEETINGS)
    meetings = Meeting.objects.bulk_create([
        Meeting(event=event, request=request, slot=slots[n // TABLES], table=tables[n % TABLES], status=statuses[n])
        for n, request in enumerate(requests[:MEETINGS])], batch_size=2000)
    feedback, outcomes = [], []
    kinds = ["sales", "distribution", "joint_venture", "investment", "memorandum", "other"]
    for meeting in meetings:
        if meeting.status != "held":
            continue
        for side in (meeting.request.requester_id, meeting.request.recipient_id):
            if rng.random() >= 0.7:
                continue
            usefulness = rng.choices(["insufficient", "informative", "cooperation"], [30, 40, 30])[0]
            feedback.append(MeetingFeedback(meeting=meeting, participation_id=side, took_place=True,
                                            usefulness=usefulness))
            if usefulness == "cooperation" and rng.random() < 0.5:
                result = rng.choices(["negotiation", "agreement", "nothing"], [50, 20, 30])[0]
                agreement = result == "agreement"
                outcomes.append(MeetingOutcome(
                    meeting=meeting, participation_id=side, result=result,
                    agreement_kind=rng.choice(kinds) if agreement else "",
                    value_usd=rng.randrange(5_000, 500_000, 500) if agreement and rng.random() < 0.6 else None))
    MeetingFeedback.objects.bulk_create(feedback, batch_size=2000)
    MeetingOutcome.objects.bulk_create(outcomes, batch_size=2000)


def _measure(runs: int) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from events.impact import impact_report
    from events.models import Event, Meeting, MeetingFeedback, MeetingOutcome

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    event = Event.objects.get(slug=EVENT_SLUG)
    print(f"{event.participations.count():,} participants, {event.requests.count():,} requests, "
          f"{Meeting.objects.filter(event=event).count():,} meetings, "
          f"{MeetingFeedback.objects.filter(meeting__event=event).count():,} feedback answers, "
          f"{MeetingOutcome.objects.filter(meeting__event=event).count():,} outcomes", flush=True)
    client = Client()
    client.force_login(event.organizers.get())
    page, csv_url = reverse("events:impact", args=[event.slug]), reverse("events:impact_csv", args=[event.slug])

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    _time("impact page (test client, rendered)", lambda: get(page), runs)
    _time("impact page, women-led filter", lambda: get(f"{page}?women_led=on"), runs)
    _time("impact CSV (test client)", lambda: get(csv_url), runs)
    _time("report queries alone", lambda: impact_report(Event.objects.filter(pk=event.pk), per_company=True), runs)


def _time(label: str, run, runs: int) -> None:
    for _warm_up in range(3):
        run()
    timings = []
    for _run in range(runs):
        began = time.perf_counter()
        run()
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    verdict = "within" if p95 <= TARGET_MS else "over"
    print(f"{label}: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms "
          f"({runs} runs; p95 {verdict} the {TARGET_MS} ms target)", flush=True)


if __name__ == "__main__":
    main()
