from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from companies.filters import FilterForm
from events.forms import EventFilter
from events.models import AttendanceMode
from events.permissions import can_manage_event
from events.selectors import participation_of, public_events, publicly_listed_participants, with_participant_counts
from events.services.announcements import received_announcements


def event_list(request):
    event_filter = EventFilter(request.GET or None, queryset=public_events())
    # Its ~250-country select rendered in Python, as the other list pages' filters (companies.filters.FilterForm).
    event_filter.form.renderer = FilterForm.default_renderer
    page = Paginator(event_filter.qs, 20).get_page(request.GET.get("page"))
    page.object_list = with_participant_counts(page.object_list)
    return render(request, "events/list.html", {"filter": event_filter, "page": page})


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
        "can_manage": can_manage_event(request.user, event),
        "registration_open": event.registration_is_open(),
        "attendance_modes": AttendanceMode.choices,
        "has_announcements": bool(participation) and received_announcements(participation.company, event).exists(),
    })
