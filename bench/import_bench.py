"""Benchmark of the participant import's preview: a 1,000-row file against 10,000 companies (issue 17; target: a
preview in under 5 s).

Run with ``python -m bench.import_bench`` (SQLite) or
``python -m bench.import_bench --database-url postgres://postgres@127.0.0.1:5432/tb_import_bench``
(PostgreSQL; the database is created when it does not exist). ``python -m bench`` runs it on SQLite, and on
PostgreSQL too when BENCH_DATABASE_URL is set (in a database of its own: the URL's name plus "_import").

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts again):
10,000 approved companies with Vietnamese and Azerbaijani names (half of them with a website), one event with an
organizer and a cap of 300 places, 200 of them taken. The file (CSV, built in memory) has 1,000 rows: 400 known
companies written as people write them (other case, no diacritics, the country's name instead of its code), 100
known by their website only, 400 new companies with an email address, and 100 invalid rows (unknown country,
bad address, a formula, duplicates).

It measures, after a warm-up, the median and max over `--runs` runs of:
* reading the file (events.import_files.parse_upload);
* the preview's sorting alone (events.services.imports.preview_import);
* the whole preview page through the test client: the upload (read, rows kept in the session, redirect) and the
  preview page rendered (every query, template, middleware).
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.databases import open_database

COMPANIES = 10_000
ROWS = 1_000
RUNS = 5
SEED = 2026
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "import.sqlite3"
PREFIX = "bench-import-"
EVENT_SLUG = "bench-import-forum"
TARGET_S = 5.0

VN_WORDS = ["Mekong", "Sông Hồng", "Phú Quốc", "Tây Nguyên", "Sài Gòn", "Hoàng Long", "Minh Phát", "An Khang",
            "Đại Việt", "Trường Sơn", "Hưng Thịnh", "Bình Minh", "Nguyễn Gia", "Trần Phát", "Lê Minh"]
VN_TRADES = ["Cà Phê", "Hạt Điều", "Gạo", "Hồ Tiêu", "Thủy Sản", "Trà", "Trái Cây", "Cao Su", "Dệt May", "Nội Thất"]
AZ_WORDS = ["Xəzər", "Qafqaz", "Şirvan", "Abşeron", "Günəş", "Göygöl", "Araz", "Kür", "Nizami", "Qarabağ",
            "Səməd", "İlkin", "Ağdaş", "Ulduz", "Çinar"]
AZ_TRADES = ["Fındıq", "Pambıq", "Neft Avadanlığı", "Şərab", "Xalça", "Nar", "Çay", "Tikinti", "Logistika"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    args = parser.parse_args(argv)
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed, title="Import preview")
    _seed()
    _measure(args.runs)


def _name(rng: random.Random, i: int) -> tuple[str, str]:
    if i % 2:
        return "VN", f"{rng.choice(VN_WORDS)} {rng.choice(VN_TRADES)} {i:05d}"
    return "AZ", f"{rng.choice(AZ_WORDS)} {rng.choice(AZ_TRADES)} {i:05d}"


def _seed() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from companies.models import Company, ModerationStatus
    from events.models import Event, Participation, ParticipationStatus

    if Event.objects.filter(slug=EVENT_SLUG).exists():
        return
    print(f"seeding {COMPANIES:,} companies and the event…", file=sys.stderr, flush=True)
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        companies = []
        for i in range(COMPANIES):
            country, name = _name(rng, i)
            companies.append(Company(
                name=name, slug=f"{PREFIX}{i:05d}", country=country, city="Bench City", description="Benchmark.",
                size=Company.Size.SMALL, contact_person="Bench Contact", contact_email=f"c{i}@bench.example",
                website=f"https://www.company{i:05d}.example/" if i % 2 == 0 else "",
                status=ModerationStatus.APPROVED, moderated_at=now, created_at=now))
        Company.objects.bulk_create(companies, batch_size=2000)
        organizer = get_user_model().objects.create_user("bench-import-organizer", "organizer@bench.example", "x")
        today = timezone.localdate()
        event = Event.objects.create(
            title="Import benchmark forum", slug=EVENT_SLUG, city="Baku", venue="Expo", country="AZ",
            time_zone="Asia/Baku", start_date=today + timedelta(days=30),
            end_date=today + timedelta(days=30), registration_opens=now,
            registration_closes=now + timedelta(days=20), status="published", participant_cap=300)
        event.organizers.add(organizer)
        taken = Company.objects.filter(slug__startswith=PREFIX).order_by("-pk")[:200]
        Participation.objects.bulk_create([Participation(event=event, company=company,
                                                         status=ParticipationStatus.APPROVED) for company in taken])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _file() -> bytes:
    """The 1,000-row CSV described in the module docstring."""
    from companies.search import normalize

    rng = random.Random(SEED)
    names = [_name(rng, i) for i in range(COMPANIES)]
    picker = random.Random(SEED + 1)
    by_name = picker.sample(range(COMPANIES), 400)
    by_website = picker.sample(sorted(set(range(0, COMPANIES, 2)) - set(by_name)), 100)  # even ones have a site
    lines = ["Tên công ty;Quốc gia;E-mail;Website;Người liên hệ"]
    for i in by_name:  # written loosely
        country, name = names[i]
        written = rng.choice([name.upper(), normalize(name), name])
        lines.append(f"{written};{rng.choice([country, 'Việt Nam' if country == 'VN' else 'Azərbaycan'])};;;")
    for n, i in enumerate(by_website):
        lines.append(f"Renamed Company {n};{names[i][0]};;http://company{i:05d}.example/about;")
    for n in range(400):
        lines.append(f"Công ty Mới {n};VN;contact{n}@new{n}.example;https://new{n}.example;Nguyễn Văn {n}")
    invalid = ["Narnia Trade {n};Narnia;n{n}@x.example;;", "Bad Mail {n};AZ;not an address;;",
               "=HYPERLINK(\"x\") {n};VN;f{n}@x.example;;", "Công ty Mới {m};VN;dup{n}@x.example;;"]
    n = 0
    while len(lines) < ROWS + 1:
        lines.append(invalid[n % len(invalid)].format(n=n, m=n % 400))
        n += 1
    return ("\n".join(lines) + "\n").encode()


def _measure(runs: int) -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from companies.models import Company
    from events.import_files import parse_upload
    from events.models import Event
    from events.services.imports import preview_import

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    event = Event.objects.get(slug=EVENT_SLUG)
    data = _file()
    rows = parse_upload(SimpleUploadedFile("list.csv", data)).rows
    preview = preview_import(event=event, rows=rows)
    print(f"{Company.objects.count():,} companies; a file of {len(rows):,} rows: {preview.counts['matched']} matched "
          f"({preview.registering} to register, {preview.waiting} to the waiting list), {preview.counts['new']} new, "
          f"{preview.counts['invalid']} invalid", flush=True)
    client = Client()
    client.force_login(event.organizers.get())
    page = reverse("events:import_participants", args=[event.slug])

    def whole_page():
        response = client.post(page, {"file": SimpleUploadedFile("list.csv", data)})
        assert response.status_code == 302, response.status_code
        response = client.get(response.url)
        assert response.status_code == 200 and b'id="count-matched"' in response.content

    _time("reading the file", lambda: parse_upload(SimpleUploadedFile("list.csv", data)), runs)
    _time("sorting the rows (preview_import)", lambda: preview_import(event=event, rows=rows), runs)
    _time("upload and preview page (test client, rendered)", whole_page, runs)


def _time(label: str, run, runs: int) -> None:
    run()  # warm-up
    timings = []
    for _run in range(runs):
        began = time.perf_counter()
        run()
        timings.append(time.perf_counter() - began)
    median = statistics.median(timings)
    verdict = "within" if median <= TARGET_S else "over"
    print(f"{label}: median {median * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms ({runs} runs; {verdict} the "
          f"{TARGET_S:.0f} s target)", flush=True)


if __name__ == "__main__":
    main()
