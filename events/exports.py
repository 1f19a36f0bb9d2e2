"""The organizer's CSV exports: the event's meetings and its participants, ready for a spreadsheet."""

import csv

from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from companies.models import Sector
from events.models import Event, Meeting
from events.selectors import event_meetings, shares_language
from events.selectors_questions import answer_display, answers_prefetch, event_questions
from events.video_rooms import room_url


def meetings_csv(event: Event) -> HttpResponse:
    """Every meeting, placed ones by time and table, then those not placed; cancelled ones included."""
    meetings = event_meetings(event).prefetch_related(
        "request__requester__company__languages", "request__recipient__company__languages",
    ).order_by(F("slot__starts_at").asc(nulls_last=True), "table__number", "pk")
    header = [_("Time slot"), _("Table") if not event.has_online else pgettext("where a meeting takes place", "Place"),
              _("Company A"), _("Country A"), _("Company B"), _("Country B"), _("Interpreter needed"), _("Status"),
              _("Locked")]
    if event.has_online:  # the organizer may need to pass a room on to a company that lost its email
        header.append(_("Video room"))
    return _csv_response(f"{event.slug}-meetings.csv", header, (_meeting_row(event, m) for m in meetings))


def participants_csv(event: Event) -> HttpResponse:
    participations = event.participations.select_related("company").prefetch_related(
        Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")), "company__languages",
    ).order_by("company__name")
    header = [_("Company"), _("Country"), _("City"), _("Sectors"), _("Languages"), _("Status"), _("Delegates"),
              _("Contact person"), _("Email"), _("Phone")]
    if event.format == Event.Format.HYBRID:
        header.append(_("How they take part"))
    # A column per registration question, headed in the reader's (the organizer's) language; organizers write
    # the questions, so the headers are made as safe as the cells.
    questions = event_questions(event, get_language())
    if questions:
        participations = participations.prefetch_related(answers_prefetch())
    header += [_spreadsheet_safe(question.label) for question in questions]
    rows = (_participant_row(p) + ([p.get_attendance_mode_display()] if event.format == Event.Format.HYBRID else [])
            + _answer_cells(p, questions) for p in participations)
    return _csv_response(f"{event.slug}-participants.csv", header, rows)


def _answer_cells(participation, questions) -> list[str]:
    if not questions:
        return []
    answers = {answer.question_id: answer for answer in participation.answers.all()}
    return [answer_display(answers[question.pk], question) if question.pk in answers else ""
            for question in questions]


def _meeting_row(event: Event, meeting: Meeting) -> list:
    a, b = meeting.request.requester.company, meeting.request.recipient.company
    # A fixed, sortable format in the event's own time: spreadsheets sort it and no reader has to convert it.
    starts_at = f"{timezone.localtime(meeting.slot.starts_at, event.tz):%Y-%m-%d %H:%M}" if meeting.slot else ""
    row = [starts_at, meeting.place, a.name, a.country_name, b.name, b.country_name,
           _yes_no(not shares_language(a, b)), meeting.get_status_display(), _yes_no(meeting.locked)]
    return row + [room_url(meeting)] if event.has_online else row


def _participant_row(participation) -> list:
    company = participation.company
    return [company.name, company.country_name, company.city,
            "; ".join(sector.name for sector in company.sectors.all()),
            "; ".join(language.name for language in company.languages.all()),
            participation.get_status_display(), participation.delegates,
            company.contact_person, company.contact_email, company.contact_phone]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _csv_response(filename: str, header: list, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # Without a byte-order mark Excel reads the file in the local code page and garbles Vietnamese and
    # Azerbaijani letters.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_spreadsheet_safe(value) for value in row] for row in rows)
    return response


def _spreadsheet_safe(value):
    """Text that a spreadsheet would run as a formula (companies choose their own names) is quoted."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value
