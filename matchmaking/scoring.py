"""The match score of two companies: a number from 0 to 100 and the reasons that make it up.

Pure Python over plain data (no Django, no database), so it can be tested with hypothesis and run over
millions of pairs. docs/matching.md explains each part; the weights live in WEIGHTS below and nowhere else.

The score of A (the viewer) and B is the sum of these parts, clamped to 0–100:

* sectors — WEIGHTS.sectors × the Jaccard index of the two sector sets (shared / all), rounded half up;
* complementarity, in each direction — A's offers meeting B's requests, and B's offers meeting A's requests,
  at the finest level both entries give: WEIGHTS.complement when an offer and a request name the same HS
  heading (0904 pepper), or are services (entries without an HS chapter: freight, software, travel) in the
  same sector; WEIGHTS.complement_chapter when they share only the HS chapter because one of them names no
  heading (a possible match, worded as such). Two entries naming different headings of one chapter (pepper
  and coffee, both in 09) do not meet. An entry counts only where it is open to the other company's country
  (an offer's target markets, a request's source countries; empty means any);
* roles — WEIGHTS.roles when the two play complementary roles in trade (COMPLEMENTARY_ROLES: an exporter
  and an importer, a producer and a distributor, a shipper and a logistics provider…);
* cross-border — WEIGHTS.cross_border for a Vietnam–Azerbaijan pair;
* languages — WEIGHTS.languages when the two have a working language in common;
* likely competitor — WEIGHTS.competitor when both are in the same country, both sell (a seller's role, or
  no role given), offer the same goods (same heading, or same chapter when one names no heading) into
  overlapping markets, and nothing above makes them complementary (no meeting entries, no complementary
  roles). The penalty cancels the sectors and languages they may share, so a competitor scores 0 and never
  above a real buyer (docs/matching.md);
* penalties — a "not interested" mark by A on B (WEIGHTS.not_interested_own), by B on A
  (WEIGHTS.not_interested_theirs), and a declined meeting request between them (WEIGHTS.declined_request).

Every part that scores (non-zero points) gives exactly one Reason, in that order; a part that scores nothing
gives none. All parts but the two "not interested" marks are symmetric, so score(a, b) == score(b, a) when
neither has marked the other. "Must meet" is not a part of the score: it only moves a company to the top of
the viewer's list (see matchmaking.selectors).
"""

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

OFFER = "offer"
REQUEST = "request"
HEADING = "heading"  # goods: an offer and a request name the same HS heading
CHAPTER = "chapter"  # goods: the same HS chapter, one of them names no heading (a possible match)
SERVICE = "service"  # services (no HS chapter): on the same sector
CROSS_BORDER_COUNTRIES = frozenset({"VN", "AZ"})
MAX_SCORE = 100


@dataclass(frozen=True)
class Weights:
    sectors: int = 30
    complement: int = 20  # per direction: the same heading, or a service in the same sector
    complement_chapter: int = 10  # per direction: the same chapter only
    cross_border: int = 20
    languages: int = 10
    roles: int = 10
    competitor: int = -40  # cancels sectors + languages, the most a same-country seller can share
    not_interested_own: int = -50
    not_interested_theirs: int = -25
    declined_request: int = -20


# The one place where the weights are set. The positive parts add up to 110, clamped to MAX_SCORE.
WEIGHTS = Weights()

# Roles (companies.Role slugs). Sellers of goods, and the pairs of roles on complementary sides of a trade, in
# the order a reason names them (the first pair the two companies play).
SELLER_ROLES = frozenset({"producer", "exporter"})
COMPLEMENTARY_ROLES: tuple[tuple[str, str], ...] = (
    ("exporter", "importer"), ("exporter", "distributor"), ("producer", "importer"),
    ("producer", "distributor"), ("producer", "retailer"), ("exporter", "retailer"),
    ("logistics", "exporter"), ("logistics", "importer"), ("logistics", "producer"),
    ("logistics", "distributor"), ("investor", "producer"),
)


