"""Notifications about events: an in-app notice for each person concerned, and an email in their language.

Each kind has its notice text (MESSAGES) and an email subject that says what happened (SUBJECTS); the email
goes through the site's one mail path (config.mail), sent only once the transaction commits.
"""

import zoneinfo
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from companies.selectors import company_recipients
from config import mail
from events.local_times import outside_working_day, zone_of
from events.models import Event, Meeting, Notification
from events.video_rooms import room_url

MESSAGES = {
    "request_received": _("%(company)s asks you for a meeting at %(event)s."),
    "request_accepted": _("%(company)s accepted your meeting request at %(event)s."),
    "request_declined": _("%(company)s declined your meeting request at %(event)s."),
    "request_cancelled": _("%(company)s withdrew its meeting request at %(event)s."),
    "meeting_booked": _("Your meeting with %(company)s at %(event)s is booked for %(when)s at %(table)s."),
    "meeting_unscheduled": _("Your meeting with %(company)s at %(event)s is accepted, but no time slot is free "
                             "for both of you yet. The organizer has been told."),
    "meeting_moved": _("Your meeting with %(company)s at %(event)s was moved to %(when)s at %(table)s."),
    "meeting_booked_online": _("Your online meeting with %(company)s at %(event)s is booked for %(own_when)s, "
                               "%(partner_when)s for them. The video link is in your agenda."),
    "meeting_moved_online": _("Your online meeting with %(company)s at %(event)s was moved to %(own_when)s, "
                              "%(partner_when)s for them. The video link is in your agenda."),
    "meeting_cancelled": _("Your meeting with %(company)s at %(event)s was cancelled by the organizer."),
    "meeting_cancelled_reason": _("Your meeting with %(company)s at %(event)s was cancelled by the organizer, "
                                  "who wrote: %(reason)s"),
    "meeting_withdrawn": _("Your meeting with %(company)s at %(event)s is cancelled: %(company)s no longer takes "
                           "part in the event."),
    "request_closed": _("The meeting request between you and %(company)s at %(event)s is closed: %(company)s no "
                        "longer takes part in the event."),
    "participation_pending": _("%(company)s registered for %(event)s and awaits your approval."),
    "participation_approved": _("Your registration for %(event)s was approved. You can now request meetings."),
    "participation_declined": _("Your registration for %(event)s was declined."),
    "waiting_listed": _("%(event)s is full: your registration is number %(position)s on the waiting list. You will "
                        "be told as soon as a place frees up."),
    "place_offered": _("A place has freed up at %(event)s: your registration left the waiting list and now awaits "
                       "the organizer's approval."),
    "organizer_place_offered": _("A place freed up at %(event)s: %(company)s left the waiting list and awaits your "
                                 "approval."),
    "participation_withdrawn": _("%(company)s withdrew its registration for %(event)s."),
    "participation_invited": _("You are invited to %(event)s, the new edition of %(previous)s. Your registration "
                               "awaits the organizer's approval; check your delegates and availability once the "
                               "event is published."),
    "organizer_unscheduled": _("The meeting of %(company)s with %(partner)s at %(event)s is accepted but could "
                               "not be scheduled: no common free slot and table."),
    "reminder": _("Reminder: %(event)s starts tomorrow, %(when)s. Your agenda is ready."),
    "story_consent_requested": _("%(company)s wrote a success story about your work together and asks for your "
                                 "consent to publish it."),
    "story_consent_given": _("%(company)s agreed to the publication of your success story."),
    "story_consent_refused": _("%(company)s declined the publication of your success story."),
    "announcement": _("%(event)s: %(subject)s"),
    "participation_imported": _("The organizers of %(event)s registered %(company)s for the event."),
    "participation_imported_waiting": _("The organizers of %(event)s registered %(company)s for the event. It is "
                                        "full, so your company is on its waiting list and is offered a place when "
                                        "one frees."),
    "team_joined_organizer": _("%(person)s joined the team of %(event)s as a co-organizer."),
    "team_joined_viewer": _("%(person)s joined the team of %(event)s as a viewer (read only)."),
}


# What happened, in a few words: the email's subject.
SUBJECTS = {
    "request_received": _("%(company)s asks you for a meeting at %(event)s"),
    "request_accepted": _("%(company)s accepted your meeting request"),
    "request_declined": _("%(company)s declined your meeting request"),
    "request_cancelled": _("%(company)s withdrew its meeting request"),
    "request_closed": _("Meeting request with %(company)s closed"),
    "meeting_booked": _("Meeting booked with %(company)s on %(when)s"),
    "meeting_unscheduled": _("Meeting with %(company)s accepted, time still to be set"),
    "meeting_moved": _("Meeting with %(company)s moved to %(when)s"),
    "meeting_booked_online": _("Online meeting booked with %(company)s on %(own_when)s"),
    "meeting_moved_online": _("Online meeting with %(company)s moved to %(own_when)s"),
    "meeting_cancelled": _("Meeting with %(company)s cancelled"),
    "meeting_cancelled_reason": _("Meeting with %(company)s cancelled"),
    "meeting_withdrawn": _("Meeting with %(company)s cancelled"),
    "participation_pending": _("%(company)s registered for %(event)s"),
    "participation_approved": _("Your registration for %(event)s was approved"),
    "participation_declined": _("Your registration for %(event)s was declined"),
    "waiting_listed": _("You are number %(position)s on the waiting list for %(event)s"),
    "place_offered": _("A place has freed up at %(event)s"),
    "organizer_place_offered": _("%(company)s left the waiting list of %(event)s"),
    "participation_withdrawn": _("%(company)s withdrew from %(event)s"),
    "participation_invited": _("You are invited to %(event)s"),
    "organizer_unscheduled": _("A meeting at %(event)s needs a time slot"),
    "reminder": _("%(event)s starts tomorrow"),
    "story_consent_requested": _("%(company)s asks for your consent to a success story"),
    "story_consent_given": _("%(company)s agreed to your success story"),
    "story_consent_refused": _("%(company)s declined your success story"),
    "announcement": _("%(event)s: %(subject)s"),
    "participation_imported": _("%(company)s is registered for %(event)s"),
    "participation_imported_waiting": _("%(company)s is on the waiting list of %(event)s"),
    "team_joined_organizer": _("%(person)s joined the team of %(event)s"),
    "team_joined_viewer": _("%(person)s joined the team of %(event)s"),
}


