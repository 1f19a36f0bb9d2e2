"""Live supply and demand in the corridor, counted from the platform's own marketplace (docs/market.md).

For each direction of trade — Vietnam → Azerbaijan and Azerbaijan → Vietnam — and each product (an HS chapter,
the headings given under it, and services by sector, which the Harmonized System does not classify), how many
offers by the exporting country's companies and how many requests by the importing country's companies are open
now. Both sides of a product **meet** when it has offers and requests; requests without any offer are **demand
without supply**: an opportunity for the exporting side. A heading is counted on its own as well as in its
chapter: a coffee (0901) request is met by a coffee offer, not by a pepper (0904) one, though both are chapter 09.

Counted: public entries (companies.models.ListingQuerySet.public: approved, unexpired, of an approved company) of
Vietnamese and Azerbaijani companies that are open to the other country (no target countries, or the other one
among them) — what the marketplace shows with its `country` and `market` filters, which the page links to.

The counts per product are kept by the database (market.supply_counts, market.models.supply): triggers update them
in the same transaction as every write to an entry or a company, and reading today's counts is one query over a
few thousand rows (products, and the products of the dates between the watermark and today, since entries expire
by date without any write); filters and sums run over those rows in Python. The rows, and the sums for each filter
asked, are cached under a **generation**, as matchmaking.suggestion_cache does: market.supply_signals bumps it when
an entry or a company is saved, deleted or bulk-created, or a company is withdrawn; today's date is in the key.
Writes that bypass the model signals (moderation decides with a bulk update) show after TIMEOUT at most.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from companies.models import Listing, ListingKind
from config import generations
from market import supply_counts

VIETNAM, AZERBAIJAN = "VN", "AZ"
PARTNER = {VIETNAM: AZERBAIJAN, AZERBAIJAN: VIETNAM}
# (exporting country, importing country), in the order the page shows them.
DIRECTIONS = ((VIETNAM, AZERBAIJAN), (AZERBAIJAN, VIETNAM))

GENERATION_KEY = "market:supply:generation"
# The longest the counts are reused whatever happens: bounds the lag of the writes that bypass the signals.
TIMEOUT = 300

# One counted group: (company country, kind, chapter or None, heading or None, sector id, number of entries).
CountRow = tuple[str, str, int | None, int | None, int, int]


# Cache ---------------------------------------------------------------------------------------------------------


def generation() -> int:
    return generations.current(GENERATION_KEY)


def bump() -> None:
    """Make the cached counts stale (config.generations.bump: now and once the transaction commits)."""
    generations.bump(GENERATION_KEY)


def counts_key(today) -> str:
    """Read before counting, so that counts made while a write commits are stored under the generation they
    belong to."""
    return f"market:supply:counts:{generation()}:{today.isoformat()}"


def open_counts(today=None) -> list[CountRow]:
    """The counted groups of today's open entries, from the cache or counted now (one query)."""
    today = today or timezone.localdate()
    return _cached_counts(counts_key(today), today)


def _cached_counts(key: str, today) -> list[CountRow]:
    rows = cache.get(key)
    if rows is None:
        rows = supply_counts.read_open_counts(today)
        cache.set(key, rows, timeout=TIMEOUT)
    return rows


def count_open_entries(today) -> list[CountRow]:
    """The same rows as the kept counts, recounted from the marketplace (one GROUP BY query over every public
    entry): what the kept counts are checked against (tests, bench.market_bench)."""
    open_to_partner = Q()
    for country, partner in PARTNER.items():
        # The marketplace's own `market` filter: no target countries, or the partner's quoted code among them.
        open_to_partner |= Q(company__country=country) & (
            Q(target_countries=[]) | Q(target_countries__icontains=f'"{partner}"'))
    return [tuple(row) for row in (
        Listing.objects.public(today).filter(open_to_partner)
        .values_list("company__country", "kind", "hs_chapter_id", "hs_heading_id", "sector_id")
        .annotate(entries=Count("id")).order_by())]


# Supply and demand ---------------------------------------------------------------------------------------------


@dataclass
class Product:
    """One product in one direction: a chapter (with its headings), a heading, or a service sector."""

    chapter: int | None = None
    heading: int | None = None
    sector: int | None = None  # services only: the sector is what they are
    offers: int = 0
    requests: int = 0
    # The sectors of the requests: whose companies the demand concerns.
    request_sectors: set[int] = field(default_factory=set)
    headings: list["Product"] = field(default_factory=list)

    @property
    def meets(self) -> bool:
        return bool(self.offers and self.requests)

    @property
    def is_opportunity(self) -> bool:
        """Demand without supply."""
        return bool(self.requests and not self.offers)