# Reason codes, in the order the parts are computed.
SECTORS = "sectors"
A_OFFERS_B_REQUESTS = "a_offers_b_requests"
B_OFFERS_A_REQUESTS = "b_offers_a_requests"
ROLES = "roles"
CROSS_BORDER = "cross_border"
LANGUAGES = "languages"
COMPETITOR = "competitor"
NOT_INTERESTED_BY_A = "not_interested_by_a"
NOT_INTERESTED_BY_B = "not_interested_by_b"
DECLINED_REQUEST = "declined_request"
SYMMETRIC_CODES = (SECTORS, A_OFFERS_B_REQUESTS, B_OFFERS_A_REQUESTS, ROLES, CROSS_BORDER, LANGUAGES, COMPETITOR,
                   DECLINED_REQUEST)


@dataclass(frozen=True)
class Entry:
    """A marketplace entry: an offer or a request in one HS chapter (and maybe heading) and sector."""

    id: int
    kind: str
    chapter: int | None  # None for a service, which has no HS chapter
    sector: int
    title: str = ""
    targets: frozenset[str] = frozenset()
    heading: int | None = None  # the 4-digit HS heading (904 for 0904), within the chapter; optional

    def open_to(self, country: str) -> bool:
        return not self.targets or country in self.targets


@dataclass(frozen=True, eq=False)
class Profile:
    """What the score knows of a company."""

    id: int
    country: str
    sectors: frozenset[int] = frozenset()
    languages: frozenset[str] = frozenset()
    entries: tuple[Entry, ...] = ()
    roles: frozenset[str] = frozenset()

    @cached_property
    def _sides(self) -> dict[str, dict]:
        # Entries by the country they are open to, filled lazily, one country at a time.
        return {OFFER: {}, REQUEST: {}}

    def side(self, kind: str, country: str) -> "Side":
        """This company's entries of `kind` open to `country`, indexed for matching (the earliest entry wins)."""
        cache = self._sides[kind]
        cached = cache.get(country)
        if cached is None:
            cached = cache[country] = Side()
            for entry in sorted(self.entries, key=lambda e: e.id):
                if entry.kind == kind and entry.open_to(country):
                    cached.add(entry)
        return cached

    @property
    def sells(self) -> bool:
        """A seller of goods: a producer or an exporter, or a company that gave no role."""
        return not self.roles or not self.roles.isdisjoint(SELLER_ROLES)


@dataclass
class Side:
    """One company's offers (or requests) open to one country: goods by HS heading, by chapter (any, and those
    naming no heading), services by sector."""

    headings: dict[int, Entry] = field(default_factory=dict)
    chapters: dict[int, Entry] = field(default_factory=dict)
    open_chapters: dict[int, Entry] = field(default_factory=dict)  # entries naming no heading
    services: dict[int, Entry] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        if entry.chapter is None:
            self.services.setdefault(entry.sector, entry)
            return
        self.chapters.setdefault(entry.chapter, entry)
        if entry.heading is None:
            self.open_chapters.setdefault(entry.chapter, entry)
        else:
            self.headings.setdefault(entry.heading, entry)

    def __bool__(self) -> bool:
        return bool(self.chapters or self.services)


@dataclass(frozen=True)
class Relation:
    """What has passed between A (the viewer) and B: "not interested" marks and declined requests."""

    a_not_interested: bool = False
    b_not_interested: bool = False
    declined: bool = False

    def swapped(self) -> "Relation":
        return Relation(self.b_not_interested, self.a_not_interested, self.declined)


NO_RELATION = Relation()


@dataclass(frozen=True)
class Reason:
    """One scoring part, structured: rendered into words in the reader's language at display time."""

    code: str
    points: int
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    score: int
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


