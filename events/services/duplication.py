"""A new edition of an event, made from an existing one (issue 17, item 5).

The copy keeps the source's settings, sessions and tables, moved to the new dates; it starts as a draft, so that
the organizer checks it before publishing. Participants are not copied: on request, the companies that took part
in the source are invited again, as registrations awaiting approval, and told so.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventError
from events.models import Event, EventStatus, Participation, ParticipationStatus, RegistrationQuestion, Table
from events.notifications import notify_companies
from events.services.setup import EVENT_FIELDS, add_session, unique_event_slug
from events.validators import EARLIEST_DATE, LATEST_DATE

INVITED_KIND = "participation_invited"

# What the copy takes from the source as it is; the dates and the registration window are moved, the title and
# the status are new.
COPIED_FIELDS = tuple(field for field in EVENT_FIELDS if field not in {
    "title", "start_date", "end_date", "registration_opens", "registration_closes", "status"})


@transaction.atomic
def duplicate_event(*, source: Event, title: str, start_date: date, invite_participants: bool = False) -> Event:
    """A draft copy of `source` titled `title`, its first day `start_date`: every date (last day, registration
    window, sessions) moves by the same number of days, wall-clock times stay as they were in the event's zone.

    The copy has the source's organizers and viewers, focus sectors, sessions (their slots cut again by add_session),
    tables with their names, and registration questions. With `invite_participants`, each company taking part in
    the source (approved, and approved itself) is registered again, awaiting approval, with its delegates, way of
    taking part and time zone; every member is notified. One transaction: a refused session leaves no half-made
    event behind.
    """
    offset = start_date - source.start_date
    end_date = source.end_date + offset
    if start_date < EARLIEST_DATE or end_date > LATEST_DATE:
        raise EventError(_("The new dates are out of range."))
    event = Event(**{field: getattr(source, field) for field in COPIED_FIELDS})
    event.title = title
    event.slug = unique_event_slug(title)
    event.status = EventStatus.DRAFT
    event.start_date, event.end_date = start_date, end_date
    event.registration_opens = _moved(source.registration_opens, offset, source)
    event.registration_closes = _moved(source.registration_closes, offset, source)
    event.save()
    event.organizers.set(source.organizers.all())
    event.viewers.set(source.viewers.all())
    event.focus_sectors.set(source.focus_sectors.all())
    Table.objects.bulk_create([Table(event=event, number=table.number, name=table.name)
                               for table in source.tables.order_by("number")])
    _copy_questions(source, event)
    for session in source.sessions.order_by("date", "start_time"):
        add_session(event=event, data={"name": session.name, "date": session.date + offset,
                                       "start_time": session.start_time, "end_time": session.end_time,
                                       "pause_minutes": session.pause_minutes})
    if invite_participants:
        _invite_again(source, event)
    return event


def _copy_questions(source: Event, event: Event) -> None:
    """The registration questions, in their order; their answers stay with the source's registrations."""
    fields = ["kind", "required", "position", *(f"{part}_{code}" for part in ("text", "options")
                                                for code in ("en", "vi", "az"))]
    RegistrationQuestion.objects.bulk_create([
        RegistrationQuestion(event=event, **{name: getattr(question, name) for name in fields})
        for question in source.questions.order_by("position", "pk")
    ])


def _moved(moment: datetime, offset: timedelta, event: Event) -> datetime:
    """`moment` moved by `offset` days on the event's wall clock (the same local hour across a change of
    clocks), as an aware time."""
    local = timezone.localtime(moment, event.tz)
    return datetime.combine(local.date() + offset, local.time(), tzinfo=event.tz)


def _invite_again(source: Event, event: Event) -> None:
    previous = list(Participation.objects.taking_part().filter(event=source).select_related("company")
                    .order_by("company__name"))
    Participation.objects.bulk_create([
        Participation(event=event, company=p.company, status=ParticipationStatus.PENDING, delegates=p.delegates,
                      attendance_mode=p.attendance_mode, time_zone=p.time_zone)
        for p in previous
    ])
    # bulk_create sends no post_save signal, which would forget the event's cached participant count: nothing to
    # forget, as only approved participations are counted.
    params = {"event": event.title, "previous": source.title}
    notify_companies([p.company for p in previous], INVITED_KIND, url=reverse("events:detail", args=[event.slug]),
                     params_for=lambda company: params)
