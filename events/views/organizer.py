"""Views for the organizers of an event: settings, sessions, participant approval, the meeting plan, exports.

Every view sends an anonymous visitor to log in and answers 403 to a signed-in user who may not manage the
event (organizers manage their own events, co-organizers included, staff every event); the read-only pages
(dashboard, plan, printed plan, exports) are also open to the event's viewers (viewed_event_or_deny), without
their write controls (`can_manage`). Events are looked up among all events, drafts
included; sessions, participations and meetings only within the event in the URL. Writes go through
events.services: when the rules refuse a change (EventError), the user gets its message and nothing changes.
"""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import exports, selectors, selectors_attendance, selectors_questions, selectors_waiting, services
from events.forms import CancelMeetingForm, EventForm, MoveMeetingForm, SessionForm
from events.forms_bulk import BulkActionForm, RegistrationSearchForm
from events.forms_questions import answer_filters
from events.models import MeetingStatus
from events.permissions import is_organizer, managed_event_or_deny, viewed_event_or_deny
from events.services import EventError, bulk

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
            return redirect("events:sessions", event.slug)
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
    """The event's counts and registrations; the registrations searched (accent-insensitive, as the directory) and
    filtered by status from the query string, with the bulk form (bulk_action) over them. Read-only: a viewer
    sees it without the forms that change something."""
    event = viewed_event_or_deny(request.user, slug)
    questions = selectors_questions.event_questions(event, get_language())
    search = RegistrationSearchForm(request.GET or None, questions=questions)
    filters = search.filters()
    participations = list(selectors_attendance.with_no_shows(selectors.search_registrations(event, **filters)))
    selectors_questions.attach_answers(participations, questions)  # each row's answers, in one query
    waiting = selectors_waiting.with_waiting_positions(event, participations)
    return render(request, "events/organizer/dashboard.html", {
        "event": event,
        "waiting": waiting,
        "can_manage": event.can_manage,
        "participations": participations,
        "search": search,
        "filters": filters,
        "searching": any(filters.values()),
        "questions": questions,
        "request_counts": selectors.request_counts(event),
        "meeting_counts": selectors.meeting_counts(event),
    })


@login_required
@require_POST
def bulk_action(request, slug):
    """Approve, decline, or write to the ticked registrations, or to all that match the dashboard's search.

    Ids that are not the event's registrations are ignored. Approving and declining go through
    services.bulk.decide_participations, one transaction per registration (its docstring says why), and report
    what was done and what the rules refused; "write to them" leads to the announcement form with the selection.
    """
    event = managed_event_or_deny(request.user, slug)
    form = BulkActionForm(request.POST, questions=selectors_questions.event_questions(event, get_language()))
    back = reverse("events:dashboard", args=[event.slug])
    if not form.is_valid():
        if "action" in form.errors:
            return HttpResponseBadRequest()
        if "participations" in form.errors:  # not whole numbers: a forged request, or a broken page
            messages.error(request, _("The selection could not be read. Nothing was changed."))
        elif "__all__" in form.errors:
            messages.error(request, " ".join(form.errors["__all__"]))
        else:  # the search carried to "all matching" (an answer whose option went meanwhile, a forged value)
            messages.error(request, _("The search could not be read. Nothing was changed."))
        return redirect(back)
    data = form.cleaned_data
    if data["all_matching"]:
        chosen = selectors.search_registrations(event, query=data["q"], status=data["status"],
                                                answers=answer_filters(form))
    else:
        chosen = event.participations.filter(pk__in=data["participations"])
    ids = list(chosen.values_list("pk", flat=True))
    if not ids:
        messages.error(request, _("None of the chosen registrations is of this event any more."))
        return redirect(back)
    if data["action"] == BulkActionForm.MESSAGE:
        token = bulk.selection_token(event=event, participation_ids=ids)
        return redirect(f"{reverse('events:announcements', args=[event.slug])}?{urlencode({'selection': token})}")
    result = bulk.decide_participations(event=event, participation_ids=ids,
                                        approve=data["action"] == BulkActionForm.APPROVE)
    (messages.warning if result.refused or result.full else messages.success)(request, result.message())
    return redirect(back)


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
@require_http_methods(["GET", "POST"])
def delete_session(request, slug, pk):
    """Asks first (GET), then deletes the session and its time slots (POST)."""
    event = managed_event_or_deny(request.user, slug)
    session = get_object_or_404(event.sessions, pk=pk)
    if request.method == "GET":
        return _confirm(request, event, title=_("Delete this session?"), subject=str(session),
                        consequence=_("Its time slots are deleted with it. A session with booked meetings cannot "
                                      "be deleted: move or cancel them first."),
                        action=_("Delete the session"), back=("events:sessions", _("Back to the sessions")))
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