def score(a: Profile, b: Profile, relation: Relation = NO_RELATION, weights: Weights = WEIGHTS) -> Match:
    """The score of B for A, with its reasons."""
    reasons = []

    shared = a.sectors & b.sectors
    if shared:
        points = _sector_points(len(shared), len(a.sectors | b.sectors), weights.sectors)
        if points:
            reasons.append(Reason(SECTORS, points, {"sectors": sorted(shared)}))
    complementary = False
    for code, seller, buyer in ((A_OFFERS_B_REQUESTS, a, b), (B_OFFERS_A_REQUESTS, b, a)):
        match = _complement(seller, buyer)
        if match is not None:
            complementary = True
            by, offer, request = match
            points = weights.complement_chapter if by == CHAPTER else weights.complement
            if points:
                # The request's heading when both named the same one; a chapter-level match names none.
                params = {"by": by, "chapter": request.chapter, "sector": request.sector,
                          "heading": request.heading if by == HEADING else None,
                          "offer": offer.title, "request": request.title}
                reasons.append(Reason(code, points, params))
    roles = complementary_roles(a.roles, b.roles)
    if roles is not None:
        complementary = True
        if weights.roles:
            reasons.append(Reason(ROLES, weights.roles, {"roles": list(roles)}))
    if weights.cross_border and is_cross_border(a.country, b.country):
        reasons.append(Reason(CROSS_BORDER, weights.cross_border, {"countries": [a.country, b.country]}))
    common = a.languages & b.languages
    if common and weights.languages:
        reasons.append(Reason(LANGUAGES, weights.languages, {"languages": sorted(common)}))
    if not complementary and weights.competitor:
        same = same_goods(a, b)
        if same is not None:
            chapter, heading = same
            reasons.append(Reason(COMPETITOR, weights.competitor,
                                  {"chapter": chapter, "heading": heading, "country": a.country}))
    if relation.a_not_interested and weights.not_interested_own:
        reasons.append(Reason(NOT_INTERESTED_BY_A, weights.not_interested_own))
    if relation.b_not_interested and weights.not_interested_theirs:
        reasons.append(Reason(NOT_INTERESTED_BY_B, weights.not_interested_theirs))
    if relation.declined and weights.declined_request:
        reasons.append(Reason(DECLINED_REQUEST, weights.declined_request))
    return Match(clamp(sum(r.points for r in reasons)), tuple(reasons))


def score_value(a: Profile, b: Profile, relation: Relation = NO_RELATION, weights: Weights = WEIGHTS) -> int:
    """The same number as score(a, b, relation).score, without building reasons: for ranking many pairs."""
    total = 0
    shared = a.sectors & b.sectors
    if shared:
        total += _sector_points(len(shared), len(a.sectors | b.sectors), weights.sectors)
    complementary = False
    if a.entries and b.entries:
        for seller, buyer in ((a, b), (b, a)):
            match = _complement(seller, buyer)
            if match is not None:
                complementary = True
                total += weights.complement_chapter if match[0] == CHAPTER else weights.complement
    if (a.roles and b.roles) and complementary_roles(a.roles, b.roles) is not None:
        complementary = True
        total += weights.roles
    if a.country != b.country and a.country in CROSS_BORDER_COUNTRIES and b.country in CROSS_BORDER_COUNTRIES:
        total += weights.cross_border
    if not a.languages.isdisjoint(b.languages):
        total += weights.languages
    if not complementary and a.country == b.country and a.entries and b.entries and same_goods(a, b) is not None:
        total += weights.competitor
    if relation is not NO_RELATION:
        total += (weights.not_interested_own * relation.a_not_interested
                  + weights.not_interested_theirs * relation.b_not_interested
                  + weights.declined_request * relation.declined)
    return clamp(total)


def clamp(total: int) -> int:
    return max(0, min(MAX_SCORE, total))


def is_cross_border(country_a: str, country_b: str) -> bool:
    return country_a != country_b and country_a in CROSS_BORDER_COUNTRIES and country_b in CROSS_BORDER_COUNTRIES


