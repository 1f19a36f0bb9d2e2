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

from companies.models import KEY_COPIES, Company, Listing, ModerationStatus, Sector
from matchmaking.models import MASK_BITS, CandidateKey, mask_bit, mask_of, sectors_key
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
    """Approved companies as plain profiles, in 1 query whatever their number: their candidate keys (country,
    sectors, languages and roles, kept in step with the profile by matchmaking.signals), each joined to its
    public marketplace entries (one row per entry, or one without an entry).

    Raw SQL on purpose: this runs for a few hundred candidates on every suggestions page, and building the
    ORM's IN lookups value by value costs more than the queries themselves (docs/performance.md).
    """
    ids = sorted({int(pk) for pk in company_ids})
    if not ids:
        return {}
    rows = _rows(
        f"SELECT k.company_id, k.country, k.sectors, k.languages, k.roles, l.id, l.kind, l.hs_chapter_id, "
        f"l.sector_id, l.title, l.target_countries, l.hs_heading_id "
        f"FROM {CandidateKey._meta.db_table} k JOIN {Company._meta.db_table} c ON c.id = k.company_id "
        f"LEFT JOIN {Listing._meta.db_table} l ON l.company_id = k.company_id AND l.status = %s "
        f"AND l.expires_on >= %s WHERE c.status = %s AND k.company_id IN ({_placeholders(ids)})",
        [ModerationStatus.APPROVED, timezone.localdate().isoformat(), ModerationStatus.APPROVED, *ids])
    keys: dict[int, tuple] = {}
    entries: dict[int, list[Entry]] = defaultdict(list)
    for company_id, country, sectors, languages, roles, pk, kind, chapter, sector, title, targets, heading in rows:
        keys[company_id] = (country, sectors, languages, roles)
        if pk is None:  # a company without a public entry
            continue
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
        for pk, (country, sectors, languages, roles) in keys.items()
    }


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Candidates -------------------------------------------------------------------------------------------------------


def candidate_ids(viewer: Profile, sector_ids: Callable[[], list[int]] | None = None) -> list[int]:
    """Companies worth scoring for `viewer`, found in SQL through indexes, without reading every company.

    Two queries, each reading a bounded number of index rows:

    1. both ways: companies answering the viewer in both directions (their requests for our offers and their
       offers for our requests, an INTERSECT), the strongest and rarest complement — best BOTH_WAYS_POOL by a
       rough score (the cross-border bonus, WEIGHTS.sectors when the sector sets are equal);
    2. affinity: companies with the viewer's exact set of sectors (Jaccard 1) or a neighbouring set (one
       sector more or less), from the candidate-key index, in the cross-border partner country first.

    They only give a first cutoff: contenders() then brings in every company that could beat it, those
    answering one of the viewer's entries first (docs/matching.md). The viewer, companies it marked "not
    interested" and unapproved companies are dropped later. `sector_ids`: every sector id (read when None).
    """
    today = timezone.localdate().isoformat()
    partner = next((c for c in ("VN", "AZ") if is_cross_border(viewer.country, c)), "")
    own_key = sectors_key(viewer.sectors)
    ids: list[int] = []
    with connection.cursor() as cursor:
        sql, params = _both_ways_sql(viewer, today=today, partner=partner, own_key=own_key)
        if sql:
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
        sql, params = _affinity_sql(viewer, partner=partner, own_key=own_key,
                                    sector_ids=sector_ids or all_sector_ids)
        if sql:
            cursor.execute(sql, params)
            ids += [row[0] for row in cursor.fetchall()]
    return list(dict.fromkeys(ids))


# How many candidates each part of candidate_ids() hands to the exact score: enough for a good first cutoff, which
# contenders() then makes exact (fewer profiles to load; measured in docs/performance.md). The companies answering
# one of the viewer's entries in one direction only are not among them: contenders() reads them all anyway.
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


def _both_ways_sql(viewer: Profile, *, today: str, partner: str, own_key: str) -> tuple[str, list]:
    """Companies whose entries answer the viewer's in both directions (their requests for our offers and
    their offers for our requests): the rarest and strongest complement. An INTERSECT of two index-only
    reads."""
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


def _affinity_sql(viewer: Profile, *, partner: str, own_key: str,
                  sector_ids: Callable[[], list[int]]) -> tuple[str, list]:
    if not viewer.sectors:
        return "", []
    keys = CandidateKey._meta.db_table
    all_sectors = set(sector_ids())
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


