"""The daily reminder to the participants of events that start tomorrow."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    Event,
    Participation,
    ParticipationStatus,
)
from events.notifications import notify_companies


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind the approved participants of events that start tomorrow (in the event's time zone), once."""
    now = now or timezone.now()
    sent = 0
    for event in Event.objects.published().filter(start_date__range=(now.date(), now.date() + timedelta(days=2))):
        if timezone.localtime(now, event.tz).date() + timedelta(days=1) == event.start_date:
            sent += _remind(event_id=event.pk, now=now)
    return sent


@booking_transaction
def _remind(*, event_id: int, now: datetime) -> int:
    event = lock_event(event_id)
    due_ids = event.participations.filter(status=ParticipationStatus.APPROVED, company__status=Company.Status.APPROVED,
                                          reminder_sent_at__isnull=True).values_list("pk", flat=True)
    due = list(lock_participations(due_ids).values())
    params = {"event": event.title, "slot": event.starts_at.isoformat(), "tz": event.time_zone}
    notify_companies([p.company for p in due], "reminder", url=reverse("events:agenda", args=[event.slug]),
                     params_for=lambda company: params)
    Participation.objects.filter(pk__in=[p.pk for p in due]).update(reminder_sent_at=now)
    return len(due)
