"""Reads on events that views share, each with the joins its page needs."""

import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.cache import cache as shared_cache
from django.db import transaction
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, Sector
from events.models import (
    OPEN_REQUEST_STATUSES,
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participation,
    ParticipationStatus,
    RequestStatus,
)


def public_events() -> QuerySet[Event]:
    """Published events, soonest first, with their focus sectors. Lists show how many companies take part:
    with_participant_counts adds that to the events of a page."""
    return Event.objects.published().prefetch_related(
        Prefetch("focus_sectors", queryset=Sector.objects.order_by("name_en"))
    ).order_by("start_date", "title")


# Counting an event's participants joins each approved participation to its company (is it still listed?): ~8 ms
# for an event of 2,000 companies, on every list page that shows it. The counts are cached for a short while; a
# participation saved or deleted forgets its event's count at once, a company withdrawn shows after the timeout.
PARTICIPANT_COUNT_TIMEOUT = 60


def _participant_count_key(event_id: int) -> str:
    return f"events:participant-count:{event_id}"


def with_participant_counts(events) -> list[Event]:
    """The events, each with `participant_count`: its approved participants whose company is listed. One cache
    read, and one query for the events whose count is not cached."""
    events = list(events)
    cached = shared_cache.get_many([_participant_count_key(event.pk) for event in events])
    missing = [event.pk for event in events if _participant_count_key(event.pk) not in cached]
    if missing:
        counted = dict(
            Participation.objects.filter(event__in=missing, status=ParticipationStatus.APPROVED,
                                         company__status=Company.Status.APPROVED)
            .order_by().values_list("event").annotate(count=Count("pk")))
        fresh = {_participant_count_key(pk): counted.get(pk, 0) for pk in missing}
        shared_cache.set_many(fresh, PARTICIPANT_COUNT_TIMEOUT)
        cached |= fresh
    for event in events:
        event.participant_count = cached[_participant_count_key(event.pk)]
    return events


def forget_participant_count(instance, **kwargs) -> None:
    """A participation saved or deleted (connected in EventsConfig.ready()): its event's count is counted again."""
    key = _participant_count_key(instance.event_id)
    shared_cache.delete(key)
    # Again once committed, so that a read in between does not cache the old count for the whole timeout.
    transaction.on_commit(lambda: shared_cache.delete(key))


def participation_of(membership, event: Event) -> Participation | None:
    """The participation of the membership's company (request.membership) in the event, if any."""
    if not membership:
        return None
    return Participation.objects.select_related("company", "event").filter(
        event=event, company=membership.company).first()


def approved_participants(event: Event) -> QuerySet[Participation]:
    return (
        Participation.objects.taking_part().filter(event=event)
        .select_related("company")
        .prefetch_related(Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")),
                          "company__languages")
        .order_by("company__name")
    )


def publicly_listed_participants(event: Event) -> QuerySet[Participation]:
    """The participants shown on the event's public page (issue 17, item 8): those taking part whose company
    agreed to be listed (Participation.listed_publicly), with their sectors. Whether the list is shown at all is
    the organizer's choice (Event.public_participant_list), for the caller to check."""
    return (
        Participation.objects.taking_part().filter(event=event, listed_publicly=True)
        .select_related("company")
        .prefetch_related(Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")))
        .order_by("company__name")
    )


def requests_of(participation: Participation) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(Q(requester=participation) | Q(recipient=participation))
        .select_related("requester__company", "recipient__company", "meeting__slot", "meeting__table")
        .order_by("-created_at")
    )


def agenda_of(participation: Participation) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(Q(request__requester=participation) | Q(request__recipient=participation))
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "table", "request__requester__company", "request__recipient__company")
        .prefetch_related("request__requester__company__languages", "request__recipient__company__languages")
        .order_by("slot__starts_at", "pk")
    )


def booked_slots(participation: Participation) -> dict[int, list[str]]:
    """Slot id → the partner companies of the participant's meetings in that slot (scheduled, or already marked
    held or no-show: the seat was taken all the same)."""
    booked: dict[int, list[str]] = {}
    for meeting in agenda_of(participation).filter(slot__isnull=False).prefetch_related(None):
        request = meeting.request
        partner = request.recipient if request.requester_id == participation.pk else request.requester
        booked.setdefault(meeting.slot_id, []).append(partner.company.name)
    return booked


def live_meetings_of(participation_id: int) -> QuerySet[Meeting]:
    """The participation's meetings that are not cancelled (scheduled, or accepted and waiting for a slot)."""
    return Meeting.objects.filter(Q(request__requester=participation_id) | Q(request__recipient=participation_id)) \
        .exclude(status=MeetingStatus.CANCELLED)


# The organizer's pages ------------------------------------------------------------------------------------