def contenders(viewer: Profile, *, floor: int, exclude: set[int], answering: bool,
               sector_ids: Callable[[], list[int]] | None = None) -> list[tuple[int, int]]:
    """(bound, company id) of the approved companies, not in `exclude`, whose score for `viewer` could reach
    `floor` (a score already reached by enough scored companies), best bound first, then by id: those with an
    entry answering one of the viewer's (`answering`), or the others.

    The two are read apart so that the caller can score the first, whose bounds are the highest, before reading
    the second with the cutoff they raised: the fewer sets of sectors then qualify.

    The bound is computed by the database (_bounded), separately for the companies of the cross-border partner
    country and for the others. In each: when not even the most that complementarity can add (20 per direction
    in which the viewer has entries) lets any set of sectors reach the floor, nothing is read; otherwise the
    companies with an entry answering ours, through the entries' indexes, or those from the sets of sectors that
    reach the floor without any complementarity, through the candidate-key index (which may return answering
    companies too, bounded as if they were not: the caller excludes those the first read returned). The caller
    scores them in this order and stops where the bound falls below its cutoff.
    """
    today = timezone.localdate().isoformat()
    partner = next((c for c in ("VN", "AZ") if is_cross_border(viewer.country, c)), "")
    answers = [(direction, selects, values) for direction, theirs in enumerate((REQUEST, OFFER))
               for selects, values in [_graded_answers(viewer, theirs, today=today)] if selects]
    most_complement = WEIGHTS.complement * len(answers)
    most_else = WEIGHTS.languages + WEIGHTS.roles
    every_sector = sector_ids or cache(all_sector_ids)  # read once, and only if a set of sectors is needed
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

    if answering and answers and classes:
        # One read (the aggregation is the costly part) for the classes that can reach the floor. The keys come
        # from the entries' copies (companies.models.KEY_COPIES), in the same index rows: no lookup per company.
        # A company whose copy is missing (country NULL) belongs to every class.
        country, country_params = ("1 = 1", []) if len(classes) > 1 else classes[0][:2]
        # Complementarity a company needs to reach the floor even with every other part at its most: the
        # companies that fall short are dropped in the aggregation.
        needed = floor - max(cross_border for *_, cross_border in classes) - most_else - WEIGHTS.sectors
        points, points_params = _complement_points(answers, needed=needed)
        read("k.pts", f"{points} AS k WHERE (k.country IS NULL OR {country})", [*points_params, *country_params])
    for country, country_params, cross_border in classes if not answering else ():
        # Only sectors, cross-border, languages and roles can add up.
        wanted = _sector_keys(viewer.sectors, floor - cross_border - most_else, every_sector)
        if wanted is None:
            read("0", f"{keys} k WHERE {country}", country_params)
        elif wanted:
            read("0", f"{keys} k WHERE k.sectors IN ({_placeholders(wanted)}) AND {country}",
                 [*wanted, *country_params])
    return sorted(((min(value, MAX_SCORE), pk) for pk, value in found.items()), key=lambda item: (-item[0], item[1]))


# Every bit of a mask set: what a missing copy of a mask is read as (a bound must never fall short).
ALL_BITS = (1 << MASK_BITS) - 1


def _complement_points(answers, *, needed: int = 1) -> tuple[str, list]:
    """A derived table of the companies with entries answering the viewer's (`answers`, from _graded_answers per
    direction): their complementarity points (pts: per direction the best level, 20 for the same heading or
    service sector, 10 for the same chapter only; both directions in one aggregation) and their candidate key
    from the entries' copies, named as CandidateKey's columns (company_id, country, the masks and sector_count;
    a missing copy as every bit set, the country and the count NULL). Only the companies with at least `needed`
    points (and at least one)."""
    parts, params, points = [], [], []
    for direction, selects, values in answers:
        parts.append(f"SELECT cid, lv, {direction} AS dir, {', '.join(KEY_COPIES)} "
                     f"FROM ({' UNION ALL '.join(selects)}) AS answers{direction}")
        params += values
        points.append(f"CASE MAX(CASE WHEN dir = {direction} THEN lv ELSE 0 END) "
                      f"WHEN 2 THEN {int(WEIGHTS.complement)} WHEN 1 THEN {int(WEIGHTS.complement_chapter)} ELSE 0 END")
    total = " + ".join(points)
    # Every entry of a company carries the same copy (or none, where MAX keeps the others').
    keys = (f"MAX(key_country) AS country, COALESCE(MAX(key_sector_mask), {ALL_BITS}) AS sector_mask, "
            f"MAX(key_sector_count) AS sector_count, "
            f"COALESCE(MAX(key_language_mask), {ALL_BITS}) AS language_mask, "
            f"COALESCE(MAX(key_role_mask), {ALL_BITS}) AS role_mask")
    return (f"(SELECT cid AS company_id, {total} AS pts, {keys} FROM ({' UNION ALL '.join(parts)}) AS answers "
            f"WHERE lv > 0 GROUP BY cid HAVING {total} >= %s)"), [*params, max(needed, 1)]


