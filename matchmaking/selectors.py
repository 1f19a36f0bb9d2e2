"""Reads for matchmaking: suggestions ranked by the score, and the pages that show them, complete.

A company's suggestions: candidates found and loaded in SQL (matchmaking.candidates), ranked exactly by the pure
score (matchmaking.scoring) with its reasons. Within an event there are at most a few thousand participants:
they are all loaded and scored in Python. The views call one selector per page (company_suggestion_page,
event_suggestion_page), which returns each suggestion with everything the page shows.
"""

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, partial

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from companies.models import Company, ModerationStatus, Sector
from events.models import (
    OPEN_REQUEST_STATUSES,
    EventStatus,
    MeetingRequest,
    Participation,
    ParticipationStatus,
    RequestStatus,
)
from matchmaking import candidates, suggestion_cache
from matchmaking.candidates import candidate_ids, load_profiles
from matchmaking.models import Introduction, Preference, PreferenceKind
from matchmaking.reasons import explain
from matchmaking.scoring import (
    A_OFFERS_B_REQUESTS,
    B_OFFERS_A_REQUESTS,
    NO_RELATION,
    NOT_INTERESTED_BY_A,
    NOT_INTERESTED_BY_B,
    Match,
    Profile,
    Reason,
    Relation,
    best_pairs,
    score,
    score_value,
)

# How many suggestions a page shows.
PAGE_SIZE = 20
# How many of an event's best pairs the organizer sees.
EVENT_PAIRS = 60


@dataclass
class Suggestion:
    """A suggested company for the viewer: its score, the viewer's mark on it and, when asked for (for the page
    shown), the score's reasons."""

    company_id: int
    score: int
    mark: str | None = None
    company: Company | None = None
    participation: Participation | None = None
    shared: Participation | None = None  # the partner's participation in an event both attend, not asked yet
    open_request: Participation | None = None  # else one where a request between them is open
    lines: list = field(default_factory=list)  # the reasons in words, for display
    # Computes the full match with its reasons: ranking needs only the number (scoring.score_value), and only a
    # page of the hundreds of companies scored is shown.
    scored: Callable[[], Match] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def match(self) -> Match:
        return self.scored()

    @property
    def must_meet(self) -> bool:
        return self.mark == PreferenceKind.MUST_MEET


def _suggestion(viewer: Profile, profile: Profile, relation: Relation, mark: str | None) -> Suggestion:
    return Suggestion(profile.id, score_value(viewer, profile, relation), mark,
                      scored=partial(score, viewer, profile, relation))


@dataclass
class PairSuggestion:
    """Two participants of an event who have not asked each other yet, seen by the organizer."""

    first: Participation
    second: Participation
    match: Match
    introduced_at: object = None
    lines: list = field(default_factory=list)


def marks_of(company: Company) -> dict[int, str]:
    """The company's own marks: other company id → preference kind."""
    return dict(Preference.objects.filter(company=company).values_list("other_id", "kind"))


def company_suggestions(company: Company) -> list[Suggestion]:
    """The ranked suggestions for an approved company: must-meet companies first, then by score.

    Companies it marked "not interested" are left out. Empty for a company that is not approved.
    """
    if company.status != ModerationStatus.APPROVED:
        return []
    viewer = load_profiles([company.pk]).get(company.pk)
    marks, relations = marks_and_relations(company.pk)
    left_out = {company.pk} | {pk for pk, kind in marks.items() if kind == PreferenceKind.NOT_INTERESTED}
    sector_ids = cache(candidates.all_sector_ids)  # read at most once for the three reads that may need them
    ids = set(candidate_ids(viewer, sector_ids))
    ids |= {pk for pk, kind in marks.items() if kind == PreferenceKind.MUST_MEET}
    ids -= left_out
    suggestions: dict[int, Suggestion] = {}

    def add(profiles):
        for pk, profile in profiles.items():
            suggestions[pk] = _suggestion(viewer, profile, relations.get(pk, NO_RELATION), marks.get(pk))

    add(load_profiles(ids))
    # The heuristic candidates give a cutoff; every company whose upper bound could still beat it is scored
    # too, best bound first, until no bound can (docs/matching.md, "The top 20 is exact"): first the companies
    # answering the viewer's entries, then, above the cutoff they raised, the others.
    seen = set(suggestions)
    for answering in (True, False):
        cutoff = _cutoff(suggestions.values())
        pending = candidates.contenders(viewer, floor=cutoff[0] if cutoff else 0, exclude=left_out | seen,
                                        answering=answering, sector_ids=sector_ids)
        seen |= {pk for _, pk in pending}
        while pending:
            cutoff = _cutoff(suggestions.values())
            if cutoff is not None:
                pending = [(bound, pk) for bound, pk in pending if (bound, -pk) > cutoff]
            batch, pending = pending[:CONTENDER_BATCH], pending[CONTENDER_BATCH:]
            add(load_profiles(pk for _, pk in batch))
    ranked = sorted(suggestions.values(), key=lambda s: (not s.must_meet, -s.score, s.company_id))
    return ranked