def registrations(event: Event) -> QuerySet:
    """Every registration for the event, those awaiting a decision first, then by company name."""
    awaiting_first = Case(When(status=ParticipationStatus.PENDING, then=Value(0)), default=Value(1))
    return event.participations.select_related("company").order_by(awaiting_first, "company__name")


def request_counts(event: Event) -> list[tuple[str, int]]:
    """(status label, number of meeting requests) for every request status, zeros included."""
    rows = event.requests.order_by().values("status").annotate(count=Count("pk"))
    counts = {row["status"]: row["count"] for row in rows}
    return [(label, counts.get(status, 0)) for status, label in RequestStatus.choices]


def meeting_counts(event: Event) -> dict[str, int]:
    """Scheduled, unscheduled (accepted, waiting for a slot) and cancelled meetings of the event."""
    live = ~Q(status=MeetingStatus.CANCELLED)
    return event.meetings.aggregate(
        scheduled=Count("pk", filter=live & Q(slot__isnull=False)),
        unscheduled=Count("pk", filter=live & Q(slot__isnull=True)),
        cancelled=Count("pk", filter=~live),
    )


def event_meetings(event: Event) -> QuerySet:
    """The event's meetings with their slot, table and both companies; ordered by slot start, then table."""
    return event.meetings.select_related(
        "slot", "table", "request__requester__company", "request__recipient__company",
    )


@dataclass(frozen=True)
class PlanColumn:
    """A column of the plan: a table, or an online room (numbered per slot)."""

    label: str
    key: tuple[str, int]


def plan_columns(event: Event, meetings: list[Meeting]) -> list[PlanColumn]:
    """As many online rooms as the busiest slot uses (at least one at an event with online meetings, so that the
    organizer sees where they go), first: they are few, where a venue may have dozens of tables; then the tables."""
    columns = []
    if event.has_online:
        rooms = max((m.room for m in meetings if m.room is not None), default=1)
        columns += [PlanColumn(_("Online room %(number)s") % {"number": n}, ("room", n)) for n in range(1, rooms + 1)]
    if event.has_tables:
        columns += [PlanColumn(str(table), ("table", table.pk)) for table in event.tables.all()]
    return columns


def plan_grid(slots, columns: list[PlanColumn], meetings: list) -> list[tuple]:
    """[(slot, [the meeting in each column, or None])], one row per time slot."""
    at = {(meeting.slot_id, _place_key(meeting)): meeting for meeting in meetings if meeting.slot_id}
    return [(slot, [at.get((slot.pk, column.key)) for column in columns]) for slot in slots]


def _place_key(meeting: Meeting) -> tuple[str, int]:
    return ("room", meeting.room) if meeting.room is not None else ("table", meeting.table_id)


# Participants' pages -------------------------------------------------------------------------------------


def partners_with_open_requests(participation: Participation) -> dict[int, MeetingRequest]:
    """Participation id of the other side → the open request between them."""
    open_requests = MeetingRequest.objects.filter(
        Q(requester=participation) | Q(recipient=participation), status__in=["pending", "accepted"])
    return {(r.recipient_id if r.requester_id == participation.pk else r.requester_id): r for r in open_requests}


def have_accepted_meeting(a: Company, b: Company) -> bool:
    """Whether two companies have a meeting (an accepted request, not cancelled) at any event."""
    between = (Q(request__requester__company=a, request__recipient__company=b)
               | Q(request__requester__company=b, request__recipient__company=a))
    return Meeting.objects.filter(between).exclude(status=MeetingStatus.CANCELLED).exists()


def shares_language(a, b) -> bool:
    """Whether two companies (with languages prefetched) have a language in common."""
    return bool({lang.code for lang in a.languages.all()} & {lang.code for lang in b.languages.all()})


@cache
def _country_zones() -> dict[str, str]:
    """Country code → its first IANA zone in the system's zone.tab (the main one for most countries)."""
    zones: dict[str, str] = {}
    for root in zoneinfo.TZPATH:
        tab = Path(root) / "zone.tab"
        if tab.exists():
            for line in tab.read_text().splitlines():
                if line and not line.startswith("#"):
                    code, _coords, name, *_ = line.split("\t")
                    zones.setdefault(code, name)
            break
    return zones | {"VN": "Asia/Ho_Chi_Minh", "AZ": "Asia/Baku"}


def company_zone(company: Company | None) -> str:
    """The IANA zone of a company's country (UTC without a company): where its people read times."""
    return (_country_zones().get(company.country) if company else None) or "UTC"


def viewer_timezone(participation: Participation) -> zoneinfo.ZoneInfo:
    """The participant's own time zone: the one they chose, else their company's country's."""
    return zoneinfo.ZoneInfo(participation.time_zone or company_zone(participation.company))


