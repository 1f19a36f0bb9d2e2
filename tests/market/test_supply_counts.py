"""The supply and demand counts kept by the database (market.supply_counts, market.supply_triggers): after any mix
of writes, reading them gives exactly what a recount of the marketplace gives, on every day."""

import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from companies.models import Company, Listing
from companies.moderation import moderate
from market import supply_counts
from market.models import SupplyCount, SupplyExpiry, SupplyWatermark
from market.supply_selectors import count_open_entries
from tests.factories import CompanyFactory, HSChapterFactory, HSHeadingFactory, ListingFactory, SectorFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Days to read the counts on: before, on and after the watermark and the entries' expiry dates.
DAYS = [TODAY + timedelta(days=delta) for delta in (-3, -1, 0, 1, 2, 5, 9, 40)]


def kept(day):
    return sorted(supply_counts.read_open_counts(day), key=repr)


def recounted(day):
    return sorted(count_open_entries(day), key=repr)


def assert_exact():
    for day in DAYS:
        assert kept(day) == recounted(day), day


@pytest.fixture
def world(db):
    rng = random.Random(13)
    sectors = [SectorFactory(slug=slug) for slug in ("agriculture-food", "transport-logistics", "trade")]
    products = [(HSChapterFactory(code=9), None), (HSChapterFactory(code=9), HSHeadingFactory(code=901)),
                (HSChapterFactory(code=9), HSHeadingFactory(code=904)), (HSChapterFactory(code=8), None), (None, None)]
    companies = [CompanyFactory(country=rng.choice(["VN", "AZ", "AZ", "DE"]),
                                status=rng.choice(["approved", "approved", "approved", "pending"]))
                 for _ in range(12)]
    for _ in range(60):
        chapter, heading = rng.choice(products)
        ListingFactory(company=rng.choice(companies), kind=rng.choice(["offer", "request"]),
                       status=rng.choice(["approved", "approved", "pending", "rejected"]),
                       sector=rng.choice(sectors), hs_chapter=chapter, hs_heading=heading,
                       target_countries=rng.choice([[], ["AZ"], ["VN"], ["DE", "VN"], ["az"], ["DE"]]),
                       expires_on=TODAY + timedelta(days=rng.randint(-2, 10)))
    return rng, sectors, products


def test_kept_counts_equal_a_recount_of_a_fresh_marketplace(world):
    assert kept(TODAY) != []
    assert_exact()


def test_kept_counts_equal_a_recount_after_random_writes(world, staff):
    rng, sectors, products = world
    for step in range(80):
        listings = list(Listing.objects.order_by("pk"))
        companies = list(Company.objects.order_by("pk"))
        listing, company = rng.choice(listings), rng.choice(companies)
        action = step % 11
        if action == 0:
            listing.status = rng.choice(["approved", "suspended", "pending"])
            listing.save()
        elif action == 1:  # moderation: a bulk update, no save()
            moderate(rng.sample(listings, 3), status=rng.choice(["approved", "rejected"]), reason="Checked.", by=staff)
        elif action == 2:
            Listing.objects.filter(pk=listing.pk).update(expires_on=TODAY + timedelta(days=rng.randint(-2, 10)))
        elif action == 3:
            listing.target_countries = rng.choice([[], ["AZ"], ["VN"], ["DE"]])
            listing.kind = rng.choice(["offer", "request"])
            listing.save()
        elif action == 4:
            chapter, heading = rng.choice(products)
            Listing.objects.filter(pk=listing.pk).update(hs_chapter=chapter, hs_heading=heading,
                                                         sector=rng.choice(sectors))
        elif action == 5:
            listing.delete()
        elif action == 6:
            company.status = rng.choice(["approved", "suspended"])
            company.save()
        elif action == 7:
            Company.objects.filter(pk=company.pk).update(country=rng.choice(["VN", "AZ", "DE"]))
        elif action == 8:
            moderate([company], status=rng.choice(["approved", "suspended"]), reason="Checked.", by=staff)
        elif action == 9:
            company.delete()
        else:
            Listing.objects.bulk_create([Listing(
                company=company, kind="request", title="Cashew", description="W320", sector=sectors[0],
                hs_chapter=HSChapterFactory(code=8), target_countries=[], status="approved",
                expires_on=TODAY + timedelta(days=rng.randint(-1, 3)))])
        if step % 10 == 9:
            assert_exact()
    assert_exact()


