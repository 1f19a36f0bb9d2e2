from django.core.management.base import BaseCommand

from messaging.services import send_due_emails


class Command(BaseCommand):
    help = ("Email the conversation messages that waited for the end of their hour (messaging.services: at most "
            "one email per conversation and reader per hour). Run it every few minutes.")

    def handle(self, *args, **options):
        sent = send_due_emails()
        self.stdout.write(f"{sent} email(s) sent.")
