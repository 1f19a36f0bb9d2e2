"""Check-in at the door and attendance of meetings (issue 12): the organizer's check-in list and QR scan page, the
participant's badge, and the attendance marks from the plan and from the agenda.

The organizer's views answer like every organizer page (events.views.organizer): log in first, 403 for a user
who may not manage the event. Participations and meetings are looked up only within the event in the URL. A QR
code that was altered or has expired is a 404 page that says so, never an error.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.mail import site_url
from events import selectors, selectors_attendance, services
from events.forms_attendance import (
    ORGANIZER_MARKS,
    CheckInActionForm,
    CheckInFilterForm,
    OrganizerMarkForm,
    OwnMarkForm,
)
from events.models import Participation
from events.permissions import managed_event_or_deny, taking_part_or_deny, viewed_event_or_deny
from events.services import EventError

PER_PAGE = 50


# Check-in --------------------------------------------------------------------------------------------------------


@login_required
@require_safe
def check_in(request, slug):
    """The door's list: approved participants, searched and filtered, each with a button to check in or undo (the
    event's viewers see the list without the buttons)."""
    event = viewed_event_or_deny(request.user, slug)
    form = CheckInFilterForm(request.GET or None)
    query, state = (form.cleaned_data["q"], form.cleaned_data["state"]) if form.is_valid() else ("", "")
    participants = selectors_attendance.check_in_list(event, query=query, state=state)
    return render(request, "events/attendance/check_in.html", {
        "event": event, "can_manage": event.can_manage, "form": form, "query": query, "state": state,
        "page": Paginator(participants, PER_PAGE).get_page(request.GET.get("page")),
        "counts": selectors_attendance.check_in_counts(event),
    })


@login_required
@require_POST
def check_in_participant(request, slug, pk):
    """A button of the list: check the company in, or undo; back to the list as it was searched."""
    event = managed_event_or_deny(request.user, slug)
    participation = get_object_or_404(event.participations.select_related("company"), pk=pk)
    form = CheckInActionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    _check_in_or_undo(request, event, participation, undo=form.cleaned_data["action"] == "undo")
    kept = {key: form.cleaned_data[key] for key in ("q", "state") if form.cleaned_data[key]}
    return redirect(reverse("events:check_in", args=[event.slug]) + (f"?{urlencode(kept)}" if kept else ""))


@login_required
@require_http_methods(["GET", "POST"])
def check_in_scan(request, slug, token):
    """Where a badge's QR code leads: the company, and a button to check it in (POST)."""
    event = managed_event_or_deny(request.user, slug)
    participation = selectors_attendance.participation_from_token(event, token)
    if participation is None:
        return render(request, "events/attendance/bad_token.html", {"event": event}, status=404)
    if request.method == "POST":
        _check_in_or_undo(request, event, participation, undo=False)
        return redirect("events:check_in_scan", event.slug, token)
    return render(request, "events/attendance/scan.html", {
        "event": event, "participation": participation,
        "taking_part": participation.is_approved and participation.company.is_public,
    })


def _check_in_or_undo(request, event, participation: Participation, *, undo: bool) -> None:
    name = participation.company.name
    try:
        if undo:
            services.undo_check_in(event=event, participation=participation)
        else:
            services.check_in(event=event, participation=participation, by=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        done = _("%(company)s is no longer checked in.") if undo else _("%(company)s is checked in.")
        messages.success(request, done % {"company": name})


@login_required
@require_safe
def badge(request, slug):
    """The participant's badge: its company and the QR code the organizer scans at the door. Printable."""
    mine = taking_part_or_deny(request, slug)
    token = selectors_attendance.check_in_token(mine)
    scan_url = site_url(reverse("events:check_in_scan", args=[mine.event.slug, token]), get_language())
    return render(request, "events/attendance/badge.html", {
        "event": mine.event, "participation": mine,
        "qr_svg": selectors_attendance.check_in_qr_svg(
            scan_url, title=_("Check-in code of %(company)s") % {"company": mine.company.name}),
    })


# Attendance of meetings -------------------------------------------------------------------------------------------


@login_required
@require_POST
def mark_attendance(request, slug, pk):
    """The plan's control: held, a no-show of one side or both, or back to not marked."""
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(selectors.event_meetings(event), pk=pk)
    form = OrganizerMarkForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    status, side = ORGANIZER_MARKS[form.cleaned_data["mark"]]
    absent = getattr(meeting.request, side) if side else None
    try:
        services.mark_attendance(meeting=meeting, status=status, absent=absent, by=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The attendance of the meeting of %(a)s and %(b)s was saved.") % {
            "a": meeting.request.requester.company.name, "b": meeting.request.recipient.company.name})
    return redirect(reverse("events:plan", args=[event.slug]) + f"#meeting-{meeting.pk}")


@login_required
@require_POST
def mark_my_attendance(request, slug, pk):
    """The agenda's buttons: the meeting was held, or the partner did not come."""
    mine = taking_part_or_deny(request, slug)
    meeting = get_object_or_404(selectors.agenda_of(mine).prefetch_related(None), pk=pk)
    form = OwnMarkForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    partner_came = form.cleaned_data["partner"] == "came"
    try:
        services.mark_own_attendance(meeting=meeting, participation=mine, partner_came=partner_came,
                                     by=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: the meeting is recorded as held.") if partner_came
                         else _("Thank you: the meeting is recorded as a no-show of your partner."))
    return redirect("events:agenda", slug=slug)
