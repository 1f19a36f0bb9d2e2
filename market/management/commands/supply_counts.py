"""Compact the supply and demand counts and move their watermark to today (daily: deploy/tradebridge-daily.service),
or rebuild them from a recount of the marketplace (market.supply_counts)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from market import supply_counts


class Command(BaseCommand):
    help = "Compact the supply and demand counts up to today, or rebuild them (--rebuild)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true",
                            help="recount every product from the marketplace (writers wait meanwhile)")
        parser.add_argument("--today", help="the day to count from, YYYY-MM-DD (default: today)")

    def handle(self, *args, rebuild=False, today=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: {error}") from None
        if rebuild:
            rows = supply_counts.rebuild(today=day)
            self.stdout.write(f"rebuilt: {rows} product and date rows")
        else:
            rows = supply_counts.compact(today=day)
            self.stdout.write(f"compacted: {rows} product and date rows")
