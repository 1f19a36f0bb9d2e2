"""Writers of the marketplace racing each other on PostgreSQL: the kept supply and demand counts (market.supply_counts)
make none of them wait for another nor deadlock, and stay equal to a recount.

SQLite serialises all writers, so these races only exist on a real multi-connection database.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from companies.models import Listing
from market import supply_counts
from market.supply_selectors import count_open_entries
from tests.factories import CompanyFactory, HSChapterFactory, ListingFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections"),
]


def run_together(*jobs):
    """Run each job in its own thread (and connection); each gets a barrier to meet the others halfway."""
    halfway = threading.Barrier(len(jobs), timeout=20)
    errors = []

    def run(job):
        try:
            job(halfway)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting"
    return errors


def suspend_in_turn(first, second):
    """Suspend `first`, wait until every writer has written once (holding its transaction open), then `second`."""

    def job(halfway):
        with transaction.atomic():
            Listing.objects.filter(pk=first).update(status="suspended")
            halfway.wait()
            Listing.objects.filter(pk=second).update(status="suspended")

    return job


def test_writers_changing_the_same_products_in_opposite_orders_neither_wait_nor_deadlock(db):
    today = timezone.localdate()
    vn, az = CompanyFactory(country="VN"), CompanyFactory(country="AZ")
    coffee = [ListingFactory(company=company).pk for company in (vn, az)]
    nuts = [ListingFactory(company=company, hs_chapter=HSChapterFactory(code=8)).pk for company in (vn, az)]

    # A counter updated in place would have each writer hold one product's row and wait for the other's.
    errors = run_together(suspend_in_turn(coffee[0], nuts[0]), suspend_in_turn(nuts[1], coffee[1]))

    assert errors == []
    assert supply_counts.read_open_counts(today) == [] == count_open_entries(today)


def test_many_writers_at_once_keep_the_counts_exact(db):
    today = timezone.localdate()
    companies = [CompanyFactory(country=country) for country in ("VN", "AZ") * 4]
    entries = [ListingFactory(company=company, kind=kind, expires_on=today + timedelta(days=days)).pk
               for company in companies for kind, days in (("offer", 3), ("request", 30))]

    def writer(index):
        def job(halfway):
            halfway.wait()
            for round_ in range(5):
                with transaction.atomic():
                    pk = entries[(index * 3 + round_) % len(entries)]
                    Listing.objects.filter(pk=pk).update(status="suspended" if round_ % 2 == 0 else "approved",
                                                         expires_on=today + timedelta(days=index + round_))

        return job

    assert run_together(*(writer(index) for index in range(8))) == []
    for day in (today, today + timedelta(days=4), today + timedelta(days=9)):
        assert sorted(supply_counts.read_open_counts(day), key=repr) == sorted(count_open_entries(day), key=repr)