@dataclass
class Direction:
    exporter: str
    importer: str
    chapters: list[Product]
    services: list[Product]

    @property
    def offers(self) -> int:
        return sum(product.offers for product in (*self.chapters, *self.services))

    @property
    def requests(self) -> int:
        return sum(product.requests for product in (*self.chapters, *self.services))

    def products(self) -> Iterable[Product]:
        """Every chapter, heading and service of the direction."""
        for chapter in self.chapters:
            yield chapter
            yield from chapter.headings
        yield from self.services

    @property
    def meeting(self) -> list[Product]:
        return [product for product in self.products() if product.meets]

    @property
    def opportunities(self) -> list[Product]:
        """Demand without supply, the most requested first. A heading is listed only where its chapter is not
        (pepper wanted where only coffee is offered): a chapter nobody supplies already counts its headings."""
        found = []
        for chapter in self.chapters:
            if chapter.is_opportunity:
                found.append(chapter)
            else:
                found.extend(heading for heading in chapter.headings if heading.is_opportunity)
        found.extend(service for service in self.services if service.is_opportunity)
        return sorted(found,
                      key=lambda product: (-product.requests, product.chapter or 0, product.heading or 0,
                                           product.sector or 0))


@dataclass
class SupplyDemand:
    directions: list[Direction]
    # Opportunities in the viewing company's sectors, for its country to supply: (direction, product).
    yours: list[tuple[Direction, Product]]


def supply_and_demand(*, sector_id: int | None = None, chapter: int | None = None,
                      company=None, company_sector_ids: Iterable[int] = ()) -> SupplyDemand:
    """Open offers and requests per direction and product, optionally of one sector and/or one chapter; with a
    company, the opportunities in its sectors (`company_sector_ids`) that its country could supply (both
    directions for a company outside the corridor). No query once the counts are cached."""
    directions = open_directions(sector_id=sector_id, chapter=chapter)
    yours = []
    if company is not None:
        sectors = set(company_sector_ids)
        for direction in directions:
            if company.country in PARTNER and direction.exporter != company.country:
                continue
            yours.extend((direction, product) for product in direction.opportunities
                         if product.request_sectors & sectors)
        yours.sort(key=lambda pair: -pair[1].requests)
    return SupplyDemand(directions=directions, yours=yours)


def open_directions(*, sector_id: int | None = None, chapter: int | None = None, today=None) -> list[Direction]:
    """Both directions, summed from the counts and cached too, for each filter asked (a page costs the unpickling
    of a few hundred products rather than the sums over a few thousand counted groups)."""
    today = today or timezone.localdate()
    counts = counts_key(today)
    key = f"{counts}:{sector_id or '-'}:{chapter or '-'}"
    directions = cache.get(key)
    if directions is None:
        rows = [row for row in _cached_counts(counts, today)
                if (sector_id is None or row[4] == sector_id) and (chapter is None or row[2] == chapter)]
        directions = [_direction(exporter, importer, rows) for exporter, importer in DIRECTIONS]
        cache.set(key, directions, timeout=TIMEOUT)
    return directions


def _direction(exporter: str, importer: str, rows: list[CountRow]) -> Direction:
    chapters: dict[int, Product] = {}
    headings: dict[int, Product] = {}
    services: dict[int, Product] = {}
    sides = {(exporter, ListingKind.OFFER): "offers", (importer, ListingKind.REQUEST): "requests"}
    for country, kind, chapter, heading, sector, entries in rows:
        side = sides.get((country, kind))
        if side is None:
            continue
        if chapter is None:
            targets = [services.setdefault(sector, Product(sector=sector))]
        else:
            targets = [chapters.setdefault(chapter, Product(chapter=chapter))]
            if heading is not None:
                targets.append(headings.setdefault(heading, Product(chapter=chapter, heading=heading)))
        for product in targets:
            setattr(product, side, getattr(product, side) + entries)
            if side == "requests":
                product.request_sectors.add(sector)
    by_chapter = defaultdict(list)
    for code in sorted(headings):
        by_chapter[headings[code].chapter].append(headings[code])
    for code, product in chapters.items():
        product.headings = by_chapter[code]
    return Direction(exporter=exporter, importer=importer,
                     chapters=[chapters[code] for code in sorted(chapters)],
                     services=[services[pk] for pk in sorted(services)])