# Home pages ----------------------------------------------------------------------------------------------------


def next_meetings_of(company: Company, *, limit: int = 5) -> list[Meeting]:
    """The company's scheduled meetings still to come, at every event, soonest first, each with `partner`."""
    mine = Q(request__requester__company=company) | Q(request__recipient__company=company)
    meetings = list(
        Meeting.objects.filter(mine, status=MeetingStatus.SCHEDULED, slot__starts_at__gte=timezone.now())
        .select_related("event", "slot", "table", "request__requester__company", "request__recipient__company")
        .order_by("slot__starts_at")[:limit])
    for meeting in meetings:
        request = meeting.request
        meeting.partner = (request.recipient if request.requester.company_id == company.pk else request.requester)\
            .company
    return meetings


def requests_awaiting(company: Company) -> QuerySet[MeetingRequest]:
    """Meeting requests sent to the company that wait for its answer, oldest first."""
    return (MeetingRequest.objects.filter(recipient__company=company, status=RequestStatus.PENDING)
            .select_related("event", "requester__company").order_by("created_at"))


def organized_events(user) -> QuerySet[Event]:
    """The events on the user's team (as organizer, co-organizer or viewer: events.services.team), those still to
    come first, with what needs the organizer: registrations to decide on and accepted meetings without a slot;
    `manages` is False on those the user only views (read-only)."""
    organizes = Event.organizers.through.objects.filter(event=OuterRef("pk"), user=user.pk)
    on_team = Q(pk__in=user.organized_events.values("pk")) | Q(pk__in=user.viewed_events.values("pk"))
    return (Event.objects.filter(on_team)
            .annotate(manages=Exists(organizes),
                      awaiting=Count("participations", filter=Q(participations__status=ParticipationStatus.PENDING),
                                     distinct=True),
                      unscheduled=Count("meetings", filter=Q(meetings__slot__isnull=True)
                                        & ~Q(meetings__status=MeetingStatus.CANCELLED), distinct=True))
            .order_by(Case(When(end_date__gte=timezone.localdate(), then=Value(0)), default=Value(1)), "start_date"))


def meeting_places(company: Company, viewer: Company | None) -> tuple[list[Participation], list[Participation]]:
    """Where the viewer's company can meet `company`: the participations of `company` in published events still to
    come, soonest first, split in two. First those where the viewer's company takes part too, each with
    `open_request` (the pending or accepted request between the two there, or None: the request flow refuses a
    second one); then the others, where the viewer would register first. Without a viewer company (anonymous, an
    organizer) all are in the second list. Three queries at most."""
    theirs = list(Participation.objects.taking_part()
                  .filter(company=company, event__status=Event.Status.PUBLISHED,
                          event__start_date__gte=timezone.localdate())
                  .select_related("event").order_by("event__start_date", "event__title"))
    if viewer is None or viewer.pk == company.pk or not theirs:
        return [], theirs
    mine = dict(Participation.objects.taking_part().filter(company=viewer, event__in=[p.event_id for p in theirs])
                .values_list("event_id", "pk"))
    shared = [p for p in theirs if p.event_id in mine]
    if shared:
        ours, partners = list(mine.values()), [p.pk for p in shared]
        between = Q(requester__in=ours, recipient__in=partners) | Q(recipient__in=ours, requester__in=partners)
        open_requests = {r.event_id: r for r in
                         MeetingRequest.objects.filter(between, status__in=OPEN_REQUEST_STATUSES)}
        for participation in shared:
            participation.open_request = open_requests.get(participation.event_id)
    return shared, [p for p in theirs if p.event_id not in mine]


# The organizer's search and selections (issue 17) ---------------------------------------------------------


def search_registrations(event: Event, *, query: str = "", status: str = "", answers=None) -> QuerySet:
    """The dashboard's registrations (as `registrations`) narrowed to a status, to the answers given to the
    registration questions (question id → answer: selectors_questions.with_answers) and to what matches `query`,
    by the site's accent-insensitive search (companies.search: "ca phe" finds "Cà Phê"), most relevant first when
    searched."""
    from companies.search import search as text_search
    from events.selectors_questions import with_answers

    participations = registrations(event)
    if status:
        participations = participations.filter(status=status)
    if answers:
        participations = with_answers(participations, answers)
    return text_search(participations, query, prefix="company__") if query.strip() else participations


def matching_participation_ids(event: Event, query: str) -> set[int]:
    """The ids of the event's participations whose company matches `query` (empty query: none); one query."""
    from companies.search import parse_query
    from companies.search import search as text_search

    if not parse_query(query):  # nothing searchable ("?!"): no company, rather than every one
        return set()
    return set(text_search(event.participations.all(), query, prefix="company__").values_list("pk", flat=True))
