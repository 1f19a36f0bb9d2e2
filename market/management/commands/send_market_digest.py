from django.core.management.base import BaseCommand

from market.digest_services import send_digests


class Command(BaseCommand):
    help = ("Email the weekly market digest to the users who subscribed to it: what is new for each since their "
            "last digest (run it weekly, e.g. from a systemd timer). A user sent a digest within the last 6 days is "
            "skipped, so a second run in the same week sends nothing; nothing is sent to whom nothing is new.")

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} market digest(s) sent.")