def _sector_points(shared: int, union: int, weight: int) -> int:
    # weight × shared / union, rounded half up, in integers so that it is exact and the same everywhere.
    return (2 * weight * shared + union) // (2 * union)


def complementary_roles(a_roles: frozenset[str], b_roles: frozenset[str]) -> tuple[str, str] | None:
    """The first pair of COMPLEMENTARY_ROLES that A and B play, as (A's role, B's role), or None."""
    if not a_roles or not b_roles:
        return None
    for first, second in COMPLEMENTARY_ROLES:
        if first in a_roles and second in b_roles:
            return first, second
        if second in a_roles and first in b_roles:
            return second, first
    return None


def same_goods(a: Profile, b: Profile) -> tuple[int, int | None] | None:
    """(chapter, heading or None) of goods that A and B both offer into overlapping markets, when both are
    sellers of the same country: what makes B a likely competitor of A, unless something makes them partners.

    The same goods at the finest level both gave (the heading when both name one); the lowest chapter, then
    heading, wins so the result does not depend on the order of the entries.
    """
    if a.country != b.country or not (a.sells and b.sells):
        return None
    found = None
    for mine in a.entries:
        if mine.kind != OFFER or mine.chapter is None:
            continue
        for theirs in b.entries:
            if (theirs.kind != OFFER or theirs.chapter != mine.chapter
                    or (mine.targets and theirs.targets and mine.targets.isdisjoint(theirs.targets))):
                continue
            if mine.heading is not None and theirs.heading is not None:
                if mine.heading != theirs.heading:
                    continue
                key = (mine.chapter, mine.heading)
            else:
                key = (mine.chapter, None)
            if found is None or (key[0], key[1] or 0) < (found[0], found[1] or 0):
                found = key
    return found


def _complement(seller: Profile, buyer: Profile) -> tuple[str, Entry, Entry] | None:
    """The best meeting of the seller's offers with the buyer's requests, at the finest level both gave: the
    same HS heading, else services in the same sector, else goods in the same chapter where one of the two
    names no heading (two different headings of one chapter do not meet).

    Ties go to the lowest heading (chapter, sector) number, then to the earliest entries, so the result is
    deterministic whatever the order of the entries.
    """
    if not seller.entries or not buyer.entries:
        return None
    offered = seller.side(OFFER, buyer.country)
    if not offered:
        return None
    wanted = buyer.side(REQUEST, seller.country)
    if not wanted:
        return None
    headings = offered.headings.keys() & wanted.headings.keys()
    if headings:
        heading = min(headings)
        return HEADING, offered.headings[heading], wanted.headings[heading]
    sectors = offered.services.keys() & wanted.services.keys()
    if sectors:
        sector = min(sectors)
        return SERVICE, offered.services[sector], wanted.services[sector]
    chapters = (offered.open_chapters.keys() & wanted.chapters.keys()) | (
        offered.chapters.keys() & wanted.open_chapters.keys())
    if chapters:
        chapter = min(chapters)
        if chapter in offered.open_chapters:
            return CHAPTER, offered.open_chapters[chapter], wanted.chapters[chapter]
        return CHAPTER, offered.chapters[chapter], wanted.open_chapters[chapter]
    return None


def rank(viewer: Profile, others: Iterable[Profile], relations: dict[int, Relation] | None = None,
         must_meet: frozenset[int] = frozenset(), names: dict[int, str] | None = None) -> list[tuple[Profile, Match]]:
    """`others` ordered for `viewer`: must-meet companies first, then by score, then by name and id."""
    relations = relations or {}
    names = names or {}
    scored = [(other, score(viewer, other, relations.get(other.id, NO_RELATION))) for other in others
              if other.id != viewer.id]
    scored.sort(key=lambda pair: (pair[0].id not in must_meet, -pair[1].score, names.get(pair[0].id, ""),
                                  pair[0].id))
    return scored


