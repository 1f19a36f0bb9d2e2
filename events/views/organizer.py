"""Views for the organizers of an event: settings, sessions, participant approval, the meeting plan, exports.

Every view sends an anonymous visitor to log in and answers 403 to a signed-in user who may not manage the
event (organizers manage their own events, staff every event). Events are looked up among all events, drafts
included; sessions, participations and meetings only within the event in the URL. Writes go through
events.services: when the rules refuse a change (EventError), the user gets its message and nothing changes.
"""

import csv
from itertools import groupby
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from companies.models import Sector
from events import services
from events.forms import EventForm, MoveMeetingForm, SessionForm
from events.models import Event, Meeting, MeetingStatus, ParticipationStatus, RequestStatus
from events.permissions import is_organizer, managed_event_or_deny
from events.selectors import shares_language
from events.services import EventError

# The values the dashboard's and the plan's buttons post; anything else is a forged request (400).
DECISIONS = {"approve": True, "decline": False}
LOCK_VALUES = {"1": True, "0": False}


# Event settings -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_event(request):
    if not is_organizer(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(organizer=request.user, data=form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The event was created. Add its meeting sessions next."))
            return redirect("events:dashboard", event.slug)
    return render(request, "events/organizer/event_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_event(request, slug):
    event = managed_event_or_deny(request.user, slug)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(event=event, data=form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
            event.refresh_from_db()  # the service had set the refused values on it before rolling back
        else:
            messages.success(request, _("The event settings were saved."))
            return redirect("events:dashboard", event.slug)
    return render(request, "events/organizer/event_form.html", {"form": form, "event": event})


@login_required
@require_safe
def dashboard(request, slug):
    event = managed_event_or_deny(request.user, slug)
    return render(request, "events/organizer/dashboard.html", {
        "event": event,
        "participations": _registrations(event),
        "request_counts": _request_counts(event),
        "meeting_counts": _meeting_counts(event),
    })


# Sessions -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, slug):
    """The event's sessions, and a form to add one."""
    event = managed_event_or_deny(request.user, slug)
    form = SessionForm(request.POST or None, event=event, initial={"date": event.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(event=event, data=form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The session was added and cut into time slots."))
            return redirect("events:sessions", event.slug)
    return render(request, "events/organizer/sessions.html", {
        "event": event,
        "form": form,
        "sessions": event.sessions.annotate(slot_count=Count("slots")),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    session = get_object_or_404(event.sessions, pk=pk)
    form = SessionForm(request.POST or None, event=event, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(session=session, data=form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The session was saved and its time slots updated."))
            return redirect("events:sessions", event.slug)
    return render(request, "events/organizer/session_form.html", {"event": event, "form": form})


@login_required
@require_POST
def delete_session(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    session = get_object_or_404(event.sessions, pk=pk)
    try:
        services.delete_session(session=session)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The session and its time slots were deleted."))
    return redirect("events:sessions", event.slug)


# Participants -------------------------------------------------------------------------------------------------


@login_required
@require_POST
def decide_participation(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    participation = get_object_or_404(event.participations.select_related("company"), pk=pk)
    approve = DECISIONS.get(request.POST.get("decision"))
    if approve is None:
        return HttpResponseBadRequest()
    try:
        services.decide_participation(participation=participation, approve=approve)
    except EventError as error:
        messages.error(request, str(error))
    else:
        done = _("%(company)s is approved.") if approve else _("%(company)s is declined.")
        messages.success(request, done % {"company": participation.company.name})
    return redirect("events:dashboard", event.slug)


# The plan -----------------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan(request, slug):
    """The plan as a grid (a row per time slot, a column per table), and the meetings not yet placed."""
    event = managed_event_or_deny(request.user, slug)
    meetings = list(_meetings(event).exclude(status=MeetingStatus.CANCELLED))
    tables = list(event.tables.all())
    return render(request, "events/organizer/plan.html", {
        "event": event,
        "tables": tables,
        "rows": _grid(event.slots.all(), tables, meetings),
        "unscheduled": [meeting for meeting in meetings if meeting.slot_id is None],
    })


@login_required
@require_safe
def print_plan(request, slug):
    """One printed page per time slot: which two companies sit at which table."""
    event = managed_event_or_deny(request.user, slug)
    placed = _meetings(event).exclude(status=MeetingStatus.CANCELLED).filter(slot__isnull=False)
    # Meetings come ordered by slot start, so each slot's meetings are consecutive.
    by_slot = [(slot, list(meetings)) for slot, meetings in groupby(placed, key=attrgetter("slot"))]
    return render(request, "events/organizer/print_plan.html", {"event": event, "by_slot": by_slot})


@login_required
@require_http_methods(["GET", "POST"])
def move_meeting(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(_meetings(event), pk=pk)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting=meeting, slot=form.cleaned_data["slot"], table=form.cleaned_data["table"])
        except EventError as error:
            # Back to a fresh form: the service may have changed the meeting in memory before it refused.
            messages.error(request, str(error))
            return redirect("events:move_meeting", event.slug, meeting.pk)
        messages.success(request, _("The meeting was moved. Both companies were notified."))
        return redirect("events:plan", event.slug)
    return render(request, "events/organizer/move_meeting.html", {"event": event, "meeting": meeting, "form": form})


@login_required
@require_POST
def cancel_meeting(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(event.meetings, pk=pk)
    try:
        services.cancel_meeting(meeting=meeting)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The meeting was cancelled. Both companies were notified."))
    return redirect("events:plan", event.slug)


@login_required
@require_POST
def lock_meeting(request, slug, pk):
    """Lock a meeting where it is (re-planning leaves it alone), or unlock it."""
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(event.meetings, pk=pk)
    locked = LOCK_VALUES.get(request.POST.get("locked"))
    if locked is None:
        return HttpResponseBadRequest()
    try:
        services.set_meeting_lock(meeting=meeting, locked=locked)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The meeting is locked.") if locked else _("The meeting is unlocked."))
    return redirect("events:plan", event.slug)


# Exports ------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def export_meetings(request, slug):
    """Every meeting, placed ones by time and table, then those not placed; cancelled ones included."""
    event = managed_event_or_deny(request.user, slug)
    meetings = _meetings(event).prefetch_related(
        "request__requester__company__languages", "request__recipient__company__languages",
    ).order_by(F("slot__starts_at").asc(nulls_last=True), "table__number", "pk")
    header = [_("Time slot"), _("Table"), _("Company A"), _("Country A"), _("Company B"), _("Country B"),
              _("Interpreter needed"), _("Status"), _("Locked")]
    return _csv_response(f"{event.slug}-meetings.csv", header, (_meeting_row(event, m) for m in meetings))


@login_required
@require_safe
def export_participants(request, slug):
    event = managed_event_or_deny(request.user, slug)
    participations = event.participations.select_related("company").prefetch_related(
        Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")), "company__languages",
    ).order_by("company__name")
    header = [_("Company"), _("Country"), _("City"), _("Sectors"), _("Languages"), _("Status"), _("Delegates"),
              _("Contact person"), _("Email"), _("Phone")]
    return _csv_response(f"{event.slug}-participants.csv", header, (_participant_row(p) for p in participations))


# Helpers ------------------------------------------------------------------------------------------------------


def _registrations(event: Event) -> QuerySet:
    """Every registration for the event, those awaiting a decision first, then by company name."""
    awaiting_first = Case(When(status=ParticipationStatus.PENDING, then=Value(0)), default=Value(1))
    return event.participations.select_related("company").order_by(awaiting_first, "company__name")


def _request_counts(event: Event) -> list[tuple[str, int]]:
    """(status label, number of meeting requests) for every request status, zeros included."""
    rows = event.requests.order_by().values("status").annotate(count=Count("pk"))
    counts = {row["status"]: row["count"] for row in rows}
    return [(label, counts.get(status, 0)) for status, label in RequestStatus.choices]


def _meeting_counts(event: Event) -> dict[str, int]:
    live = ~Q(status=MeetingStatus.CANCELLED)
    return event.meetings.aggregate(
        scheduled=Count("pk", filter=live & Q(slot__isnull=False)),
        unscheduled=Count("pk", filter=live & Q(slot__isnull=True)),
        cancelled=Count("pk", filter=~live),
    )


def _meetings(event: Event) -> QuerySet:
    """The event's meetings with their slot, table and both companies; ordered by slot start, then table."""
    return event.meetings.select_related(
        "slot", "table", "request__requester__company", "request__recipient__company",
    )


def _grid(slots, tables: list, meetings: list) -> list[tuple]:
    """[(slot, [the meeting at each table, or None])], one row per time slot."""
    at = {(meeting.slot_id, meeting.table_id): meeting for meeting in meetings if meeting.slot_id}
    return [(slot, [at.get((slot.pk, table.pk)) for table in tables]) for slot in slots]


def _meeting_row(event: Event, meeting: Meeting) -> list:
    a, b = meeting.request.requester.company, meeting.request.recipient.company
    # A fixed, sortable format in the event's own time: spreadsheets sort it and no reader has to convert it.
    starts_at = f"{timezone.localtime(meeting.slot.starts_at, event.tz):%Y-%m-%d %H:%M}" if meeting.slot else ""
    return [starts_at, str(meeting.table or ""), a.name, a.country_name, b.name, b.country_name,
            _yes_no(not shares_language(a, b)), meeting.get_status_display(), _yes_no(meeting.locked)]


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
