from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from companies.moderation import notify_moderators


class Command(BaseCommand):
    help = ("Email the moderators one digest of the profiles and marketplace entries waiting for review, if any came "
            "in during the last --hours (run it from cron with the same period).")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=1.0, help="the period between two runs (default 1)")

    def handle(self, *args, hours, **options):
        emailed = notify_moderators(since=timezone.now() - timedelta(hours=hours))
        self.stdout.write(f"{emailed} moderator(s) emailed.")
