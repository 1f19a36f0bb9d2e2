"""Finding and loading candidates in SQL: the first step of a company's suggestions (docs/matching.md).

Scoring every approved company in Python on each request does not scale (100,000 companies), and neither
does counting every company that shares a sector in SQL (a third of them share "agriculture"), so:

1. candidate_ids(): two SQL queries over indexes, each reading a bounded number of rows, find the companies
   whose entries answer ours and the companies with the same or a neighbouring set of sectors, in the
   cross-border partner country first — a few hundred candidates;
2. load_profiles() turns them into the plain profiles that the pure score (matchmaking.scoring) ranks exactly,
   in matchmaking.selectors.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from itertools import combinations

from django.db import connection
from django.utils import timezone

from companies.models import Company, Listing, ModerationStatus, Sector
from matchmaking.models import CandidateKey, sectors_key
from matchmaking.scoring import (
    COMPLEMENTARY_ROLES,
    MAX_SCORE,
    OFFER,
    REQUEST,
    WEIGHTS,
    Entry,
    Profile,
    _sector_points,
    complementary_roles,
    is_cross_border,
)

# Every role slug the score knows of (companies.Role), for the role part of the bound.
ALL_ROLES = frozenset(role for pair in COMPLEMENTARY_ROLES for role in pair)

# Profiles ----------------------------------------------------------------------------------------------------------


def load_profiles(company_ids: Iterable[int]) -> dict[int, Profile]:
    """Approved companies as plain profiles, in 2 queries whatever their number: their candidate keys (country,
    sectors, languages and roles, kept in step with the profile by matchmaking.signals) and their public
    marketplace entries.

    Raw SQL on purpose: this runs for a few hundred candidates on every suggestions page, and building the
    ORM's IN lookups value by value costs more than the queries themselves (docs/performance.md).
    """
    ids = sorted({int(pk) for pk in company_ids})
    if not ids:
        return {}
    marks = _placeholders(ids)
    keys = _rows(f"SELECT k.company_id, k.country, k.sectors, k.languages, k.roles "
                 f"FROM {CandidateKey._meta.db_table} k JOIN {Company._meta.db_table} c ON c.id = k.company_id "
                 f"WHERE c.status = %s AND k.company_id IN ({marks})", [ModerationStatus.APPROVED, *ids])
    entries: dict[int, list[Entry]] = defaultdict(list)
    for company_id, pk, kind, chapter, sector, title, targets, heading in _rows(
            f"SELECT company_id, id, kind, hs_chapter_id, sector_id, title, target_countries, hs_heading_id "
            f"FROM {Listing._meta.db_table} WHERE company_id IN ({marks}) AND status = %s AND expires_on >= %s",
            [*ids, ModerationStatus.APPROVED, timezone.localdate().isoformat()]):
        if isinstance(targets, str):  # SQLite returns the JSON text, PostgreSQL the decoded list
            targets = json.loads(targets)
        entries[company_id].append(Entry(pk, kind, chapter, sector, title, frozenset(targets or ()), heading))
    parsed: dict[tuple, frozenset] = {}  # hundreds of companies share a few dozen keys of each kind

    def members(key: str, kind=str) -> frozenset:
        if (kind, key) not in parsed:
            parsed[kind, key] = frozenset(kind(value) for value in key.strip(",").split(",") if value)
        return parsed[kind, key]

    return {
        pk: Profile(pk, country, members(sectors, int), members(languages), tuple(entries[pk]), members(roles))
        for pk, country, sectors, languages, roles in keys
    }


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Candidates -------------------------------------------------------------------------------------------------------


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


# How many candidates each part of candidate_ids() hands to the exact score: enough for a good first cutoff, which
# contenders() then makes exact (fewer profiles to load; measured in docs/performance.md).
COMPLEMENT_POOL = 30
COMPLEMENT_ROWS = 1500
BOTH_WAYS_POOL = 40
AFFINITY_POOLS = {"same_partner": 25, "near_partner": 15, "same_elsewhere": 8}


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


# Exactness ----------------------------------------------------------------------------------------------------
#
# candidate_ids() is a heuristic: it finds the likely best few hundred, not provably the best. contenders()
# closes the gap. Every part of the score is bounded from above by what the indexes tell without loading a
# profile: the sector, cross-border, language and role parts exactly (the candidate key holds the country,
# sectors, languages and roles), each complementarity part by the best level the company's entries of the
# opposite kind could meet ours at (the same heading or service sector 20, the same chapter where a side names
# no heading 10, else 0; _graded_answers); target countries, the competitor penalty and the marks only lower a
# score. A company whose bound cannot beat the current 20th best (score,
# then id) cannot enter the top 20, and is never loaded.


def contenders(viewer: Profile, *, floor: int, exclude: set[int]) -> list[tuple[int, int]]:
    """(bound, company id) of every approved company, not in `exclude`, whose score for `viewer` could reach
    `floor` (a score already reached by enough scored companies), best bound first, then by id.

    The bound is computed by the database (_bounded), separately for the companies of the cross-border partner
    country and for the others. In each: when not even the most that complementarity can add (20 per direction
    in which the viewer has entries) lets any set of sectors reach the floor, nothing is read; otherwise the
    companies with an entry answering ours, through the entries' indexes, and those without one from the sets
    of sectors that reach the floor without any complementarity, through the candidate-key index. The caller
    scores them in this order and stops where the bound falls below its cutoff.
    """
    today = timezone.localdate().isoformat()
    partner = next((c for c in ("VN", "AZ") if is_cross_border(viewer.country, c)), "")
    answers = [(direction, selects, values) for direction, theirs in enumerate((REQUEST, OFFER))
               for selects, values in [_graded_answers(viewer, theirs, today=today)] if selects]
    most_complement = WEIGHTS.complement * len(answers)
    most_else = WEIGHTS.languages + WEIGHTS.roles
    every_sector = cache(_all_sector_ids)  # read once, and only if a set of sectors is needed
    keys = CandidateKey._meta.db_table
    # (condition on the key `k`, its parameters, the cross-border points): the partner country, the rest; only
    # those where the most that complementarity could add lets some set of sectors reach the floor.
    classes = [("k.country = %s", [partner], WEIGHTS.cross_border), ("k.country <> %s", [partner], 0)] \
        if partner else [("1 = 1", [], 0)]
    classes = [(country, country_params, cross_border) for country, country_params, cross_border in classes
               if _sector_keys(viewer.sectors, floor - cross_border - most_else - most_complement, every_sector) != []]
    found: dict[int, int] = {}

    def read(complement: str, source: str, source_params: list) -> None:
        sql, params = _bounded(viewer, partner, floor, complement=complement, source=source,
                               source_params=source_params)
        found.update((pk, value) for pk, value in _rows(sql, params) if pk not in exclude and pk not in found)

    if answers and classes:
        # One read (the aggregation is the costly part) for the classes that can reach the floor.
        country, country_params = ("1 = 1", []) if len(classes) > 1 else classes[0][:2]
        points, points_params = _complement_points(answers)
        read("a.pts", f"{points} AS a JOIN {keys} k ON k.company_id = a.cid WHERE {country}",
             [*points_params, *country_params])
    for country, country_params, cross_border in classes:
        # The rest answer none of our entries: only sectors, cross-border, languages and roles can add up.
        wanted = _sector_keys(viewer.sectors, floor - cross_border - most_else, every_sector)
        if wanted is None:
            read("0", f"{keys} k WHERE {country}", country_params)
        elif wanted:
            read("0", f"{keys} k WHERE k.sectors IN ({_placeholders(wanted)}) AND {country}",
                 [*wanted, *country_params])
    return sorted(((min(value, MAX_SCORE), pk) for pk, value in found.items()), key=lambda item: (-item[0], item[1]))


def _complement_points(answers) -> tuple[str, list]:
    """A derived table (cid, pts) of the companies with entries answering the viewer's (`answers`, from
    _graded_answers per direction) and their complementarity points: per direction the best level, 20 for the
    same heading or service sector, 10 for the same chapter only; both directions in one aggregation."""
    parts, params, points = [], [], []
    for direction, selects, values in answers:
        parts.append(f"SELECT cid, lv, {direction} AS dir FROM ({' UNION ALL '.join(selects)}) AS answers{direction}")
        params += values
        points.append(f"CASE MAX(CASE WHEN dir = {direction} THEN lv ELSE 0 END) "
                      f"WHEN 2 THEN {int(WEIGHTS.complement)} WHEN 1 THEN {int(WEIGHTS.complement_chapter)} ELSE 0 END")
    return (f"(SELECT cid, {' + '.join(points)} AS pts FROM ({' UNION ALL '.join(parts)}) AS answers "
            f"WHERE lv > 0 GROUP BY cid)"), params


def _bounded(viewer: Profile, partner: str, floor: int, *, complement: str, source: str,
             source_params: list) -> tuple[str, list]:
    """SELECT (company id, upper bound of its score) from `source` (rows of the candidate keys `k`, with the
    complementarity points in the column `complement`) where the bound reaches `floor`: computed by the database,
    so that only contenders travel.

    The same parts as the score, from the key alone: the sector part (shared sectors over the union of both
    sets, rounded half up in integers as scoring._sector_points does), cross-border, a shared language, a
    complementary role. LIKE over the comma-delimited keys can only over-count (its wildcards), which keeps the
    bound a bound.
    """
    shared = " + ".join("CASE WHEN k.sectors LIKE %s THEN 1 ELSE 0 END" for _ in viewer.sectors) or "0"
    sector_params = [f"%,{pk},%" for pk in sorted(viewer.sectors)]
    languages = sorted(viewer.languages)
    roles = sorted({theirs for theirs in ALL_ROLES if complementary_roles(viewer.roles, frozenset({theirs}))})
    language_test = " OR ".join("k.languages LIKE %s" for _ in languages) or "1 = 0"
    role_test = " OR ".join("k.roles LIKE %s" for _ in roles) or "1 = 0"
    if set(roles) == ALL_ROLES:  # any role at all will do (a producer, exporter and forwarder complements all)
        role_test, roles = "k.roles <> ''", []
    # The sector count of a key is its number of commas less one (",1,6," holds 2).
    inner = (f"SELECT k.company_id AS cid, {complement} AS pts, {shared} AS shared, "
             f"LENGTH(k.sectors) - LENGTH(REPLACE(k.sectors, ',', '')) - 1 AS size, "
             f"CASE WHEN k.country = %s THEN {int(WEIGHTS.cross_border)} ELSE 0 END "
             f"+ CASE WHEN {language_test} THEN {int(WEIGHTS.languages)} ELSE 0 END "
             f"+ CASE WHEN {role_test} THEN {int(WEIGHTS.roles)} ELSE 0 END AS extra FROM {source}")
    union = f"(size + {len(viewer.sectors)} - shared)"
    sectors = (f"CASE WHEN shared = 0 THEN 0 ELSE (2 * {int(WEIGHTS.sectors)} * shared + {union}) / (2 * {union}) "
               f"END")
    # MATERIALIZED: each part once per row, where an inlined subquery would repeat `shared` in every use.
    sql = (f"WITH parts AS MATERIALIZED ({inner}) "
           f"SELECT cid, bound FROM (SELECT cid, pts + extra + {sectors} AS bound FROM parts) AS bounds "
           f"WHERE bound >= %s")
    params = [*sector_params, partner or "", *(f"%,{code},%" for code in languages),
              *(f"%,{slug},%" for slug in roles), *source_params, floor]
    return sql, params


def _graded_answers(viewer: Profile, theirs: str, *, today: str) -> tuple[list[str], list]:
    """Like _answers, with the best level each row could meet ours at (lv): 2 the same heading or a service
    sector, 1 the same chapter where one side names no heading, 0 only different headings (no meeting)."""
    listing = Listing._meta.db_table
    ours = [e for e in viewer.entries if e.kind == (OFFER if theirs == REQUEST else REQUEST)]
    parts, params = [], []
    chapters = sorted({e.chapter for e in ours if e.chapter is not None})
    if chapters:
        headings = sorted({e.heading for e in ours if e.heading is not None})
        open_chapters = sorted({e.chapter for e in ours if e.chapter is not None and e.heading is None})
        full = f"hs_heading_id IN ({_placeholders(headings)})" if headings else "1 = 0"
        partial = f"hs_chapter_id IN ({_placeholders(open_chapters)})" if open_chapters else "1 = 0"
        parts.append(f"SELECT company_id AS cid, CASE WHEN {full} THEN 2 WHEN hs_heading_id IS NULL OR {partial} "
                     f"THEN 1 ELSE 0 END AS lv FROM {listing} WHERE hs_chapter_id IN ({_placeholders(chapters)}) "
                     f"AND kind = %s AND status = %s AND expires_on >= %s")
        params += [*headings, *open_chapters, *chapters, theirs, ModerationStatus.APPROVED, today]
    services = sorted({e.sector for e in ours if e.chapter is None})
    if services:
        parts.append(f"SELECT company_id AS cid, 2 AS lv FROM {listing} WHERE sector_id IN "
                     f"({_placeholders(services)}) AND kind = %s AND status = %s AND expires_on >= %s "
                     f"AND hs_chapter_id IS NULL")
        params += [*services, theirs, ModerationStatus.APPROVED, today]
    return parts, params


def _sector_keys(sectors: frozenset[int], need: int, every_sector: Callable[[], list[int]]) -> list[str] | None:
    """The candidate-key strings of every set of sectors (of `every_sector()`) whose sector part for `sectors` is
    at least `need`; None when any set qualifies (including the empty one)."""
    if need <= 0:
        return None
    if not sectors:
        return []
    everything = sorted(every_sector())
    others = [pk for pk in everything if pk not in sectors]
    mine = sorted(sectors)
    wanted = []
    # A set is its shared part (non-empty) plus some others; the points only fall as the others grow, so the
    # search over the others stops at the first size that falls short.
    for shared_size in range(1, len(mine) + 1):
        for shared in combinations(mine, shared_size):
            for extra_size in range(len(others) + 1):
                union = len(mine) + extra_size
                if _sector_points(shared_size, union, WEIGHTS.sectors) < need:
                    break
                for extra in combinations(others, extra_size):
                    wanted.append(sectors_key((*shared, *extra)))
    return wanted


def _all_sector_ids() -> list[int]:
    return list(Sector.objects.values_list("pk", flat=True))