# Contenders are loaded and scored this many at a time, the cutoff rising between batches.
CONTENDER_BATCH = 48


def _cutoff(suggestions) -> tuple[int, int] | None:
    """(score, -id) of the PAGE_SIZE-th best suggestion that is not a must-meet (must-meets come first
    anyway), or None while there are fewer: a company can only enter the first page above it."""
    best = heapq.nsmallest(PAGE_SIZE, ((-s.score, s.company_id) for s in suggestions if not s.must_meet))
    if len(best) < PAGE_SIZE:
        return None
    negative, pk = best[-1]
    return -negative, -pk


def _relations_with(company_id: int, marks: dict[int, str]) -> dict[int, Relation]:
    """Relations of `company_id` with others: its own marks, their "not interested" marks on it, declined
    requests between them (at any event)."""
    return marks_and_relations(company_id, marks)[1]


def marks_and_relations(company_id: int, marks: dict[int, str] | None = None
                         ) -> tuple[dict[int, str], dict[int, Relation]]:
    """The company's own marks (read unless given) and its relations with others, in one query: every
    suggestions page needs both, and three round trips cost more than the reads."""
    preference, request = Preference._meta.db_table, MeetingRequest._meta.db_table
    participation = Participation._meta.db_table
    parts, params = [], []
    if marks is None:
        parts.append(f"SELECT 'mine', other_id, kind FROM {preference} WHERE company_id = %s")
        params.append(company_id)
    parts.append(f"SELECT 'theirs', company_id, kind FROM {preference} WHERE other_id = %s AND kind = %s")
    parts.append(f"SELECT 'declined', CASE WHEN a.company_id = %s THEN b.company_id ELSE a.company_id END, '' "
                 f"FROM {request} r JOIN {participation} a ON a.id = r.requester_id "
                 f"JOIN {participation} b ON b.id = r.recipient_id "
                 f"WHERE r.status = %s AND (a.company_id = %s OR b.company_id = %s)")
    params += [company_id, PreferenceKind.NOT_INTERESTED, company_id, RequestStatus.DECLINED, company_id, company_id]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    marks = {pk: kind for source, pk, kind in rows if source == "mine"} if marks is None else marks
    theirs = {pk for source, pk, _ in rows if source == "theirs"}
    declined_with = {pk for source, pk, _ in rows if source == "declined"}
    mine = {pk for pk, kind in marks.items() if kind == PreferenceKind.NOT_INTERESTED}
    return marks, {pk: Relation(pk in mine, pk in theirs, pk in declined_with) for pk in mine | theirs | declined_with}


