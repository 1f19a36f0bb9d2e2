"""Demo data, so a newcomer sees a living site: companies, accounts, two B2B events in full swing, and the market
information (sector briefs, questions with answers, trade fairs; the trade figures come with the migrations).

It lives in market, the app at the top of the dependency order, which may read every other app.

Idempotent: every object is looked up by a natural key (email, slug) before it is created, so running it
twice adds nothing twice. `--companies N` adds N synthetic companies with bulk inserts, for benchmarks.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from companies import demo as company_demo
from companies.demo_data import DEMO_COMPANIES
from events import demo as event_demo
from market import demo_briefs, demo_fairs, demo_figures, demo_questions
from messaging.demo import create_demo_threads


class Command(BaseCommand):
    help = "Load demo companies, accounts and events (idempotent); --companies N adds N synthetic companies."

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=0, metavar="N",
                            help="Also create N synthetic approved companies (bulk inserts, for benchmarks).")
        parser.add_argument("--no-logos", action="store_true", help="Do not draw logos for demo companies.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for synthetic companies.")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, companies, no_logos, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo accounts with DEBUG off (their passwords are public). "
                               "Use --force if you really mean it.")
        if companies < 0:
            raise CommandError("--companies must be zero or more.")
        # The demo's requests and bookings go through the real services; their notification emails would
        # only flood the console, so their tasks are queued to a backend that does not run them.
        with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}), \
                transaction.atomic():
            users = company_demo.load_accounts()
            created = company_demo.load_companies(users, draw_logos=not no_logos)
            company_demo.load_listings()
            events_created = event_demo.load_events(users)
            threads_created = create_demo_threads(users)
            market_created = sum(demo.load() for demo in (demo_figures, demo_briefs, demo_questions, demo_fairs))
        self.stdout.write(self.style.SUCCESS(
            f"Demo companies: {created} created, {len(DEMO_COMPANIES) - created} already there."))
        self.stdout.write(self.style.SUCCESS(f"Demo events: {events_created} created."))
        self.stdout.write(self.style.SUCCESS(f"Demo market information: {market_created} items created."))
        self.stdout.write(self.style.SUCCESS(f"Demo conversations: {threads_created} created."))
        if companies:
            company_demo.create_synthetic(companies, seed=seed)
            listings = company_demo.create_synthetic_listings(seed=seed)
            self.stdout.write(self.style.SUCCESS(
                f"Synthetic companies: {companies} created, with {listings} marketplace entries."))
        self.stdout.write("\nDemo logins (development only):")
        for email, password, role in company_demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<12} {email:<34} password: {password}")
        self.stdout.write("")
