"""Views for companies taking part in an event: registration, availability, requests, agenda."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import services
from events.calendar import agenda_calendar
from events.forms import DeclineForm, MeetingRequestForm, ParticipantFilter, ParticipationForm, RegisterForm
from events.forms_questions import ANSWER_PREFIX, answers_from
from events.local_times import outside_working_day, zone_of
from events.models import AttendanceMode, MeetingRequest, Notification, Participation
from events.notice_counts import mark_all_read
from events.permissions import own_participation_or_deny, taking_part_or_deny
from events.selectors import (
    agenda_of,
    approved_participants,
    company_zone,
    organized_events,
    partners_with_open_requests,
    public_events,
    requests_of,
    shares_language,
    viewer_timezone,
)
from events.selectors_questions import answer_sheet, event_questions
from events.services.feedback import agenda_links
from events.services.questions import register_with_answers
from events.video_rooms import room_url
from events.views.withdrawal import registered_message
from matchmaking.selectors import marks_of


@login_required
def my_events(request):
    membership = request.membership
    participations = (Participation.objects.filter(company=membership.company).select_related("event")
                      .order_by("-event__start_date") if membership else [])
    # Every event on the user's team, with or without the organizer role of their own (co-organizers, viewers).
    organized = list(organized_events(request.user))
    return render(request, "events/mine.html", {"participations": participations, "organized": organized})


@login_required
@require_POST
def register(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    membership = request.membership
    if not membership:
        messages.error(request, _("Create your company profile first, then register for events."))
        return redirect("companies:create")
    form = RegisterForm(request.POST, event=event, questions=event_questions(event, get_language()))
    if not form.is_valid():
        if any(name.startswith(ANSWER_PREFIX) for name in form.errors):  # the answers, next to their questions
            return render(request, "events/questions/register.html", {"event": event, "form": form})
        messages.error(request, _("Give a number of delegates between 1 and 10, and say how you take part.")
                       if "attendance_mode" in form.errors else _("Give a number of delegates between 1 and 10."))
        return redirect(event)
    try:
        # With its answers to the organizer's questions, in the same transaction (services.questions).
        participation = register_with_answers(event=event, company=membership.company,
                                              delegates=form.cleaned_data["delegates"],
                                              attendance_mode=form.cleaned_data.get("attendance_mode",
                                                                                    AttendanceMode.ON_SITE),
                                              answers=answers_from(form))
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, registered_message(participation))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def participation(request, slug):
    """Delegates, unavailable slots and time zone of the user's participation (pending ones too)."""
    mine = own_participation_or_deny(request, slug)
    event = mine.event
    form = ParticipationForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participation(participation=mine, delegates=form.cleaned_data["delegates"],
                                          unavailable_slots=form.cleaned_data["unavailable_slots"],
                                          timezone_name=form.cleaned_data["time_zone"],
                                          attendance_mode=form.cleaned_data.get("attendance_mode"),
                                          listed_publicly=form.cleaned_data.get("listed_publicly"))
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your availability was saved."))
            return redirect("events:participation", slug=slug)
    return render(request, "events/participation.html", {
        "event": event, "participation": mine, "form": form, "answers": answer_sheet(mine, get_language()),
    })


@login_required
def participants(request, slug):
    mine = taking_part_or_deny(request, slug)
    others = approved_participants(mine.event).exclude(pk=mine.pk)
    participant_filter = ParticipantFilter(request.GET or None, queryset=others)
    page = Paginator(participant_filter.qs.distinct(), 20).get_page(request.GET.get("page"))
    open_requests, marks = partners_with_open_requests(mine), marks_of(mine.company)
    for other in page.object_list:
        other.open_request = open_requests.get(other.pk)
        other.mark = marks.get(other.company_id)
    return render(request, "events/participants.html", {
        "event": mine.event, "participation": mine, "filter": participant_filter, "page": page,
    })


