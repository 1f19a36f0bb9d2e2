"""An agenda as an iCalendar file: one VEVENT per scheduled meeting, in the event's time zone; an online meeting
has its video room as location and URL."""

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Participation


def agenda_calendar(participation: Participation, rows: list[dict]) -> Calendar:
    event = participation.event
    calendar = Calendar()
    calendar.add("prodid", "-//TradeBridge//Agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{event.title} — {participation.company.name}")
    for row in rows:
        meeting = row["meeting"]
        if not meeting.is_scheduled:
            continue
        entry = CalendarEvent()
        # Stable across downloads, so calendar apps update the meeting instead of duplicating it.
        entry.add("uid", f"meeting-{meeting.pk}-{participation.pk}@tradebridge")
        entry.add("dtstamp", meeting.created_at)
        entry.add("dtstart", meeting.slot.starts_at.astimezone(event.tz))
        entry.add("dtend", meeting.slot.ends_at.astimezone(event.tz))
        entry.add("summary", _("Meeting with %(company)s") % {"company": row["partner"].name})
        description = [_("Event: %(event)s") % {"event": event.title}]
        if row.get("video_url"):  # online: the room is where it happens, and calendar apps offer to join it
            entry.add("location", row["video_url"])
            entry.add("url", row["video_url"])
            description.append(_("Online meeting, video room: %(url)s") % {"url": row["video_url"]})
        else:
            entry.add("location", ", ".join(part for part in (meeting.place, event.venue, event.city) if part))
        if row["interpreter"]:
            description.append(_("Interpreter needed: you share no language."))
        description.append(settings.SITE_URL + event.get_absolute_url())
        entry.add("description", "\n".join(description))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar
