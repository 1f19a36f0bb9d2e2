"""The match score of two companies: a number from 0 to 100 and the reasons that make it up.

Pure Python over plain data (no Django, no database), so it can be tested with hypothesis and run over
millions of pairs. docs/matching.md explains each part; the weights live in WEIGHTS below and nowhere else.

The score of A (the viewer) and B is the sum of these parts, clamped to 0–100:

* sectors — WEIGHTS.sectors × the Jaccard index of the two sector sets (shared / all), rounded half up;
* complementarity, in each direction — A's offers meeting B's requests, and B's offers meeting A's requests:
  WEIGHTS.complement when at least one offer meets one request. Goods meet on their HS chapter; services
  (entries without an HS chapter: freight, software, travel) meet on their sector. An entry counts only
  where it is open to the other company's country (an offer's target markets, a request's source
  countries; empty means any);
* cross-border — WEIGHTS.cross_border for a Vietnam–Azerbaijan pair;
* languages — WEIGHTS.languages when the two have a working language in common;
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
CHAPTER = "chapter"  # goods: an offer and a request meet on the same HS chapter
SERVICE = "service"  # services (no HS chapter): on the same sector
CROSS_BORDER_COUNTRIES = frozenset({"VN", "AZ"})
MAX_SCORE = 100


@dataclass(frozen=True)
class Weights:
    sectors: int = 30
    complement: int = 20  # per direction
    cross_border: int = 20
    languages: int = 10
    not_interested_own: int = -50
    not_interested_theirs: int = -25
    declined_request: int = -20


# The one place where the weights are set. The positive parts add up to MAX_SCORE.
WEIGHTS = Weights()


# Reason codes, in the order the parts are computed.
SECTORS = "sectors"
A_OFFERS_B_REQUESTS = "a_offers_b_requests"
B_OFFERS_A_REQUESTS = "b_offers_a_requests"
CROSS_BORDER = "cross_border"
LANGUAGES = "languages"
NOT_INTERESTED_BY_A = "not_interested_by_a"
NOT_INTERESTED_BY_B = "not_interested_by_b"
DECLINED_REQUEST = "declined_request"
SYMMETRIC_CODES = (SECTORS, A_OFFERS_B_REQUESTS, B_OFFERS_A_REQUESTS, CROSS_BORDER, LANGUAGES, DECLINED_REQUEST)


@dataclass(frozen=True)
class Entry:
    """A marketplace entry: an offer or a request in one HS chapter and sector."""

    id: int
    kind: str
    chapter: int | None  # None for a service, which has no HS chapter
    sector: int
    title: str = ""
    targets: frozenset[str] = frozenset()

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

    @cached_property
    def _sides(self) -> dict[str, dict]:
        # Entries by the country they are open to, filled lazily, one country at a time.
        return {OFFER: {}, REQUEST: {}}

    def side(self, kind: str, country: str) -> tuple[dict[int, Entry], dict[int, Entry]]:
        """This company's entries of `kind` open to `country`: goods by HS chapter, services by sector (the
        earliest entry wins)."""
        cache = self._sides[kind]
        cached = cache.get(country)
        if cached is None:
            goods: dict[int, Entry] = {}
            services: dict[int, Entry] = {}
            for entry in sorted(self.entries, key=lambda e: e.id):
                if entry.kind == kind and entry.open_to(country):
                    if entry.chapter is None:
                        services.setdefault(entry.sector, entry)
                    else:
                        goods.setdefault(entry.chapter, entry)
            cached = cache[country] = (goods, services)
        return cached


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
    for code, seller, buyer in ((A_OFFERS_B_REQUESTS, a, b), (B_OFFERS_A_REQUESTS, b, a)):
        match = _complement(seller, buyer)
        if match is not None:
            by, offer, request = match
            points = weights.complement
            if points:
                params = {"by": by, "chapter": request.chapter, "sector": request.sector,
                          "offer": offer.title, "request": request.title}
                reasons.append(Reason(code, points, params))
    if weights.cross_border and is_cross_border(a.country, b.country):
        reasons.append(Reason(CROSS_BORDER, weights.cross_border, {"countries": [a.country, b.country]}))
    common = a.languages & b.languages
    if common and weights.languages:
        reasons.append(Reason(LANGUAGES, weights.languages, {"languages": sorted(common)}))
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
    if a.entries and b.entries:
        for seller, buyer in ((a, b), (b, a)):
            if _complements(seller, buyer):
                total += weights.complement
    if a.country != b.country and a.country in CROSS_BORDER_COUNTRIES and b.country in CROSS_BORDER_COUNTRIES:
        total += weights.cross_border
    if not a.languages.isdisjoint(b.languages):
        total += weights.languages
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


def _complements(seller: Profile, buyer: Profile) -> bool:
    """Whether _complement finds a meeting, without picking the entries."""
    offered_goods, offered_services = seller.side(OFFER, buyer.country)
    if not (offered_goods or offered_services):
        return False
    wanted_goods, wanted_services = buyer.side(REQUEST, seller.country)
    return not (offered_goods.keys().isdisjoint(wanted_goods)
                and offered_services.keys().isdisjoint(wanted_services))


def _complement(seller: Profile, buyer: Profile) -> tuple[str, Entry, Entry] | None:
    """The first meeting of the seller's offers with the buyer's requests: goods on the same HS chapter, else
    services on the same sector.

    Ties go to the lowest chapter (or sector) number, then to the earliest entries, so the result is
    deterministic whatever the order of the entries.
    """
    if not seller.entries or not buyer.entries:
        return None
    offered_goods, offered_services = seller.side(OFFER, buyer.country)
    if not (offered_goods or offered_services):
        return None
    wanted_goods, wanted_services = buyer.side(REQUEST, seller.country)
    chapters = offered_goods.keys() & wanted_goods.keys()
    if chapters:
        chapter = min(chapters)
        return CHAPTER, offered_goods[chapter], wanted_goods[chapter]
    sectors = offered_services.keys() & wanted_services.keys()
    if sectors:
        sector = min(sectors)
        return SERVICE, offered_services[sector], wanted_services[sector]
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
    bounds = [weights.sectors + weights.cross_border + weights.languages, weights.cross_border + weights.languages]
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