@login_required
@require_http_methods(["GET", "POST"])
def request_meeting(request, slug, pk):
    mine = taking_part_or_deny(request, slug)
    recipient = get_object_or_404(approved_participants(mine.event), pk=pk)
    form = MeetingRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_meeting(requester=mine, recipient=recipient, message=form.cleaned_data["message"])
        except services.EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request was sent to %(company)s.") % {"company": recipient.company})
            return redirect("events:requests", slug=slug)
    return render(request, "events/request_form.html", {
        "event": mine.event, "participation": mine, "recipient": recipient, "form": form,
    })


@login_required
def requests(request, slug):
    mine = taking_part_or_deny(request, slug)
    all_requests = list(requests_of(mine))
    return render(request, "events/requests.html", {
        "event": mine.event, "participation": mine,
        "incoming": [r for r in all_requests if r.recipient_id == mine.pk],
        "outgoing": [r for r in all_requests if r.requester_id == mine.pk],
    })


def _own_request(mine: Participation, pk: int) -> MeetingRequest:
    """A request of the user's participation (either side); someone else's is a 404."""
    queryset = requests_of(mine).select_related("event")
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_POST
def accept_request(request, slug, pk):
    mine = taking_part_or_deny(request, slug)
    meeting_request = _own_request(mine, pk)
    try:
        meeting = services.accept_request(meeting_request=meeting_request, by=mine)
    except services.EventError as error:
        messages.error(request, str(error))
        return redirect("events:requests", slug=slug)
    if meeting.is_scheduled:
        messages.success(request, _("Accepted. The meeting is in your agenda."))
    else:
        messages.warning(request, _("Accepted, but there is no time slot where both of you are free. "
                                    "The organizer has been told and will place the meeting."))
    return redirect("events:agenda", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def decline_request(request, slug, pk):
    mine = taking_part_or_deny(request, slug)
    meeting_request = _own_request(mine, pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_request(meeting_request=meeting_request, by=mine, reason=form.cleaned_data["reason"])
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The request was declined."))
        return redirect("events:requests", slug=slug)
    return render(request, "events/decline_form.html", {
        "event": mine.event, "meeting_request": meeting_request, "form": form,
    })


@login_required
@require_POST
def cancel_request(request, slug, pk):
    mine = taking_part_or_deny(request, slug)
    meeting_request = _own_request(mine, pk)
    try:
        services.cancel_request(meeting_request=meeting_request, by=mine)
    except services.EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect("events:requests", slug=slug)


def _agenda_rows(mine: Participation):
    """Each meeting with its partner, whether the two need an interpreter, and for an online meeting its video
    room, the partner's local time zone and whether the time is outside either side's working day."""
    own_zone = zone_of(mine)
    rows = []
    for meeting in agenda_of(mine):
        own_side = meeting.request.requester_id == mine.pk
        partner_side = meeting.request.recipient if own_side else meeting.request.requester
        own = meeting.request.requester.company if own_side else meeting.request.recipient.company
        row = {"meeting": meeting, "partner": partner_side.company,
               "interpreter": not shares_language(own, partner_side.company)}
        if meeting.is_scheduled and meeting.is_online:
            partner_zone = zone_of(partner_side)
            start, end = meeting.slot.starts_at, meeting.slot.ends_at
            row |= {"video_url": room_url(meeting), "partner_tz": partner_zone,
                    "outside_own": outside_working_day(start, end, own_zone),
                    "outside_partner": outside_working_day(start, end, partner_zone)}
        rows.append(row)
    return rows


@login_required
def agenda(request, slug):
    mine = taking_part_or_deny(request, slug)
    return render(request, "events/agenda.html", {
        "event": mine.event, "participation": mine, "rows": agenda_links(mine, _agenda_rows(mine)),
        "viewer_tz": viewer_timezone(mine),
    })


@login_required
def agenda_ics(request, slug):
    mine = taking_part_or_deny(request, slug)
    calendar = agenda_calendar(mine, _agenda_rows(mine))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{mine.event.slug}-agenda.ics"'
    return response


@login_required
def notifications(request):
    if request.method == "POST":
        mark_all_read(request.user)
        return redirect("events:notifications")
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    zone = company_zone(request.membership.company if request.membership else None)
    return render(request, "events/notifications.html", {"page": page, "zone": zone})
