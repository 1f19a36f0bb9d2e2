"""Supply and demand counts kept by the database (market.models.supply, market.supply_triggers): the reading of
today's counts, the daily compaction (which moves the watermark), and the rebuild from a recount.

Why counts kept on write rather than a recount on read (docs/market.md): the recount joins every approved entry
with its company and groups the 136,000 that are open (at 100,000 companies) — about 210 ms on a quiet PostgreSQL,
twice the 100 ms target; reading the kept counts costs a scan of about 1,300 products plus the few hundred
(product, date) rows between the watermark and today (about 4 ms).
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from companies.models import ModerationStatus
from market.supply_triggers import WATERMARK

PARTNER = {"VN": "AZ", "AZ": "VN"}
COLUMNS = "country, kind, chapter, heading, sector"

# Today's open counts: the products counted from the watermark on, less those expired between the watermark and
# today (or plus those expiring between today and the watermark, were today before it). One statement, one
# snapshot.
READ = f"""
SELECT {COLUMNS}, SUM(entries) FROM (
    SELECT {COLUMNS}, entries FROM market_supplycount
    UNION ALL
    SELECT {COLUMNS}, -entries FROM market_supplyexpiry
    WHERE expires_on >= {WATERMARK} AND expires_on < %s
    UNION ALL
    SELECT {COLUMNS}, entries FROM market_supplyexpiry
    WHERE expires_on >= %s AND expires_on < {WATERMARK}
) AS counted
GROUP BY {COLUMNS}
HAVING SUM(entries) > 0
"""


def read_open_counts(today: date) -> list[tuple]:
    """One query: (company country, kind, chapter or None, heading or None, sector id, entries) per product with
    open entries on `today`, the rows market.supply_selectors.count_open_entries would count."""
    with connection.cursor() as cursor:
        cursor.execute(READ, [today, today])
        return [(country, kind, chapter or None, heading or None, sector, int(entries))
                for country, kind, chapter, heading, sector, entries in cursor.fetchall()]


def counted_entries(listing_model):
    """The entries the triggers count, whatever their expiry date (the marketplace's own filters: approved, of an
    approved company, of one country of the corridor, open to the other)."""
    open_to_partner = Q()
    for country, partner in PARTNER.items():
        open_to_partner |= Q(company__country=country) & (
            Q(target_countries=[]) | Q(target_countries__icontains=f'"{partner}"'))
    return listing_model.objects.filter(open_to_partner, status=ModerationStatus.APPROVED,
                                        company__status=ModerationStatus.APPROVED)


def recount(listing_model, today: date):
    """Per product and expiry date, from scratch: [(expires_on, country, kind, chapter, heading, sector, n)]."""
    rows = (counted_entries(listing_model)
            .annotate(supply_chapter=Coalesce("hs_chapter_id", 0), supply_heading=Coalesce("hs_heading_id", 0))
            .values_list("expires_on", "company__country", "kind", "supply_chapter", "supply_heading", "sector_id")
            .annotate(entries=Count("id")).order_by())
    return [tuple(row) for row in rows]


def rebuild(*, today: date | None = None, models=None) -> int:
    """Recount everything and set the watermark to `today`, under the watermark's lock (writers wait a few
    seconds); returns the number of (product, date) rows. For a database restored without the triggers' writes,
    or to check them (`manage.py supply_counts --rebuild`). `models`: (Listing, SupplyCount, SupplyExpiry,
    SupplyWatermark), the migration's historical ones."""
    if models is None:
        from companies.models import Listing
        from market.models import SupplyCount, SupplyExpiry, SupplyWatermark

        models = (Listing, SupplyCount, SupplyExpiry, SupplyWatermark)
    listing, count_model, expiry_model, watermark_model = models
    today = today or timezone.localdate()
    with transaction.atomic():
        watermark_model.objects.get_or_create(pk=1, defaults={"day": today})
        watermark_model.objects.filter(pk=1).update(day=today)  # locks the row: writers wait for the rebuild
        rows = recount(listing, today)
        expiry_model.objects.all().delete()
        count_model.objects.all().delete()
        expiry_model.objects.bulk_create(
            [expiry_model(expires_on=day, country=country, kind=kind, chapter=chapter, heading=heading, sector=sector,
                          entries=n) for day, country, kind, chapter, heading, sector, n in rows], batch_size=5000)
        totals: dict[tuple, int] = {}
        for day, *product, n in rows:
            if day >= today:
                totals[tuple(product)] = totals.get(tuple(product), 0) + n
        count_model.objects.bulk_create(
            [count_model(country=country, kind=kind, chapter=chapter, heading=heading, sector=sector, entries=n)
             for (country, kind, chapter, heading, sector), n in totals.items()], batch_size=5000)
    return len(rows)


def compact(*, today: date | None = None) -> int:
    """Move the watermark forward to `today` (never back) and fold the rows the triggers added into one row per
    product (and date), under the watermark's lock (writers wait a second or two); returns the number of
    (product, date) rows. Run daily (`manage.py supply_counts`): reading then corrects a day's worth of dates and
    sums one row per product. The counts read are the same before and after."""
    from market.models import SupplyCount, SupplyExpiry, SupplyWatermark

    today = today or timezone.localdate()
    with transaction.atomic():
        watermark = SupplyWatermark.objects.select_for_update().filter(pk=1).first()
        day = max(watermark.day, today) if watermark else today
        counts = read_open_counts(day)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT expires_on, {COLUMNS}, SUM(entries) FROM market_supplyexpiry "
                           f"GROUP BY expires_on, {COLUMNS} HAVING SUM(entries) <> 0")
            dated = cursor.fetchall()
        SupplyExpiry.objects.all().delete()
        SupplyCount.objects.all().delete()
        SupplyExpiry.objects.bulk_create(
            [SupplyExpiry(expires_on=expires_on, country=country, kind=kind, chapter=chapter, heading=heading,
                          sector=sector, entries=n)
             for expires_on, country, kind, chapter, heading, sector, n in dated],
            batch_size=5000)
        SupplyCount.objects.bulk_create(
            [SupplyCount(country=country, kind=kind, chapter=chapter or 0, heading=heading or 0, sector=sector,
                         entries=n) for country, kind, chapter, heading, sector, n in counts], batch_size=5000)
        SupplyWatermark.objects.update_or_create(pk=1, defaults={"day": day})
    return len(dated)
