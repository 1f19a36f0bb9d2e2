from django.core.management.base import BaseCommand

from events.services import expire_pending_requests, send_reminders


class Command(BaseCommand):
    help = ("Daily housekeeping for events (run it from cron): expire the pending requests of events that "
            "have started, and remind participants the day before their event.")

    def handle(self, *args, **options):
        expired = expire_pending_requests()
        reminded = send_reminders()
        self.stdout.write(f"Expired {expired} pending requests; sent {reminded} reminders.")
