"""Seed the load test's database: the demo, synthetic companies up to a total, and member accounts taking part in
one event with room for meetings; writes what the locust users need (logins, the event, pages to visit) as JSON.

    python -m bench.loadtest.seed --companies 10000 --members 240 --output /tmp/…/fixture.json

Run by scripts/loadtest on a fresh database of its own (DATABASE_URL), never on the project's db.sqlite3.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

# The members' shared password: the accounts exist only in the load test's throwaway database.
MEMBER_PASSWORD = "load-test-member-2026"
EVENT_TITLE = "Load test B2B forum"
# Few tables for the slots, so that the tables run out during the run and accepting also takes the
# "accepted, waiting for a slot" path: both booking outcomes are exercised under concurrency.
EVENT_TABLES = 8
SEARCH_TERMS = ["coffee", "cofee", "logistics", "Baku", "cashew", "rice", "polymer", "hazelnut", "textile",
                "Synthetic AZ", "trading 0004", "Hà Nội", "fertiliser", "solar"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=10_000, help="Total companies after seeding.")
    parser.add_argument("--members", type=int, default=240, help="Member accounts taking part in the event.")
    parser.add_argument("--output", type=Path, required=True, help="Where to write the fixture JSON.")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The load test seeds PostgreSQL only (set DATABASE_URL to its own database).")

    began = time.monotonic()
    fixture = seed(total_companies=args.companies, members=args.members)
    args.output.write_text(json.dumps(fixture, indent=1))
    print(f"Seeded in {time.monotonic() - began:.0f} s: {fixture['summary']}", flush=True)


def seed(*, total_companies: int, members: int) -> dict:
    from django.core.management import call_command

    from companies import demo as company_demo
    from companies.models import Company, Listing, ModerationStatus, Sector
    from matchmaking.services import refresh_candidate_keys

    call_command("load_demo", no_logos=True, force=True, verbosity=0)
    missing = total_companies - Company.objects.count()
    if missing > 0:
        company_demo.create_synthetic(missing, seed=2026)
        company_demo.create_synthetic_listings(seed=2026)
    # The signals keep the candidate keys of bulk-created companies; refreshing all of them once more costs a few
    # seconds and makes sure the suggestions pages see every company whatever the signals did.
    refresh_candidate_keys()
    accounts = create_members(members)
    event, participations = create_event(accounts)
    approved = Company.objects.filter(status=ModerationStatus.APPROVED)
    rng = random.Random(2026)
    slugs = list(approved.order_by("pk").values_list("slug", flat=True))
    return {
        "password": MEMBER_PASSWORD,
        "event": event.slug,
        "members": [{"email": user.email, "participation": participations[user.pk]} for user in accounts],
        "company_slugs": rng.sample(slugs, min(500, len(slugs))),
        "sectors": list(Sector.objects.order_by("slug").values_list("slug", flat=True)),
        # The chapters that entries use, so that the marketplace filters find something.
        "chapters": [str(code) for code in Listing.objects.filter(hs_chapter__isnull=False)
                     .order_by("hs_chapter").values_list("hs_chapter", flat=True).distinct()],
        "search_terms": SEARCH_TERMS,
        "summary": {"companies": Company.objects.count(), "approved": approved.count(), "members": len(accounts),
                    "event": event.slug, "slots": event.slots.count(), "tables": event.tables.count()},
    }


def create_members(count: int) -> list:
    """Verified users, each the owner of its own approved synthetic company (half Vietnamese, half Azerbaijani,
    so that their requests are cross-border as on the real site)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from companies.demo import SYNTHETIC_PREFIX
    from companies.models import Company, Membership, ModerationStatus

    User = get_user_model()
    free = Company.objects.filter(slug__startswith=SYNTHETIC_PREFIX, status=ModerationStatus.APPROVED,
                                  memberships__isnull=True).order_by("pk")
    vietnamese = list(free.filter(country="VN").values_list("pk", flat=True)[:count // 2 + 1])
    azerbaijani = list(free.filter(country="AZ").values_list("pk", flat=True)[:count // 2 + 1])
    company_ids = [pk for pair in zip(vietnamese, azerbaijani, strict=False) for pk in pair][:count]
    if len(company_ids) < count:
        sys.exit(f"Only {len(company_ids)} synthetic companies are free for {count} members: seed more companies.")
    # One hash for all: hashing each password separately would take minutes of PBKDF2 for nothing.
    password = make_password(MEMBER_PASSWORD)
    users = User.objects.bulk_create([
        User(username=f"loadtest-{n:04d}", email=f"loadtest-{n:04d}@loadtest.example", password=password)
        for n in range(count)
    ])
    EmailAddress.objects.bulk_create([
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    ])
    Membership.objects.bulk_create([
        Membership(user=user, company_id=company_id, role=Membership.Role.OWNER)
        for user, company_id in zip(users, company_ids, strict=True)
    ])
    return users


def create_event(users: list) -> tuple:
    """A published event with request approval, through the real services; every member's company approved."""
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings
    from django.utils import timezone

    from companies.models import Sector
    from events import services

    organizer = get_user_model().objects.get(email="organizer@tradebridge.example")
    start = timezone.now().date() + timedelta(days=30)
    participations = {}
    # Like load_demo: the notices of registering and approving would only queue mail nobody reads.
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        event = services.create_event(organizer=organizer, data={
            "title": EVENT_TITLE, "description": "Seeded by scripts/loadtest.", "city": "Bakı",
            "venue": "Baku Expo Center", "country": "AZ", "time_zone": "Asia/Baku", "meeting_minutes": 20,
            "request_policy": "approval", "max_meetings": 12, "tables": EVENT_TABLES,
            "start_date": start, "end_date": start, "status": "published",
            "registration_opens": timezone.now() - timedelta(days=5),
            "registration_closes": timezone.now() + timedelta(days=25),
            "focus_sectors": Sector.objects.all(),
        })
        for name, begins, ends in (("Morning", clock(9, 0), clock(12, 20)), ("Afternoon", clock(13, 0), clock(17, 0))):
            services.add_session(event=event, data={"name": name, "date": start, "start_time": begins,
                                                    "end_time": ends, "pause_minutes": 0})
        for user in users:
            participation = services.register(event=event, company=user.membership.company)
            services.decide_participation(participation=participation, approve=True)
            participations[user.pk] = participation.pk
    return event, participations


if __name__ == "__main__":
    main()