def _bounded(viewer: Profile, partner: str, floor: int, *, complement: str, source: str,
             source_params: list) -> tuple[str, list]:
    """SELECT (company id, upper bound of its score) from `source` (rows of the candidate keys `k`, with the
    complementarity points in the column `complement`) where the bound reaches `floor`: computed by the database,
    so that only contenders travel.

    The same parts as the score, from the key alone: the sector part (shared sectors over the union of both
    sets, rounded half up in integers as scoring._sector_points does), cross-border, a shared language, a
    complementary role — each an integer test on the key's masks (models.mask_of). A mask can only say "shared"
    too often (two members on one bit), which keeps the bound a bound.
    """
    # One bit test per sector of the viewer, even where two share a bit: counting a bit twice can only over-count.
    shared = " + ".join(f"((k.sector_mask / {1 << mask_bit(pk)}) %% 2)" for pk in sorted(viewer.sectors)) or "0"
    languages = mask_of(viewer.languages)
    roles = mask_of(theirs for theirs in ALL_ROLES if complementary_roles(viewer.roles, frozenset({theirs})))
    inner = (f"SELECT k.company_id AS cid, {complement} AS pts, {shared} AS shared, k.sector_count AS size, "
             f"CASE WHEN k.country = %s OR k.country IS NULL THEN {int(WEIGHTS.cross_border)} ELSE 0 END "
             f"+ CASE WHEN (k.language_mask & {languages}) <> 0 THEN {int(WEIGHTS.languages)} ELSE 0 END "
             f"+ CASE WHEN (k.role_mask & {roles}) <> 0 THEN {int(WEIGHTS.roles)} ELSE 0 END AS extra FROM {source}")
    # A missing size (no copy of the key, _complement_points) is read as the smallest possible: `shared`.
    union = f"(COALESCE(size, shared) + {len(viewer.sectors)} - shared)"
    sectors = (f"CASE WHEN shared = 0 THEN 0 ELSE (2 * {int(WEIGHTS.sectors)} * shared + {union}) / (2 * {union}) "
               f"END")
    # MATERIALIZED: each part once per row, where an inlined subquery would repeat `shared` in every use.
    sql = (f"WITH parts AS MATERIALIZED ({inner}) "
           f"SELECT cid, bound FROM (SELECT cid, pts + extra + {sectors} AS bound FROM parts) AS bounds "
           f"WHERE bound >= %s")
    return sql, [partner or "", *source_params, floor]


def _graded_answers(viewer: Profile, theirs: str, *, today: str) -> tuple[list[str], list]:
    """Like _answers, with the best level each row could meet ours at (lv): 2 the same heading or a service
    sector, 1 the same chapter where one side names no heading, 0 only different headings (no meeting); and the
    row's copy of its company's candidate key (companies.models.KEY_COPIES), read from the same index."""
    listing = Listing._meta.db_table
    copies = ", ".join(KEY_COPIES)
    ours = [e for e in viewer.entries if e.kind == (OFFER if theirs == REQUEST else REQUEST)]
    parts, params = [], []
    chapters = sorted({e.chapter for e in ours if e.chapter is not None})
    if chapters:
        headings = sorted({e.heading for e in ours if e.heading is not None})
        open_chapters = sorted({e.chapter for e in ours if e.chapter is not None and e.heading is None})
        full = f"hs_heading_id IN ({_placeholders(headings)})" if headings else "1 = 0"
        partial = f"hs_chapter_id IN ({_placeholders(open_chapters)})" if open_chapters else "1 = 0"
        parts.append(f"SELECT company_id AS cid, CASE WHEN {full} THEN 2 WHEN hs_heading_id IS NULL OR {partial} "
                     f"THEN 1 ELSE 0 END AS lv, {copies} FROM {listing} "
                     f"WHERE hs_chapter_id IN ({_placeholders(chapters)}) "
                     f"AND kind = %s AND status = %s AND expires_on >= %s")
        params += [*headings, *open_chapters, *chapters, theirs, ModerationStatus.APPROVED, today]
    services = sorted({e.sector for e in ours if e.chapter is None})
    if services:
        parts.append(f"SELECT company_id AS cid, 2 AS lv, {copies} FROM {listing} WHERE sector_id IN "
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


def all_sector_ids() -> list[int]:
    return list(Sector.objects.values_list("pk", flat=True))
