"""Benchmark of the directory's text search at 100,000 companies (docs/performance.md, "Search").

Run with ``python -m bench.search_bench`` (SQLite) or
``python -m bench.search_bench --database-url postgres://postgres@127.0.0.1:5432/tb_search_bench``
(PostgreSQL; the database is created when it does not exist). ``python -m bench`` runs it on SQLite, and on
PostgreSQL too when BENCH_DATABASE_URL is set (in a database of its own: the URL's name plus "_search").

The benchmark has its own database — by default a SQLite file in the system's temporary directory, never the
project's db.sqlite3 — migrated and seeded on the first run and reused afterwards (``--reseed`` starts again):
the demo (``load_demo --no-logos``: 60 companies) and 100,000 approved generated companies with realistic
Vietnamese and Azerbaijani names, cities in their local spelling, 1–3 sectors and a description in English
plus Vietnamese or Azerbaijani.

It measures, for QUERIES, what the directory does for a search (CompanyFilter's queryset: the paginator's count —
exact before, capped at 1,000 after — and the first page of 20), 5 runs of each after a warm-up: median, p95 and
max, with the search of companies.search ("after") and with the plain ``icontains`` it replaced ("before",
LEGACY). And it counts the matches of the issue's cases (CASES) among the demo companies, before and after.
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
RUNS = 5
SEED = 2026
DEFAULT_SQLITE = Path(tempfile.gettempdir()) / "tradebridge-bench" / "search.sqlite3"
PREFIX = "bench-search-"

# What people type; the last two are typos (found on PostgreSQL only).
QUERIES = ["coffee", "Baku", "Bakı", "ca phe", "cà phê", "cashews", "Ho Chi Minh", "TP.HCM", "Saigon", "Ganja",
           "gence", "fındıq", "hazelnut Gəncə", "Hanoi rice", "Şəki", "SUMQAYIT", "logistics Baku", "tea",
           "Mekong", "Nguyễn pepper", "xalça", "pomegranates", "cofee", "Bakku"]
# The cases, counted among the demo companies.
CASES = ["Baku", "Bakı", "Ho Chi Minh", "TP.HCM", "Saigon", "Hanoi", "ca phe", "cà phê", "cashews", "Ganja",
         "gence", "Gəncə", "GƏNCƏ", "şəki", "SHAKI", "cofee"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help=f"default: sqlite:///{DEFAULT_SQLITE}")
    parser.add_argument("--companies", type=int, default=COMPANIES)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark data and seed it again")
    args = parser.parse_args(argv)
    open_database(args.database_url or f"sqlite:///{DEFAULT_SQLITE}", reseed=args.reseed, title="Directory search")
    _seed(args.companies)
    _cases()
    _measure(args.runs)


# Data --------------------------------------------------------------------------------------------------------

VN_CITIES = ["Hà Nội", "TP. Hồ Chí Minh", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Buôn Ma Thuột",
             "Nha Trang", "Biên Hòa", "Huế", "Vũng Tàu", "Quy Nhơn", "Đồng Xoài", "Thái Nguyên", "Bắc Ninh"]
AZ_CITIES = ["Bakı", "Bakı", "Gəncə", "Sumqayıt", "Mingəçevir", "Lənkəran", "Şəki", "Quba", "Qəbələ", "Şirvan",
             "Naxçıvan", "Xaçmaz", "Zaqatala"]
VN_PRODUCTS = [("Coffee", "Cà Phê"), ("Cashew", "Hạt Điều"), ("Rice", "Gạo"), ("Pepper", "Hồ Tiêu"),
               ("Seafood", "Thủy Sản"), ("Tea", "Trà"), ("Fruit", "Trái Cây"), ("Rubber", "Cao Su"),
               ("Textile", "Dệt May"), ("Furniture", "Nội Thất"), ("Electronics", "Điện Tử"),
               ("Logistics", "Vận Tải")]
AZ_PRODUCTS = [("Hazelnut", "Fındıq"), ("Cotton", "Pambıq"), ("Oil Equipment", "Neft Avadanlığı"),
               ("Wine", "Şərab"), ("Carpet", "Xalça"), ("Pomegranate", "Nar"), ("Tea", "Çay"),
               ("Construction", "Tikinti"), ("Logistics", "Logistika"), ("Machinery", "Texnika"),
               ("Tourism", "Turizm"), ("Chemicals", "Kimya")]
VN_BRANDS = ["Mekong", "Sông Hồng", "Phú Quốc", "Tây Nguyên", "Sài Gòn", "Hoàng Long", "Minh Phát", "An Khang",
             "Đại Việt", "Trường Sơn", "Hưng Thịnh", "Bình Minh", "Nguyễn Gia", "Trần Phát", "Lê Minh"]
AZ_BRANDS = ["Xəzər", "Qafqaz", "Şirvan", "Abşeron", "Günəş", "Göygöl", "Araz", "Kür", "Nizami", "Qarabağ",
             "Səməd", "İlkin", "Ağdaş", "Ulduz", "Çinar"]


def _company_fields(rng: random.Random, i: int) -> dict:
    if rng.random() < 0.5:
        country, city = "VN", rng.choice(VN_CITIES)
        en, local = rng.choice(VN_PRODUCTS)
        brand = rng.choice(VN_BRANDS)
        name = rng.choice([f"Công ty TNHH {local} {brand}", f"{brand} {en} JSC", f"{brand} {en} Co., Ltd",
                           f"Công ty CP {local} {city}"])
        description = (f"{en} producer and exporter from {city}, supplying {en.lower()} to importers in the "
                       f"Caspian region and Central Asia. Chúng tôi sản xuất {local.lower()} chất lượng cao tại "
                       f"{city} và xuất khẩu sang Azerbaijan.")
    else:
        country, city = "AZ", rng.choice(AZ_CITIES)
        en, local = rng.choice(AZ_PRODUCTS)
        brand = rng.choice(AZ_BRANDS)
        name = rng.choice([f"{brand} {local} MMC", f"{brand} {en} LLC", f"{city} {local} ASC",
                           f"{brand} {local} Şirkəti"])
        description = (f"{city} şəhərində {local.lower()} istehsalı və ixracı. {en} trader based in {city}, "
                       f"buying from Vietnam and selling across the South Caucasus.")
    return {"name": f"{name} {i:06d}", "country": country, "city": city, "description": description}


def _seed(companies: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import override_settings
    from django.utils import timezone

    from companies.models import Company, ModerationStatus, Sector
    from companies.search_signals import refill_companies

    if not Company.objects.filter(slug="highland-bean-export").exists() and not Company.objects.exists():
        with override_settings(DEBUG=True):
            call_command("load_demo", "--no-logos", verbosity=0)
    existing = Company.objects.filter(slug__startswith=PREFIX).count()
    if existing >= companies:
        return
    print(f"seeding {companies - existing:,} companies…", file=sys.stderr, flush=True)
    rng = random.Random(SEED + existing)
    sectors = list(Sector.objects.values_list("pk", flat=True))
    Through = Company.sectors.through
    now = timezone.now()
    began = time.monotonic()
    for start in range(existing, companies, 5000):
        batch, picks = [], []
        for i in range(start, min(start + 5000, companies)):
            batch.append(Company(
                **_company_fields(rng, i), slug=f"{PREFIX}{i:06d}", size=rng.choice(Company.Size.values),
                contact_person="Bench Contact", contact_email=f"search{i}@bench.example",
                status=ModerationStatus.APPROVED, moderated_at=now, created_at=now))
            picks.append(rng.sample(sectors, k=rng.choice((1, 1, 2, 3))))
        with transaction.atomic():
            saved = Company.objects.bulk_create(batch)
            Through.objects.bulk_create([Through(company_id=c.pk, sector_id=s)
                                         for c, chosen in zip(saved, picks, strict=True) for s in chosen],
                                        batch_size=5000)
            refill_companies(company_ids=[c.pk for c in saved])
        print(f"  {min(start + 5000, companies):,} in {time.monotonic() - began:.0f} s", file=sys.stderr,
              flush=True)
    with connection.cursor() as cursor:
        # As autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would soon after a bulk load.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# Measures ----------------------------------------------------------------------------------------------------


def legacy_search(queryset, value):
    """The directory's search before companies.search: every term icontains the name, description or city."""
    from django.db.models import Q

    for term in value.split()[:8]:
        queryset = queryset.filter(Q(name__icontains=term) | Q(description__icontains=term) | Q(city__icontains=term))
    return queryset