def with_companies(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Attach the Company objects (with their sectors, which the cards list) to a page of suggestions: 2 queries."""
    companies = Company.objects.filter(pk__in=[s.company_id for s in suggestions]).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("name_en")))
    by_id = {c.pk: c for c in companies}
    for suggestion in suggestions:
        suggestion.company = by_id[suggestion.company_id]
    return suggestions


def marked_companies(company: Company) -> QuerySet[Preference]:
    """The company's marks with the marked companies, for the "your marks" list (undo)."""
    return Preference.objects.filter(company=company).select_related("other").order_by("kind", "other__name")


def sector_names() -> dict[int, Sector]:
    return {sector.pk: sector for sector in Sector.objects.all()}


# Inside an event -----------------------------------------------------------------------------------------------


def _event_company_ids(event) -> list[int]:
    return list(Participation.objects.taking_part().filter(event=event).values_list("company_id", flat=True))


def _requested_pairs(event) -> set[tuple[int, int]]:
    """(lower, higher) company id pairs with any meeting request at this event, whatever its status."""
    rows = MeetingRequest.objects.filter(event=event).values_list("requester__company_id",
                                                                  "recipient__company_id")
    return {(min(a, b), max(a, b)) for a, b in rows}


def event_suggestions(participation: Participation) -> list[Suggestion]:
    """The event's other approved participants, ranked for `participation`'s company.

    Left out: companies with any request with it at this event (it has already asked or been asked), and
    those it marked "not interested". Must-meet companies come first.
    """
    event = participation.event
    me = participation.company_id
    profiles = load_profiles(_event_company_ids(event))
    viewer = profiles.get(me)
    if viewer is None:
        return []
    marks = marks_of(participation.company)
    requested = {b if a == me else a for a, b in _requested_pairs(event) if me in (a, b)}
    relations = _relations_with(me, marks)
    suggestions = [
        _suggestion(viewer, profile, relations.get(pk, NO_RELATION), marks.get(pk))
        for pk, profile in profiles.items()
        if pk != me and pk not in requested and marks.get(pk) != PreferenceKind.NOT_INTERESTED
    ]
    suggestions.sort(key=lambda s: (not s.must_meet, -s.score, s.company_id))
    return suggestions


def with_participations(event, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Attach the participations (with their companies, sectors and languages) to a page: 3 queries."""
    participations = (
        Participation.objects.filter(event=event, company_id__in=[s.company_id for s in suggestions])
        .select_related("company")
        .prefetch_related(Prefetch("company__sectors", queryset=Sector.objects.order_by("name_en")),
                          "company__languages")
    )
    by_company = {p.company_id: p for p in participations}
    for suggestion in suggestions:
        suggestion.participation = by_company[suggestion.company_id]
        suggestion.company = suggestion.participation.company
    return suggestions


def event_pair_suggestions(event, *, limit: int = EVENT_PAIRS) -> list[PairSuggestion]:
    """The best-scoring pairs of approved participants who have not asked each other at this event.

    Each pair is scored as the lower of its two sides' scores (scoring.pair_score), so a "not interested"
    mark by either side counts. Already introduced pairs stay in the list, with the date of the introduction.
    """
    profiles = load_profiles(_event_company_ids(event))
    ids = list(profiles)
    relations: dict[tuple[int, int], Relation] = {}
    marks = Preference.objects.filter(company_id__in=ids, other_id__in=ids,
                                      kind=PreferenceKind.NOT_INTERESTED).values_list("company_id", "other_id")
    declined = MeetingRequest.objects.filter(
        status=RequestStatus.DECLINED, requester__company_id__in=ids, recipient__company_id__in=ids
    ).values_list("requester__company_id", "recipient__company_id")
    for a, b in marks:
        key = (min(a, b), max(a, b))
        current = relations.get(key, NO_RELATION)
        relations[key] = Relation(current.a_not_interested or a == key[0],
                                  current.b_not_interested or a == key[1], current.declined)
    for a, b in declined:
        key = (min(a, b), max(a, b))
        current = relations.get(key, NO_RELATION)
        relations[key] = Relation(current.a_not_interested, current.b_not_interested, True)
    pairs = best_pairs(list(profiles.values()), limit=limit, skip=_requested_pairs(event), relations=relations)
    wanted = {pk for _, a, b in pairs for pk in (a, b)}
    participations = {
        p.company_id: p for p in Participation.objects.filter(event=event, company_id__in=wanted)
        .select_related("company")
    }
    introduced = {
        (first, second): created_at for first, second, created_at in
        Introduction.objects.filter(event=event).values_list("first_id", "second_id", "created_at")
    }
    result = []
    for _, a, b in pairs:
        relation = relations.get((a, b), NO_RELATION)
        forward, backward = score(profiles[a], profiles[b], relation), score(profiles[b], profiles[a],
                                                                             relation.swapped())
        match = forward if forward.score <= backward.score else _mirrored(backward)
        result.append(PairSuggestion(participations[a], participations[b], match,
                                     introduced_at=introduced.get((a, b))))
    return result


def _mirrored(match: Match) -> Match:
    """A match scored from B's side, with its directional reasons renamed to read from A's side."""
    swap = {A_OFFERS_B_REQUESTS: B_OFFERS_A_REQUESTS, B_OFFERS_A_REQUESTS: A_OFFERS_B_REQUESTS,
            NOT_INTERESTED_BY_A: NOT_INTERESTED_BY_B, NOT_INTERESTED_BY_B: NOT_INTERESTED_BY_A}
    reasons = []
    for reason in match.reasons:
        params = dict(reason.params)
        if "countries" in params:
            params["countries"] = list(reversed(params["countries"]))
        reasons.append(Reason(swap.get(reason.code, reason.code), reason.points, params))
    return Match(match.score, tuple(reasons))


def with_shared_events(company: Company, suggestions: list[Suggestion]) -> list[Suggestion]:
    """Attach to each suggestion the partner's participation in the next published event both attend as
    approved participants where the two have no open request yet (`shared`, for the one-click "request a
    meeting" button), else the open request between them at such an event (`open_request`): 1 query."""
    mine = Participation.objects.filter(
        company=company, status=ParticipationStatus.APPROVED, event__status=EventStatus.PUBLISHED,
        event__start_date__gte=timezone.localdate(),
    ).values("event_id")
    open_with_us = MeetingRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).filter(
        Q(requester=OuterRef("pk"), recipient__company=company)
        | Q(recipient=OuterRef("pk"), requester__company=company))
    theirs = (
        Participation.objects.taking_part()
        .filter(event_id__in=mine, company_id__in=[s.company_id for s in suggestions])
        .annotate(open_request_status=Subquery(open_with_us.values("status")[:1]))
        .select_related("event")
        .order_by("event__start_date", "event_id")
    )
    shared: dict[int, Participation] = {}
    asked: dict[int, Participation] = {}
    for participation in theirs:
        if participation.open_request_status:
            asked.setdefault(participation.company_id, participation)
        else:
            shared.setdefault(participation.company_id, participation)
    for suggestion in suggestions:
        suggestion.shared = shared.get(suggestion.company_id)
        suggestion.open_request = None if suggestion.shared else asked.get(suggestion.company_id)
    return suggestions


# The pages ---------------------------------------------------------------------------------------------------


def company_suggestion_page(company: Company, page_number) -> Page:
    """One page of a company's suggestions, each with its company, its reasons in words and the next event
    both attend (for the one-click request).

    The ranking comes from the cache while no write could have changed it (matchmaking.suggestion_cache); the
    suggestions of the page are scored afresh, so what the page says is true now."""
    key = suggestion_cache.ranking_key(company.pk)
    ranking = suggestion_cache.read(key)
    if ranking is None:
        suggestions = company_suggestions(company)
        suggestion_cache.store(key, [(s.company_id, s.score, s.mark) for s in suggestions])
    else:
        suggestions = [Suggestion(pk, value, mark) for pk, value, mark in ranking]
    page = Paginator(suggestions, PAGE_SIZE).get_page(page_number)
    shown = with_companies(_rescored(company, list(page.object_list)))
    page.object_list = with_shared_events(company, _explained(shown))
    return page


def _rescored(company: Company, suggestions: list[Suggestion]) -> list[Suggestion]:
    """The suggestions from a cached ranking scored again from the current profiles, marks and relations (2
    queries; none for suggestions just ranked); those no longer approved are left out."""
    if all(s.scored for s in suggestions):
        return suggestions
    profiles = load_profiles([company.pk, *(s.company_id for s in suggestions)])
    viewer = profiles.get(company.pk)
    if viewer is None:
        return []
    marks, relations = marks_and_relations(company.pk)
    return [_suggestion(viewer, profiles[pk], relations.get(pk, NO_RELATION), marks.get(pk))
            for pk in (s.company_id for s in suggestions)
            if pk in profiles and marks.get(pk) != PreferenceKind.NOT_INTERESTED]


def event_suggestion_page(participation: Participation, page_number) -> Page:
    """One page of the suggestions inside an event, each with its participation, company and reasons."""
    page = Paginator(event_suggestions(participation), PAGE_SIZE).get_page(page_number)
    page.object_list = _explained(with_participations(participation.event, list(page.object_list)))
    return page


def _explained(suggestions: list[Suggestion]) -> list[Suggestion]:
    sectors = sector_names()
    for suggestion in suggestions:
        suggestion.lines = explain(suggestion.match, sectors=sectors)
    return suggestions
