from django.shortcuts import render
from django.utils import timezone

from companies.fragments import PUBLIC_GENERATION
from companies.selectors import listing_counts, public_counts
from config.fragments import cached_fragments
from events.list_cache import LIST_GENERATION
from events.selectors import (
    company_zone,
    next_meetings_of,
    organized_events,
    public_events,
    requests_awaiting,
    with_participant_counts,
)
from events.story_cache import STORIES_GENERATION
from events.story_selectors import featured_stories
from matchmaking.selectors import company_suggestion_page


def home(request):
    """A visitor gets the site's presentation; a signed-in user their own home (`_my_home`) above it."""
    context = _public_home() | (_my_home(request) if request.user.is_authenticated else {})
    return render(request, "home.html", context)


def _my_home(request) -> dict:
    """What needs the user now: for a company its next meetings, the requests waiting for its answer, its best
    suggestions and the state of its profile and entries; for an organizer its events and what needs doing."""
    context = {}
    if request.membership:
        company = request.membership.company
        context |= {
            "next_meetings": next_meetings_of(company),
            "viewer_zone": company_zone(company),
            "requests_awaiting": list(requests_awaiting(company)[:5]),
            "listing_counts": listing_counts(company),
            "top_suggestions": company_suggestion_page(company, 1).object_list[:3] if company.is_public else [],
        }
    # Co-organizers and viewers have no organizer role of their own, only their events (events.services.team).
    context["my_events"] = list(organized_events(request.user)[:5])
    return context


def _public_home() -> dict:
    """The presentation, numbers, upcoming events, stories and sectors: the same for every reader, so rendered
    once and cached (config.fragments) until a company, an event or a story changes."""
    return cached_fragments(
        "home", generation_keys=[PUBLIC_GENERATION, LIST_GENERATION, STORIES_GENERATION], vary=[],
        templates={"intro": "includes/home_intro.html", "public": "includes/home_public.html"},
        context=_public_home_context,
    )


def _public_home_context() -> dict:
    # The numbers are cached (companies.selectors.public_counts): counting 100,000 companies by sector took
    # ~150 ms a request.
    upcoming = with_participant_counts(public_events().filter(end_date__gte=timezone.now().date())[:3])
    return {**public_counts(), "upcoming_events": upcoming, "featured_stories": featured_stories()}