def test_counts_drop_expired_entries_without_a_write_and_stay_exact_when_compacted(world):
    rows = SupplyCount.objects.count() + SupplyExpiry.objects.count()
    ListingFactory(company=CompanyFactory(country="AZ"), expires_on=TODAY + timedelta(days=1))
    Listing.objects.filter(expires_on=TODAY + timedelta(days=3)).delete()
    assert SupplyCount.objects.count() + SupplyExpiry.objects.count() > rows  # the triggers only add rows
    assert_exact()

    call_command("supply_counts", "--today", (TODAY + timedelta(days=2)).isoformat())

    assert SupplyWatermark.objects.get().day == TODAY + timedelta(days=2)
    assert SupplyCount.objects.filter(entries__lte=0).count() == 0
    assert_exact()
    assert kept(TODAY + timedelta(days=2)) == recounted(TODAY + timedelta(days=2)) != []
    ListingFactory(company=CompanyFactory(country="VN"), expires_on=TODAY + timedelta(days=2), kind="request")
    Listing.objects.filter(expires_on=TODAY + timedelta(days=4)).update(status="suspended")
    assert_exact()
    supply_counts.compact(today=TODAY)  # never moves the watermark back
    assert SupplyWatermark.objects.get().day == TODAY + timedelta(days=2)
    assert_exact()


def test_rebuild_gives_the_counts_the_triggers_kept(world):
    supply_counts.compact(today=TODAY + timedelta(days=1))
    Listing.objects.filter(pk=Listing.objects.order_by("pk").values("pk")[:1]).delete()
    day = TODAY + timedelta(days=1)
    supply_counts.compact(today=day)
    before = (sorted(SupplyCount.objects.values_list("country", "kind", "chapter", "heading", "sector", "entries")),
              sorted(SupplyExpiry.objects.values_list(
                  "expires_on", "country", "kind", "chapter", "heading", "sector", "entries")))

    call_command("supply_counts", "--rebuild", "--today", day.isoformat())

    assert (sorted(SupplyCount.objects.values_list("country", "kind", "chapter", "heading", "sector", "entries")),
            sorted(SupplyExpiry.objects.values_list(
                "expires_on", "country", "kind", "chapter", "heading", "sector", "entries"))) == before
    assert SupplyWatermark.objects.get().day == day
    assert_exact()


def test_supply_counts_command_refuses_a_bad_day(db):
    with pytest.raises(CommandError, match="--today"):
        call_command("supply_counts", "--today", "tomorrow")


def test_reading_the_counts_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        supply_counts.read_open_counts(TODAY)


def test_counts_stay_exact_without_the_watermark_row(world):
    """A test database flushed after the migration loses the row (and every other): everything is then counted
    from a day long ago."""
    Listing.objects.all().delete()
    for model in (SupplyCount, SupplyExpiry, SupplyWatermark):
        model.objects.all().delete()
    rng, sectors, products = world
    for company in Company.objects.all():
        ListingFactory(company=company, kind=rng.choice(["offer", "request"]), sector=rng.choice(sectors),
                       target_countries=rng.choice([[], ["AZ"], ["VN"]]),
                       expires_on=TODAY + timedelta(days=rng.randint(-2, 10)))
    Listing.objects.filter(expires_on=TODAY + timedelta(days=1)).delete()
    assert_exact()

    supply_counts.compact(today=TODAY)

    assert SupplyWatermark.objects.get().day == TODAY
    assert_exact()