@login_required
@require_safe
def confirm_decline(request, slug, pk):
    """Asks before declining a registration (the form posts to decide_participation)."""
    event = managed_event_or_deny(request.user, slug)
    participation = get_object_or_404(event.participations.select_related("company"), pk=pk)
    return _confirm(request, event, title=_("Decline this registration?"), subject=participation.company.name,
                    consequence=_("The company is emailed that its registration was declined. A company with "
                                  "accepted meetings cannot be declined: cancel them in the plan first."),
                    action=_("Decline the company"), back=("events:dashboard", _("Back to the dashboard")),
                    post_to=reverse("events:decide", args=[event.slug, participation.pk]),
                    fields={"decision": "decline"})


# The plan -----------------------------------------------------------------------------------------------------


@login_required
@require_safe
def plan(request, slug):
    """The plan as a grid (a row per time slot, a column per table and online room), and the meetings not yet
    placed. Read-only: a viewer sees it without the buttons that change a meeting."""
    event = viewed_event_or_deny(request.user, slug)
    meetings = list(selectors.event_meetings(event).exclude(status=MeetingStatus.CANCELLED))
    columns = selectors.plan_columns(event, meetings)
    # "Find a company": the meetings of the companies matching the search are marked (server-side, no script).
    query = request.GET.get("q", "")[:200]
    matching = selectors.matching_participation_ids(event, query)
    for meeting in meetings:
        meeting.is_match = bool({meeting.request.requester_id, meeting.request.recipient_id} & matching)
    return render(request, "events/organizer/plan.html", {
        "event": event,
        "can_manage": event.can_manage,
        "columns": columns,
        "rows": selectors.plan_grid(event.slots.all(), columns, meetings),
        "unscheduled": [meeting for meeting in meetings if meeting.slot_id is None],
        "query": query,
        "searching": bool(query.strip()),
        "match_count": sum(meeting.is_match for meeting in meetings),
    })


@login_required
@require_safe
def print_plan(request, slug):
    """One printed page per time slot: which two companies sit at which table."""
    event = viewed_event_or_deny(request.user, slug)
    placed = selectors.event_meetings(event).exclude(status=MeetingStatus.CANCELLED).filter(slot__isnull=False)
    # Meetings come ordered by slot start, so each slot's meetings are consecutive.
    by_slot = [(slot, list(meetings)) for slot, meetings in groupby(placed, key=attrgetter("slot"))]
    return render(request, "events/organizer/print_plan.html", {"event": event, "by_slot": by_slot})


@login_required
@require_http_methods(["GET", "POST"])
def move_meeting(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(selectors.event_meetings(event), pk=pk)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting=meeting, slot=form.cleaned_data["slot"],
                                  table=form.cleaned_data.get("table"))
        except EventError as error:
            # Back to a fresh form: the service may have changed the meeting in memory before it refused.
            messages.error(request, str(error))
            return redirect("events:move_meeting", event.slug, meeting.pk)
        messages.success(request, _("The meeting was moved. Both companies were notified."))
        return redirect("events:plan", event.slug)
    return render(request, "events/organizer/move_meeting.html", {"event": event, "meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cancel_meeting(request, slug, pk):
    """Asks first, with an optional reason for both companies (GET), then cancels and emails them (POST)."""
    event = managed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(selectors.event_meetings(event), pk=pk)
    form = CancelMeetingForm(request.POST if request.method == "POST" else None)  # an empty POST cancels too
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting=meeting, reason=form.cleaned_data["reason"])
        except EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The meeting was cancelled. Both companies were notified."))
        return redirect("events:plan", event.slug)
    asked = meeting.request
    return _confirm(request, event, title=_("Cancel this meeting?"), form=form,
                    subject=_("%(a)s and %(b)s") % {"a": asked.requester.company.name,
                                                   "b": asked.recipient.company.name},
                    consequence=_("Both companies are emailed that the organizer cancelled their meeting; they "
                                  "may ask each other again."),
                    action=_("Cancel the meeting"), back=("events:plan", _("Back to the plan")))


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
    return exports.meetings_csv(viewed_event_or_deny(request.user, slug))


@login_required
@require_safe
def export_participants(request, slug):
    return exports.participants_csv(viewed_event_or_deny(request.user, slug))


def _confirm(request, event, *, title, subject, consequence, action, back, form=None, post_to="", fields=None):
    """The one page that asks before a destructive or mailing action: what, what follows, do it or go back."""
    return render(request, "events/organizer/confirm.html", {
        "event": event, "title": title, "subject": subject, "consequence": consequence, "action": action,
        "back_url": reverse(back[0], args=[event.slug]), "back_label": back[1], "form": form,
        "post_to": post_to, "fields": fields or {},
    })
