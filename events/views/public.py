from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from companies.filters import FilterForm
from events.forms import EventFilter, RegisterForm
from events.list_cache import event_list_fragments
from events.models import AttendanceMode
from events.permissions import can_view_event
from events.selectors import participation_of, public_events, publicly_listed_participants, with_participant_counts
from events.selectors_questions import event_questions
from events.services.announcements import received_announcements


def event_list(request):
    # The filters and results are the same for every reader of this address: cached (events.list_cache).
    def context():
        event_filter = EventFilter(request.GET or None, queryset=public_events())
        # Its ~250-country select rendered in Python, as the other list pages' filters (companies.filters.FilterForm).
        event_filter.form.renderer = FilterForm.default_renderer
        page = Paginator(event_filter.qs, 20).get_page(request.GET.get("page"))
        page.object_list = with_participant_counts(page.object_list)
        return {"request": request, "filter": event_filter, "page": page}

    return render(request, "events/list.html", event_list_fragments(
        request, templates={"body": "events/includes/list_body.html"}, context=context))


def event_detail(request, slug):
    event = get_object_or_404(public_events().prefetch_related("sessions"), slug=slug)
    participation = participation_of(request.membership, event)
    listed = None
    if event.public_participant_list:  # who is coming, before registering: only the companies that agreed
        listed = list(publicly_listed_participants(event))
        with_participant_counts([event])
    return render(request, "events/detail.html", {
        "listed_participants": listed,
        "event": event,
        "participation": participation,
        # The link to the organizer's dashboard: for the event's viewers too, who read it without its controls.
        "can_manage": can_view_event(request.user, event),
        "registration_open": event.registration_is_open(),
        "attendance_modes": AttendanceMode.choices,
        "has_announcements": bool(participation) and received_announcements(participation.company, event).exists(),
        # The organizer's questions, answered in the registration form (none asked of a visitor not signed in).
        "register_form": RegisterForm(event=event, questions=event_questions(event, get_language()))
        if request.user.is_authenticated and event.registration_is_open() else None,
    })
