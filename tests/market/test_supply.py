"""Live supply and demand: the counts, their cache and its invalidation, the page and its filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

import market.supply_signals  # noqa: F401  (the receivers; MarketConfig.ready imports them once integrated)
from companies.models import Listing
from companies.moderation import moderate
from companies.signals import listings_bulk_created
from market import supply_selectors
from market.supply_selectors import open_counts, supply_and_demand
from tests.factories import CompanyFactory, HSChapterFactory, HSHeadingFactory, ListingFactory, SectorFactory

URL = reverse("market:supply_demand")


def table(direction):
    """A direction as (code or sector slug, offers, requests, status) per chapter, heading and service."""
    rows = []
    for product in direction.products():
        code = (f"{product.heading:04d}" if product.heading else f"{product.chapter:02d}" if product.chapter
                else f"service {product.sector}")
        status = "meet" if product.meets else "opportunity" if product.is_opportunity else "supply"
        rows.append((code, product.offers, product.requests, status))
    return rows


@pytest.fixture
def agri(db):
    return SectorFactory(slug="agriculture-food")


@pytest.fixture
def logistics(db):
    return SectorFactory(slug="transport-logistics")


@pytest.fixture
def vn(db):
    return CompanyFactory(name="Mekong Pepper", slug="mekong-pepper", country="VN")


@pytest.fixture
def az(db):
    return CompanyFactory(name="Absheron Agro", slug="absheron-agro", country="AZ", city="Bakı")


def offer(company, chapter=9, heading=None, **kwargs):
    """An approved entry open to any country, of agriculture unless `sector` says otherwise."""
    return ListingFactory(company=company, **{"kind": "offer", **kwargs},
                          hs_chapter=chapter and HSChapterFactory(code=chapter),
                          hs_heading=heading and HSHeadingFactory(code=heading))


def request(company, chapter=9, heading=None, **kwargs):
    return offer(company, chapter, heading, **{"kind": "request", **kwargs})


@pytest.fixture
def market(vn, az, agri, logistics):
    """VN offers coffee (09) that an AZ company requests; AZ requests nuts (08) nobody in VN offers; AZ offers nuts
    that nobody in VN requests; AZ requests logistics services nobody in VN offers."""
    offer(vn, 9)
    request(az, 9)
    request(az, 8)
    request(az, 8)
    offer(az, 8)
    request(az, None, sector=logistics)


# Counts --------------------------------------------------------------------------------------------------------


def test_supply_counts_meetings_and_opportunities_per_direction(market, logistics):
    result = supply_and_demand()

    vn_to_az, az_to_vn = result.directions
    assert (vn_to_az.exporter, vn_to_az.importer, az_to_vn.exporter, az_to_vn.importer) == ("VN", "AZ", "AZ", "VN")
    assert table(vn_to_az) == [("08", 0, 2, "opportunity"), ("09", 1, 1, "meet"),
                               (f"service {logistics.pk}", 0, 1, "opportunity")]
    assert table(az_to_vn) == [("08", 1, 0, "supply")]
    assert (vn_to_az.offers, vn_to_az.requests, az_to_vn.offers, az_to_vn.requests) == (1, 4, 1, 0)
    assert [p.chapter or f"service {p.sector}" for p in vn_to_az.opportunities] == [8, f"service {logistics.pk}"]
    assert [p.chapter for p in vn_to_az.meeting] == [9]
    assert result.yours == []


def test_supply_leaves_out_what_is_not_open_in_the_corridor(vn, az, agri):
    yesterday = timezone.localdate() - timedelta(days=1)
    request(az, 10, expires_on=yesterday)
    request(az, 10, status="pending")
    request(az, 10, status="rejected")
    request(CompanyFactory(country="AZ", status="pending"), 10)
    request(CompanyFactory(country="AZ", status="suspended"), 10)
    request(az, 10, target_countries=["TR"])  # buys from Türkiye only
    offer(vn, 10, target_countries=["KZ", "TR"])  # sells elsewhere only
    request(CompanyFactory(country="TR"), 10)  # outside the corridor
    # Open to the partner: counted.
    request(az, 9, target_countries=["VN"])
    offer(vn, 9, target_countries=["TR", "AZ"])

    vn_to_az, az_to_vn = supply_and_demand().directions

    assert table(vn_to_az) == [("09", 1, 1, "meet")]
    assert table(az_to_vn) == []


def test_supply_meets_on_a_heading_only_with_the_same_heading(vn, az, agri):
    offer(vn, 9, 901)  # coffee
    request(az, 9, 901)
    request(az, 9, 904)  # pepper: nobody offers it
    request(az, 9)  # coffee, tea or spices, no heading
    request(az, 8, 802)  # hazelnuts: nobody offers anything of chapter 08

    vn_to_az, _ = supply_and_demand().directions

    assert table(vn_to_az) == [("08", 0, 1, "opportunity"), ("0802", 0, 1, "opportunity"),
                               ("09", 1, 3, "meet"), ("0901", 1, 1, "meet"), ("0904", 0, 1, "opportunity")]
    # The chapter stands for its headings; a heading is listed where its chapter has supply, but not of it.
    assert [(p.chapter, p.heading) for p in vn_to_az.opportunities] == [(8, None), (9, 904)]
    assert [(p.chapter, p.heading) for p in vn_to_az.meeting] == [(9, None), (9, 901)]


def test_supply_filters_by_sector_and_chapter(market, agri, logistics):
    by_sector = supply_and_demand(sector_id=logistics.pk).directions
    by_chapter = supply_and_demand(chapter=8).directions
    both = supply_and_demand(sector_id=agri.pk, chapter=9).directions
    nothing = supply_and_demand(sector_id=logistics.pk, chapter=9).directions

    assert [table(d) for d in by_sector] == [[(f"service {logistics.pk}", 0, 1, "opportunity")], []]
    assert [table(d) for d in by_chapter] == [[("08", 0, 2, "opportunity")], [("08", 1, 0, "supply")]]
    assert [table(d) for d in both] == [[("09", 1, 1, "meet")], []]
    assert [table(d) for d in nothing] == [[], []]


def test_supply_shows_a_company_the_opportunities_it_could_supply_in_its_sectors(market, vn, az, agri, logistics):
    vn.sectors.set([agri])
    az.sectors.set([agri, logistics])
    tr = CompanyFactory(country="TR")

    mine = supply_and_demand(company=vn, company_sector_ids=[agri.pk]).yours
    both_sectors = supply_and_demand(company=vn, company_sector_ids=[agri.pk, logistics.pk]).yours
    azerbaijani = supply_and_demand(company=az, company_sector_ids=[agri.pk, logistics.pk]).yours
    outside = supply_and_demand(company=tr, company_sector_ids=[logistics.pk]).yours

    assert [(d.exporter, p.chapter, p.requests) for d, p in mine] == [("VN", 8, 2)]
    assert [(d.exporter, p.chapter, p.sector, p.requests) for d, p in both_sectors] == [
        ("VN", 8, None, 2), ("VN", None, logistics.pk, 1)]
    assert azerbaijani == []  # nothing Vietnam requests waits for an Azerbaijani supplier
    assert [(d.exporter, p.sector) for d, p in outside] == [("VN", logistics.pk)]


# Cache ---------------------------------------------------------------------------------------------------------


def test_supply_counts_are_cached_until_an_entry_changes(market, vn, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = open_counts()
    with django_assert_num_queries(0):
        assert open_counts() == first
        supply_and_demand(chapter=9)

    listing = offer(vn, 8)
    assert table(supply_and_demand().directions[0])[0] == ("08", 1, 2, "meet")
    listing.status = "suspended"
    listing.save()
    assert table(supply_and_demand().directions[0])[0] == ("08", 0, 2, "opportunity")
    Listing.objects.filter(company=vn).delete()
    assert table(supply_and_demand().directions[0])[:2] == [("08", 0, 2, "opportunity"), ("09", 0, 1, "opportunity")]


def test_supply_counts_refresh_when_a_company_is_saved_or_withdrawn(market, vn, az, staff,
                                                                    django_capture_on_commit_callbacks):
    supply_and_demand()
    vn.status = "suspended"
    vn.save()
    assert table(supply_and_demand().directions[0])[1] == ("09", 0, 1, "opportunity")

    open_counts()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([az], status="suspended", reason="Unverified address.", by=staff)
    assert [table(d) for d in supply_and_demand().directions] == [[], []]


def test_supply_counts_refresh_when_moderation_approves_an_entry(market, az, staff,
                                                                  django_capture_on_commit_callbacks):
    listing = offer(az, 10, status="pending")
    assert supply_and_demand().directions[1].chapters[-1].chapter == 8

    with django_capture_on_commit_callbacks(execute=True):
        moderate([listing], status="approved", by=staff)

    assert table(supply_and_demand().directions[1]) == [("08", 1, 0, "supply"), ("10", 1, 0, "supply")]


def test_supply_counts_refresh_after_a_bulk_insert(market, vn, agri):
    supply_and_demand()
    Listing.objects.bulk_create([Listing(company=vn, kind="offer", title="Cashew", description="W320",
                                         sector=agri, hs_chapter=HSChapterFactory(code=8),
                                         expires_on=timezone.localdate(), status="approved")])
    listings_bulk_created.send(sender=Listing, company_ids=[vn.pk])

    assert table(supply_and_demand().directions[0])[0] == ("08", 1, 2, "meet")


def test_supply_counts_are_kept_per_day_so_entries_expire(vn, az, agri):
    today = timezone.localdate()
    request(az, 9, expires_on=today)

    assert open_counts(today) == [("AZ", "request", 9, None, agri.pk, 1)]
    assert open_counts(today + timedelta(days=1)) == []
    assert supply_selectors.counts_key(today) != supply_selectors.counts_key(today + timedelta(days=1))


def test_supply_generation_starts_again_when_evicted(db):
    from django.core.cache import cache

    first = supply_selectors.counts_key(timezone.localdate())
    cache.delete(supply_selectors.GENERATION_KEY)
    supply_selectors.bump()

    assert supply_selectors.counts_key(timezone.localdate()) != first


# Page ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "yours"),
    [("anonymous", 200, False), ("owner", 200, True), ("member", 200, True), ("other_owner", 200, True),
     ("loner", 200, False), ("staff", 200, False)],
)
def test_supply_page_permission_matrix(market, company, owner, member, other_owner, loner, staff, as_role, role,
                                       status, yours):
    response = as_role(role).get(URL)

    assert response.status_code == status
    assert ("Demand without supply in your sectors" in response.content.decode()) is yours


def test_supply_page_lists_your_sectors_first_and_links_to_the_marketplace(client, market, company, owner, agri):
    company.sectors.set([agri])
    client.force_login(owner)

    response = client.get(URL)

    (direction, product), = response.context["result"].yours
    assert (direction.exporter, product.chapter) == ("VN", 8)
    assert product.requests_url == f"{reverse('companies:marketplace')}?kind=request&country=AZ&market=VN&chapter=8"
    vn_to_az = response.context["result"].directions[0]
    assert [p.offers_url for p in vn_to_az.products()][1] == (
        f"{reverse('companies:marketplace')}?kind=offer&country=VN&market=AZ&chapter=9")
    assert [p.requests_url for p in vn_to_az.products()][2] == (
        f"{reverse('companies:marketplace')}?kind=request&country=AZ&market=VN&sector=transport-logistics")
    html = response.content.decode()
    assert html.index("Demand without supply in your sectors") < html.index("Vietnam → Azerbaijan") < html.index(
        "Azerbaijan → Vietnam")
    assert html.count('class="supply-chapter is-opportunity"') == 1
    assert 'href="/static/css/market-supply.css"' in html


def test_supply_page_filters(client, market, logistics):
    response = client.get(URL, {"sector": "transport-logistics", "chapter": ""})

    assert response.status_code == 200
    assert [table(d) for d in response.context["result"].directions] == [
        [(f"service {logistics.pk}", 0, 1, "opportunity")], []]
    assert response.context["sector"] == logistics
    html = response.content.decode()
    assert html.count("No open offer or request in this direction matches these filters.") == 1


@pytest.mark.parametrize(("query", "errors"), [
    ({"sector": "no-such-sector"}, ["sector"]),
    ({"chapter": "abc"}, ["chapter"]),
    ({"chapter": "77"}, ["chapter"]),  # reserved by the WCO
    ({"chapter": "100"}, ["chapter"]),
    ({"sector": ["agriculture-food", "x"], "chapter": "-1"}, ["chapter", "sector"]),
])
def test_supply_page_leaves_out_a_filter_it_does_not_understand(client, market, query, errors):
    response = client.get(URL, query)

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == errors
    assert [len(table(d)) for d in response.context["result"].directions] == [3, 1]
    assert "A filter was not understood and is left out" in response.content.decode()


def test_supply_page_keeps_a_valid_filter_next_to_an_invalid_one(client, market):
    response = client.get(URL, {"sector": "nope", "chapter": "8"})

    assert list(response.context["form"].errors) == ["sector"]
    assert [table(d) for d in response.context["result"].directions] == [
        [("08", 0, 2, "opportunity")], [("08", 1, 0, "supply")]]


@pytest.mark.parametrize("role", ["anonymous", "owner"])
def test_supply_page_query_count_does_not_grow_with_rows(as_role, company, owner, vn, az, agri, role,
                                                         django_assert_num_queries):
    client = as_role(role)
    company.sectors.set([agri])
    offer(vn, 9, 901)
    request(az, 8, 802)
    # Sectors, chapters, the counts (cold: every entry created bumps the cache), headings; signed in, also the
    # session, user, membership, company sectors and the notifications badge.
    queries = {"anonymous": 4, "owner": 10}[role]
    with django_assert_num_queries(queries):
        client.get(URL)

    for code, heading in [(3, 302), (7, 701), (8, 801), (9, 904), (10, 1006), (20, 2001)]:
        for company_ in (vn, az):
            offer(company_, code, heading)
            request(company_, code, heading)
    request(az, None, sector=SectorFactory(slug="transport-logistics"))
    # The header's unread counts are cached by the first request (events.notice_counts, messaging.unread_cache).
    with django_assert_num_queries(queries - (2 if role == "owner" else 0)):
        response = client.get(URL)
    assert len(table(response.context["result"].directions[0])) == 15
