"""After the meeting: each side's feedback form and outcome form, reached from the agenda (logged in) or from a
signed link in an email (no login), and the organizer's read-only view of both sides' answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.errors import EventError
from events.feedback_forms import FeedbackForm, OutcomeForm
from events.models import Event, EventStatus, Meeting, Participation, Usefulness
from events.permissions import viewed_event_or_deny
from events.selectors import participation_of
from events.services import feedback as service


def _own_meeting_or_deny(request, slug: str, pk: int) -> tuple[Meeting, Participation]:
    """A meeting of the user's company in the event, which the company is asked about; 403 for a user whose
    company does not take part, 404 for a meeting that is not its own."""
    event = get_object_or_404(Event.objects.exclude(status=EventStatus.DRAFT), slug=slug)
    side = participation_of(request.membership, event)
    if side is None or not service.still_takes_part(side):
        raise PermissionDenied
    meeting = get_object_or_404(service.answerable_meetings().filter(event=event), pk=pk)
    if not service.is_side(meeting, side.pk) or not service.is_rated_by(meeting, side.pk):
        raise Http404
    return meeting, side


def _link_error(request, error: service.LinkError):
    return render(request, "link_invalid.html", {
        "message": str(error), "destination_url": reverse("events:mine"), "destination_label": _("Go to my events"),
    }, status=error.status)


# Feedback ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, slug, pk):
    meeting, side = _own_meeting_or_deny(request, slug, pk)
    return _feedback_page(request, meeting, side, signed_token=None)


@require_http_methods(["GET", "POST"])
def feedback_signed(request, token):
    try:
        meeting, side = service.feedback_from_token(token)
    except service.LinkError as error:
        return _link_error(request, error)
    return _feedback_page(request, meeting, side, signed_token=token)


def _feedback_page(request, meeting: Meeting, side: Participation, *, signed_token: str | None):
    now = timezone.now()
    side.event = meeting.event
    existing = service.feedback_of(meeting, side)
    if not service.has_ended(meeting, now):
        state = "not_yet"
    elif service.feedback_is_open(side, now):
        state = "open"
    else:
        state = "closed"
    form = FeedbackForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST":
        if state != "open":
            messages.error(request, str(service.NOT_YET if state == "not_yet" else service.FEEDBACK_CLOSED))
            return redirect(request.path)
        if form.is_valid():
            try:
                service.save_feedback(meeting=meeting, participation=side, **form.cleaned_data)
            except EventError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you. Your feedback was saved; you can change it until the "
                                            "follow-up."))
                return redirect(request.path)
    promising = existing is not None and existing.usefulness == Usefulness.COOPERATION_POSSIBLE
    return render(request, "events/feedback/feedback_form.html", {
        **_page_context(meeting, side, signed_token),
        "form": form, "feedback": existing, "state": state,
        "outcome_url": _outcome_url(meeting, side, signed=signed_token is not None) if promising else "",
    })


def _page_context(meeting: Meeting, side: Participation, signed_token: str | None) -> dict:
    return {"event": meeting.event, "meeting": meeting, "participation": side, "signed": signed_token is not None,
            "partner": service.partner_of(meeting, side.pk)}


def _outcome_url(meeting: Meeting, side: Participation, *, signed: bool) -> str:
    # A signed page links to the signed outcome form of the same side: its reader may have no login.
    if signed:
        return service.outcome_link(meeting.pk, side.pk)
    return _named_url("events:outcome", meeting)


def _named_url(name: str, meeting: Meeting) -> str:
    return reverse(name, kwargs={"slug": meeting.event.slug, "pk": meeting.pk})


# Outcome -------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request, slug, pk):
    meeting, side = _own_meeting_or_deny(request, slug, pk)
    return _outcome_page(request, meeting, side, signed_token=None)


@require_http_methods(["GET", "POST"])
def outcome_signed(request, token):
    try:
        meeting, side = service.outcome_from_token(token)
    except service.LinkError as error:
        return _link_error(request, error)
    return _outcome_page(request, meeting, side, signed_token=token)


def _outcome_page(request, meeting: Meeting, side: Participation, *, signed_token: str | None):
    existing_feedback = service.feedback_of(meeting, side)
    promising = existing_feedback is not None and existing_feedback.usefulness == Usefulness.COOPERATION_POSSIBLE
    existing = service.outcome_of(meeting, side)
    form = OutcomeForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST":
        if not promising:
            messages.error(request, str(service.NOT_RATED_PROMISING))
            return redirect(request.path)
        if form.is_valid():
            try:
                service.save_outcome(meeting=meeting, participation=side, **form.cleaned_data)
            except EventError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you. Your answer was saved; you can change it at any time."))
                return redirect(request.path)
    return render(request, "events/feedback/outcome_form.html", {
        **_page_context(meeting, side, signed_token),
        "form": form, "outcome": existing, "promising": promising,
        "feedback_url": (service.feedback_link(meeting.pk, side.pk) if signed_token
                         else _named_url("events:feedback", meeting)),
    })


# The organizer -------------------------------------------------------------------------------------------------


@login_required
@require_safe
def meeting_answers(request, slug, pk):
    event = viewed_event_or_deny(request.user, slug)
    meeting = get_object_or_404(
        service.answerable_meetings().filter(event=event).prefetch_related("feedback", "outcomes"), pk=pk)
    return render(request, "events/feedback/meeting_answers.html", {
        "event": event, "meeting": meeting, "answers": service.meeting_answers(meeting),
    })