# Added to an online meeting's notice when the time is early or late for one side (events.local_times).
OUTSIDE_WORKING_DAY = {
    "own": _("Note: this is outside 08:00–20:00 in your time zone."),
    "partner": _("Note: this is outside 08:00–20:00 in %(company)s's time zone."),
    "both": _("Note: this is outside 08:00–20:00 in both time zones."),
}


def render_text(kind: str, params: dict) -> str:
    """The notice in the active language; times are shown in the event's time zone (an online meeting's in
    each side's own)."""
    values = _values(params)
    text = str(MESSAGES[kind]) % values
    if params.get("outside_working_day"):
        text += " " + str(OUTSIDE_WORKING_DAY[params["outside_working_day"]]) % values
    return text


def render_subject(kind: str, params: dict) -> str:
    return str(SUBJECTS[kind]) % _values(params)


def _values(params: dict) -> dict:
    values = dict(params)
    if "slot" in values:
        values["when"] = format_local(datetime.fromisoformat(values["slot"]), values.get("tz"))
    for key in ("own", "partner"):
        if f"{key}_tz" in values and "slot" in values:
            values[f"{key}_when"] = format_local(datetime.fromisoformat(values["slot"]), values[f"{key}_tz"])
    if "table_number" in values:
        values["table"] = values.get("table_name") or _("Table %(number)s") % {"number": values["table_number"]}
    return values


def format_local(moment: datetime, zone_name: str | None) -> str:
    """A date and time in the language's format and in the zone, which is named: "Dec. 21, 2026, 9 a.m.
    (Asia/Baku)" (the brackets also keep a sentence from ending in "a.m..")."""
    zone = _zone(zone_name)
    return f"{formats.date_format(timezone.localtime(moment, zone), 'DATETIME_FORMAT')} ({zone.key})"


def meeting_params(meeting: Meeting, *, viewer_company: Company) -> dict:
    """What a notice about the meeting says to `viewer_company`: its partner, the time and the place; for an
    online meeting the time in both sides' zones, and whether it falls outside either's working day."""
    request = meeting.request
    own, partner = (request.requester, request.recipient) if request.requester.company_id == viewer_company.pk \
        else (request.recipient, request.requester)
    params = {"company": partner.company.name, "event": meeting.event.title, "tz": meeting.event.time_zone}
    if meeting.slot_id and meeting.room is not None:
        own_tz, partner_tz = zone_of(own), zone_of(partner)
        outside = [outside_working_day(meeting.slot.starts_at, meeting.slot.ends_at, zone)
                   for zone in (own_tz, partner_tz)]
        params |= {"slot": meeting.slot.starts_at.isoformat(), "room": meeting.room, "room_url": room_url(meeting),
                   "own_tz": own_tz,
                   "partner_tz": partner_tz,
                   "outside_working_day": {(True, True): "both", (True, False): "own",
                                           (False, True): "partner"}.get(tuple(outside), "")}
    elif meeting.slot_id:
        params |= {"slot": meeting.slot.starts_at.isoformat(), "table_number": meeting.table.number,
                   "table_name": meeting.table.name}
    return params


def meeting_kind(meeting: Meeting, kind: str) -> str:
    """The online variant of a booking notice ("meeting_booked" → "meeting_booked_online") for an online one."""
    return f"{kind}_online" if meeting.room is not None and f"{kind}_online" in MESSAGES else kind


def notify_companies(companies: Iterable[Company], kind: str, *, url: str, params_for) -> None:
    """Notify every member of each company (company_recipients); `params_for(company)` gives the parameters."""
    for membership in company_recipients(list(companies)):
        _notify_user(membership.user, kind, params_for(membership.company), url,
                     language=membership.company.email_language)


def notify_organizers(event: Event, kind: str, *, url: str, params: dict, exclude: Iterable[int] = ()) -> None:
    """Notify the event's organizers (co-organizers included), but for the users whose ids are in `exclude`."""
    for user in event.organizers.exclude(pk__in=list(exclude)):
        _notify_user(user, kind, params, url, language=settings.LANGUAGE_CODE)


def _notify_user(user, kind: str, params: dict, url: str, *, language: str) -> None:
    Notification.objects.create(user=user, kind=kind, params=params, url=url)
    with translation.override(language):
        context = {"subject": render_subject(kind, params), "text": render_text(kind, params),
                   "url": mail.site_url(url, language) if url else "", "video_url": params.get("room_url", "")}
    mail.send("events/email/notification", to=[user.email], language=language, context=context)


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