def pair_score(a: Profile, b: Profile, relation: Relation = NO_RELATION) -> int:
    """The score of a pair seen from outside (an organizer): the lower of the two sides' scores, so that a
    "not interested" mark by either side counts as the larger penalty."""
    if relation == NO_RELATION:
        return score_value(a, b)
    return min(score_value(a, b, relation), score_value(b, a, relation.swapped()))


def best_pairs(profiles: list[Profile], *, limit: int, skip: frozenset[tuple[int, int]] | set = frozenset(),
               relations: dict[tuple[int, int], Relation] | None = None,
               weights: Weights = WEIGHTS) -> list[tuple[int, int, int]]:
    """The `limit` best pairs (score, lower id, higher id) among `profiles`, best first; ties by ids.

    Exact, but without scoring every pair when it can be avoided. Pairs are scored tier by tier: first those
    with an offer and a request that could meet (goods on an HS chapter, services on a sector), then those
    sharing a sector,
    then all the rest. A pair outside the tiers scored so far can reach at most the sum of the parts it
    lacks the ground for, so once the `limit`-th best score found is above that bound, no unscored pair can
    enter the result and the search stops. `skip` holds (lower id, higher id) pairs to leave out;
    `relations` maps (lower id, higher id) to their Relation seen from the lower id.
    """
    if limit <= 0 or len(profiles) < 2:
        return []
    relations = relations or {}
    by_id = {p.id: p for p in profiles}
    scored: dict[tuple[int, int], int] = {}

    def score_pairs(pairs):
        for key in pairs:
            if key in scored or key in skip:
                continue
            scored[key] = pair_score(by_id[key[0]], by_id[key[1]], relations.get(key, NO_RELATION))

    def threshold() -> int:
        if len(scored) < limit:
            return -1
        return _nth_best(scored, limit)[-1][0]

    # The most a pair can score without a complementary entry, and without a shared sector either.
    bounds = [weights.sectors + weights.roles + weights.cross_border + weights.languages,
              weights.roles + weights.cross_border + weights.languages]
    ids = sorted(by_id)
    tiers = [
        lambda: _complementary_pairs(profiles),
        lambda: _pairs_by(profiles, lambda p: p.sectors),
        lambda: ((x, y) for i, x in enumerate(ids) for y in ids[i + 1:]),
    ]
    for tier, bound in zip(tiers, [*bounds, None], strict=True):
        score_pairs(tier())
        if bound is None or threshold() > bound:
            break
    return _nth_best(scored, limit)


def _nth_best(scored: dict[tuple[int, int], int], limit: int) -> list[tuple[int, int, int]]:
    best = heapq.nsmallest(limit, ((-value, a, b) for (a, b), value in scored.items()))
    return [(-negative, a, b) for negative, a, b in best]


def _complementary_pairs(profiles: list[Profile]) -> set[tuple[int, int]]:
    """Pairs where one has an offer and the other a request that could meet (target countries aside)."""
    offers: dict[tuple[str, int], set[int]] = {}
    requests: dict[tuple[str, int], set[int]] = {}
    for profile in profiles:
        for entry in profile.entries:
            key = (SERVICE, entry.sector) if entry.chapter is None else (CHAPTER, entry.chapter)
            (offers if entry.kind == OFFER else requests).setdefault(key, set()).add(profile.id)
    pairs = set()
    for key, sellers in offers.items():
        for seller in sellers:
            for buyer in requests.get(key, ()):
                if seller != buyer:
                    pairs.add((seller, buyer) if seller < buyer else (buyer, seller))
    return pairs


def _pairs_by(profiles: list[Profile], features):
    """Pairs that have at least one of `features(profile)` in common."""
    index: dict[object, list[int]] = {}
    for profile in profiles:
        for feature in features(profile):
            index.setdefault(feature, []).append(profile.id)
    pairs = set()
    for ids in index.values():
        ids.sort()
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                pairs.add((x, y))
    return pairs