def _directory(query: str, *, legacy: bool):
    return _filter(query).qs if not legacy else legacy_search(_public(), query)


def _filter(query: str):
    from companies.filters import CompanyFilter

    return CompanyFilter({"q": query}, queryset=_public())


def _public():
    from companies.selectors import public_companies

    return public_companies()


def _first_page(query: str, *, legacy: bool) -> None:
    """The directory's work for a search (companies.views.directory): the count (exact before, capped now) and
    the first page of 20 (now read from the companies named with every term when they fill it)."""
    from django.core.paginator import Paginator

    from config.paging import CappedPaginator

    if legacy:
        list(Paginator(_directory(query, legacy=True), 20).get_page(1).object_list)
        return
    company_filter = _filter(query)
    list(CappedPaginator(company_filter.qs, 20).get_page(1, head=company_filter.name_first()).object_list)


def _cases() -> None:
    demo = {"slug__startswith": PREFIX}
    print("\nIssue cases among the demo companies (matches before → after):")
    for query in CASES:
        before = _directory(query, legacy=True).exclude(**demo).count()
        after = _directory(query, legacy=False).exclude(**demo)
        names = list(after.values_list("name", flat=True)[:3])
        print(f"  {query!r:>16}: {before:3d} → {after.count():3d}   first: {names}")


def _measure(runs: int) -> None:
    from companies.models import Company

    print(f"\n{Company.objects.count():,} companies; {len(QUERIES)} queries × {runs} runs (count + first page of 20)")
    for legacy in (True, False):
        samples, matches = [], {}
        for query in QUERIES:
            queryset = _directory(query, legacy=legacy)
            matches[query] = queryset.count()  # warm-up
            list(queryset[:20])
            for _ in range(runs):
                began = time.perf_counter()
                _first_page(query, legacy=legacy)
                samples.append((time.perf_counter() - began) * 1000)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
        label = "before (icontains)" if legacy else "after (companies.search)"
        print(f"  {label}: median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms")
        print("    matches: " + ", ".join(f"{q} {n:,}" for q, n in matches.items()))


if __name__ == "__main__":
    main()
