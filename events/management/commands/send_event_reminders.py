from django.core.management.base import BaseCommand

from events.services import expire_pending_requests, send_reminders
from events.services.feedback import request_feedback, send_follow_ups


class Command(BaseCommand):
    help = ("Daily housekeeping for events (run it from cron): expire the pending requests of events that "
            "have started, remind participants the day before their event, ask them for feedback on their "
            "meetings once the event is over (with at most two reminders), and send the follow-up on promising "
            "meetings on each event's follow-up day.")

    def handle(self, *args, **options):
        expired = expire_pending_requests()
        reminded = send_reminders()
        feedback = request_feedback()
        follow_ups = send_follow_ups()
        self.stdout.write(f"Expired {expired} pending requests; sent {reminded} reminders, "
                          f"{feedback.requested} feedback requests, {feedback.reminded} feedback reminders and "
                          f"{follow_ups} follow-ups.")
