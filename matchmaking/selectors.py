"""Reads for matchmaking: candidates found in SQL, companies turned into plain profiles, ranked by the score.

Scoring every approved company in Python on each request does not scale (100,000 companies), and neither
does counting every company that shares a sector in SQL (a third of them share "agriculture"), so a company's
suggestions are made in two steps (docs/matching.md, docs/performance.md):

1. candidate_ids(): two SQL queries over indexes, each reading a bounded number of rows, find the companies
   whose entries answer ours and the companies with the same or a neighbouring set of sectors, in the
   cross-border partner country first — a few hundred candidates;
2. the pure score (matchmaking.scoring) ranks them exactly, with its reasons.

Within an event there are at most a few thousand participants: they are all loaded and scored in Python.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from companies.models import Company, Listing, ModerationStatus, Sector
from events.models import EventStatus, MeetingRequest, Participation, ParticipationStatus, RequestStatus
from matchmaking.models import CandidateKey, Introduction, Preference, PreferenceKind, sectors_key
from matchmaking.scoring import (
    A_OFFERS_B_REQUESTS,
    B_OFFERS_A_REQUESTS,
    NO_RELATION,
    NOT_INTERESTED_BY_A,
    NOT_INTERESTED_BY_B,
    OFFER,
    REQUEST,
    WEIGHTS,
    Entry,
    Match,
    Profile,
    Reason,
    Relation,
    best_pairs,
    is_cross_border,
    score,
)

# How many suggestions a page shows.
PAGE_SIZE = 20
# How many of an event's best pairs the organizer sees.
EVENT_PAIRS = 60


@dataclass
class Suggestion:
    """A suggested company for the viewer, with the score's reasons and the viewer's mark on it."""

    company_id: int
    match: Match
    mark: str | None = None
    company: Company | None = None
    participation: Participation | None = None
    shared: Participation | None = None  # the partner's participation in an event both attend
    lines: list = field(default_factory=list)  # the reasons in words, for display

    @property
    def must_meet(self) -> bool:
        return self.mark == PreferenceKind.MUST_MEET


@dataclass
class PairSuggestion:
    """Two participants of an event who have not asked each other yet, seen by the organizer."""

    first: Participation
    second: Participation
    match: Match
    introduced_at: object = None
    lines: list = field(default_factory=list)


# Profiles ------------------------------------------------------------------------------------------------------


def load_profiles(company_ids: Iterable[int]) -> dict[int, Profile]:
    """Approved companies as plain profiles, in 4 queries whatever their number: country, sectors, languages
    and their public marketplace entries.

    Raw SQL on purpose: this runs for a few hundred candidates on every suggestions page, and building the
    ORM's IN lookups value by value costs more than the queries themselves (docs/performance.md).
    """
    ids = sorted({int(pk) for pk in company_ids})
    if not ids:
        return {}
    marks = _placeholders(ids)
    countries = dict(_rows(f"SELECT id, country FROM {Company._meta.db_table} WHERE status = %s AND id IN ({marks})",
                           [ModerationStatus.APPROVED, *ids]))
    sectors: dict[int, set[int]] = defaultdict(set)
    for company_id, sector_id in _rows(
            f"SELECT company_id, sector_id FROM {Company.sectors.through._meta.db_table} "
            f"WHERE company_id IN ({marks})", ids):
        sectors[company_id].add(sector_id)
    languages: dict[int, set[str]] = defaultdict(set)
    for company_id, code in _rows(
            f"SELECT company_id, language_id FROM {Company.languages.through._meta.db_table} "
            f"WHERE company_id IN ({marks})", ids):
        languages[company_id].add(code)
    entries: dict[int, list[Entry]] = defaultdict(list)
    for company_id, pk, kind, chapter, sector, title, targets in _rows(
            f"SELECT company_id, id, kind, hs_chapter_id, sector_id, title, target_countries "
            f"FROM {Listing._meta.db_table} WHERE company_id IN ({marks}) AND status = %s AND expires_on >= %s",
            [*ids, ModerationStatus.APPROVED, timezone.localdate().isoformat()]):
        if isinstance(targets, str):  # SQLite returns the JSON text, PostgreSQL the decoded list
            targets = json.loads(targets)
        entries[company_id].append(Entry(pk, kind, chapter, sector, title, frozenset(targets or ())))
    return {
        pk: Profile(pk, country, frozenset(sectors[pk]), frozenset(languages[pk]), tuple(entries[pk]))
        for pk, country in countries.items()
    }


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# A company's suggestions ---------------------------------------------------------------------------------------


def candidate_ids(viewer: Profile) -> list[int]:
    """Companies worth scoring for `viewer`, found in SQL through indexes, without reading every company.

    Three queries, each reading a bounded number of index rows:

    1. complementary entries: companies with a public entry answering one of the viewer's (their request for
       a chapter we offer, their offer for a chapter we request; services by sector), at most
       COMPLEMENT_ROWS index rows per part, counted per company and ordered by a rough score —
       WEIGHTS.complement per matching entry, the cross-border bonus, WEIGHTS.sectors when the sector sets are
       equal — best COMPLEMENT_POOL first;
    2. both ways: companies answering the viewer in both directions (an INTERSECT), the strongest and rarest
       complement, which the capped reads of 1. could miss — best BOTH_WAYS_POOL by the same rough score;
    3. affinity: companies with the viewer's exact set of sectors (Jaccard 1) or a neighbouring set (one
       sector more or less), from the candidate-key index, in the cross-border partner country first.

    A company found by none of them can score at most WEIGHTS.cross_border + WEIGHTS.languages, or a little
    more with a shared sector in a distant sector set (docs/matching.md). The exact score then ranks the
    union; the viewer, companies it marked "not interested" and unapproved companies are dropped later.
    """
    today = timezone.localdate().isoformat()
    partner = next((c for c in ("VN", "AZ") if is_cross_border(viewer.country, c)), "")
    own_key = sectors_key(viewer.sectors)
    ids: list[int] = []
    with connection.cursor() as cursor:
        sql, params = _complement_sql(viewer, today=today, partner=partner, own_key=own_key)
        if sql:
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
        sql, params = _both_ways_sql(viewer, today=today, partner=partner, own_key=own_key)
        if sql:
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
        sql, params = _affinity_sql(viewer, partner=partner, own_key=own_key)
        if sql:
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
    return list(dict.fromkeys(ids))


# How many candidates each part of candidate_ids() hands to the exact score.
COMPLEMENT_POOL = 120
COMPLEMENT_ROWS = 1500
BOTH_WAYS_POOL = 150
AFFINITY_POOLS = {"same_partner": 100, "near_partner": 60, "same_elsewhere": 30}


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _answers(viewer: Profile, theirs: str, *, today: str) -> tuple[list[str], list]:
    """SELECTs of the companies with a public entry of kind `theirs` answering the viewer's entries of the
    other kind: goods by HS chapter, services by sector (each read from a covering index)."""
    listing = Listing._meta.db_table
    ours = [e for e in viewer.entries if e.kind == (OFFER if theirs == REQUEST else REQUEST)]
    parts, params = [], []
    chapters = sorted({e.chapter for e in ours if e.chapter is not None})
    if chapters:
        parts.append(f"SELECT company_id AS cid FROM {listing} WHERE hs_chapter_id IN ({_placeholders(chapters)}) "
                     f"AND kind = %s AND status = %s AND expires_on >= %s")
        params += [*chapters, theirs, ModerationStatus.APPROVED, today]
    services = sorted({e.sector for e in ours if e.chapter is None})
    if services:
        parts.append(f"SELECT company_id AS cid FROM {listing} WHERE sector_id IN ({_placeholders(services)}) "
                     f"AND kind = %s AND status = %s AND expires_on >= %s AND hs_chapter_id IS NULL")
        params += [*services, theirs, ModerationStatus.APPROVED, today]
    return parts, params


def _complement_sql(viewer: Profile, *, today, partner: str, own_key: str) -> tuple[str, list]:
    keys = CandidateKey._meta.db_table
    parts, params = [], []
    for theirs in (REQUEST, OFFER):
        more, values = _answers(viewer, theirs, today=today)
        parts += more
        params += values
    if not parts:
        return "", []
    # Each part reads at most COMPLEMENT_ROWS index rows: a popular chapter or service sector has thousands of
    # answers, all worth about the same, and the exact score sorts out the few hundred read.
    parts = [f"SELECT cid FROM ({part} LIMIT {int(COMPLEMENT_ROWS)}) AS part{i}" for i, part in enumerate(parts)]
    # Count per company first, then look each company's key up by its primary key (a join would make
    # PostgreSQL hash the whole key table).
    sql = (
        f"SELECT g.cid FROM (SELECT cid, COUNT(*) AS n FROM ({' UNION ALL '.join(parts)}) s "
        f"WHERE cid <> %s GROUP BY cid) g "
        f"ORDER BY g.n * {int(WEIGHTS.complement)} + COALESCE((SELECT "
        f"CASE WHEN k.country = %s THEN {int(WEIGHTS.cross_border)} ELSE 0 END "
        f"+ CASE WHEN k.sectors = %s THEN {int(WEIGHTS.sectors)} ELSE 0 END "
        f"FROM {keys} k WHERE k.company_id = g.cid), 0) DESC, g.cid "
        f"LIMIT {int(COMPLEMENT_POOL)}"
    )
    return sql, [*params, viewer.id, partner, own_key]


def _both_ways_sql(viewer: Profile, *, today: str, partner: str, own_key: str) -> tuple[str, list]:
    """Companies whose entries answer the viewer's in both directions (their requests for our offers and
    their offers for our requests): the rarest and strongest complement, which the capped reads of
    _complement_sql could miss. An INTERSECT of two index-only reads."""
    requests, request_params = _answers(viewer, REQUEST, today=today)
    offers, offer_params = _answers(viewer, OFFER, today=today)
    if not (requests and offers):
        return "", []
    keys = CandidateKey._meta.db_table
    sql = (f"SELECT b.cid FROM (SELECT cid FROM ({' UNION ALL '.join(requests)}) r INTERSECT "
           f"SELECT cid FROM ({' UNION ALL '.join(offers)}) o) AS b WHERE b.cid <> %s "
           f"ORDER BY COALESCE((SELECT CASE WHEN k.country = %s THEN {int(WEIGHTS.cross_border)} ELSE 0 END "
           f"+ CASE WHEN k.sectors = %s THEN {int(WEIGHTS.sectors)} ELSE 0 END "
           f"FROM {keys} k WHERE k.company_id = b.cid), 0) DESC, b.cid LIMIT {int(BOTH_WAYS_POOL)}")
    return sql, [*request_params, *offer_params, viewer.id, partner, own_key]


def _affinity_sql(viewer: Profile, *, partner: str, own_key: str) -> tuple[str, list]:
    if not viewer.sectors:
        return "", []
    keys = CandidateKey._meta.db_table
    all_sectors = set(Sector.objects.values_list("pk", flat=True))
    near = sorted({sectors_key(viewer.sectors | {pk}) for pk in all_sectors - viewer.sectors}
                  | {sectors_key(viewer.sectors - {pk}) for pk in viewer.sectors if len(viewer.sectors) > 1})
    selects, params = [], []

    def select(condition, values, limit):
        selects.append(f"SELECT company_id FROM (SELECT company_id FROM {keys} WHERE {condition} "
                       f"AND company_id <> %s LIMIT {int(limit)}) AS part{len(selects)}")
        params.extend([*values, viewer.id])

    if partner:
        select("sectors = %s AND country = %s", [own_key, partner], AFFINITY_POOLS["same_partner"])
        if near:
            select(f"sectors IN ({_placeholders(near)}) AND country = %s", [*near, partner],
                   AFFINITY_POOLS["near_partner"])
        select("sectors = %s AND country <> %s", [own_key, partner], AFFINITY_POOLS["same_elsewhere"])
    else:
        select("sectors = %s", [own_key], AFFINITY_POOLS["same_partner"])
        if near:
            select(f"sectors IN ({_placeholders(near)})", near, AFFINITY_POOLS["near_partner"])
    return " UNION ALL ".join(selects), params


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
    marks = marks_of(company)
    ids = set(candidate_ids(viewer))
    ids |= {pk for pk, kind in marks.items() if kind == PreferenceKind.MUST_MEET}
    ids.discard(company.pk)
    profiles = load_profiles(ids)
    relations = _relations_with(company.pk, marks)
    suggestions = [
        Suggestion(pk, score(viewer, profile, relations.get(pk, NO_RELATION)), marks.get(pk))
        for pk, profile in profiles.items()
        if marks.get(pk) != PreferenceKind.NOT_INTERESTED
    ]
    suggestions.sort(key=lambda s: (not s.must_meet, -s.match.score, s.company_id))
    return suggestions


def _relations_with(company_id: int, marks: dict[int, str]) -> dict[int, Relation]:
    """Relations of `company_id` with others: its own marks, their "not interested" marks on it, declined
    requests between them (at any event)."""
    theirs = set(Preference.objects.filter(other_id=company_id, kind=PreferenceKind.NOT_INTERESTED)
                 .values_list("company_id", flat=True))
    declined = MeetingRequest.objects.filter(status=RequestStatus.DECLINED).filter(
        Q(requester__company_id=company_id) | Q(recipient__company_id=company_id)
    ).values_list("requester__company_id", "recipient__company_id")
    declined_with = {b if a == company_id else a for a, b in declined}
    mine = {pk for pk, kind in marks.items() if kind == PreferenceKind.NOT_INTERESTED}
    return {
        pk: Relation(pk in mine, pk in theirs, pk in declined_with)
        for pk in mine | theirs | declined_with
    }


def with_companies(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Attach the Company objects (with sectors and languages) to a page of suggestions: 3 queries."""
    companies = Company.objects.filter(pk__in=[s.company_id for s in suggestions]).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("name_en")), "languages")
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
        Suggestion(pk, score(viewer, profile, relations.get(pk, NO_RELATION)), marks.get(pk))
        for pk, profile in profiles.items()
        if pk != me and pk not in requested and marks.get(pk) != PreferenceKind.NOT_INTERESTED
    ]
    suggestions.sort(key=lambda s: (not s.must_meet, -s.match.score, s.company_id))
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
    approved participants (`shared`, or None), for the one-click "request a meeting" button: 1 query."""
    mine = Participation.objects.filter(
        company=company, status=ParticipationStatus.APPROVED, event__status=EventStatus.PUBLISHED,
        event__start_date__gte=timezone.localdate(),
    ).values("event_id")
    theirs = (
        Participation.objects.taking_part()
        .filter(event_id__in=mine, company_id__in=[s.company_id for s in suggestions])
        .select_related("event")
        .order_by("event__start_date", "event_id")
    )
    shared: dict[int, Participation] = {}
    for participation in theirs:
        shared.setdefault(participation.company_id, participation)
    for suggestion in suggestions:
        suggestion.shared = shared.get(suggestion.company_id)
    return suggestions
