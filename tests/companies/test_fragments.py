"""The cached fragments of the directory, the marketplace and company pages (companies.fragments): each change of
what they show shows at once, each language and address has its own, and what depends on the reader never
comes from the cache."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies import fragments, services
from companies.models import Listing, ModerationStatus
from companies.moderation import moderate
from companies.signals import listings_bulk_created
from tests.factories import CompanyFactory, ListingFactory, SectorFactory

DIRECTORY = reverse("companies:directory")
MARKETPLACE = reverse("companies:marketplace")


def page(client, url, data=None) -> str:
    response = client.get(url, data or {})
    assert response.status_code == 200
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="[^"]*">([^<]*)</a></h2>', html)


def entry_titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)


@pytest.fixture
def trade(db):
    return SectorFactory(slug="trade", name_en="Trade", name_vi="Thương mại")


# The directory and the marketplace ---------------------------------------------------------------------------


def test_directory_shows_a_renamed_company_at_once(company, trade, client):
    page(client, DIRECTORY)

    services.update_company(company=company, data={"name": "Mekong Coffee JSC", "sectors": [trade]})

    assert card_titles(page(client, DIRECTORY)) == ["Mekong Coffee JSC"]


def test_directory_shows_a_company_approved_by_a_moderator_at_once(company, client,
                                                                   django_capture_on_commit_callbacks):
    pending = CompanyFactory(name="Pending Tea", status=ModerationStatus.PENDING)
    page(client, DIRECTORY)

    with django_capture_on_commit_callbacks(execute=True):  # the decision's signal is sent on commit
        moderate([pending], status=ModerationStatus.APPROVED)

    assert card_titles(page(client, DIRECTORY)) == ["Mekong Coffee", "Pending Tea"]


def test_directory_follows_a_change_of_sectors_at_once(company, trade, client):
    mining = SectorFactory(slug="mining")
    page(client, DIRECTORY, {"sector": "mining"})

    company.sectors.add(mining)

    assert card_titles(page(client, DIRECTORY, {"sector": "mining"})) == ["Mekong Coffee"]


def test_marketplace_drops_a_deleted_entry_at_once(company, client):
    kept = ListingFactory(company=company, title="Robusta, grade 1")
    gone = ListingFactory(company=company, title="Arabica, grade 2")
    page(client, MARKETPLACE)

    services.delete_listing(listing=gone)

    assert card_titles(page(client, MARKETPLACE)) == [kept.title]


def test_marketplace_drops_an_entry_rejected_by_a_moderator_at_once(company, client,
                                                                    django_capture_on_commit_callbacks):
    ListingFactory(company=company, title="Robusta, grade 1")
    rejected = ListingFactory(company=company, title="Arabica, grade 2")
    page(client, MARKETPLACE)

    with django_capture_on_commit_callbacks(execute=True):
        moderate([rejected], status=ModerationStatus.REJECTED, reason="Not a product.")

    assert card_titles(page(client, MARKETPLACE)) == ["Robusta, grade 1"]


def test_marketplace_shows_a_renamed_sector_at_once(company, client):
    listing = ListingFactory(company=company)
    page(client, MARKETPLACE)

    listing.sector.name_en = "Agriculture, food and drink"
    listing.sector.save()

    assert '<li class="chip">Agriculture, food and drink</li>' in page(client, MARKETPLACE)


def test_each_language_and_address_has_its_own_list(company, trade, client):
    CompanyFactory(name="Caspian Foods", sectors=[SectorFactory(slug="food")])
    english = page(client, DIRECTORY)
    vietnamese = page(client, "/vi/companies/")
    filtered = page(client, DIRECTORY, {"sector": "food"})

    assert ('<li class="chip">Trade</li>' in english, '<li class="chip">Thương mại</li>' in vietnamese) == (
        True, True)
    assert (card_titles(english), card_titles(filtered)) == (["Caspian Foods", "Mekong Coffee"], ["Caspian Foods"])


def test_cached_lists_keep_each_readers_header(company, owner, client):
    visitor = page(client, DIRECTORY)
    client.force_login(owner)
    member = page(client, MARKETPLACE) + page(client, DIRECTORY)
    client.logout()
    visitor_again = page(client, MARKETPLACE) + page(client, DIRECTORY)

    my_company = 'class="my-company"'
    my_entries = reverse("companies:my_listings")
    assert (my_company in visitor, my_company in member, my_company in visitor_again) == (False, True, False)
    assert (my_entries in member, my_entries in visitor_again) == (True, False)


def test_a_paging_link_keeps_its_own_query(company, client):
    for i in range(25):
        CompanyFactory(name=f"Company {i:02d}")
    page(client, DIRECTORY, {"country": "VN"})

    html = page(client, DIRECTORY, {"country": "VN", "size": ""})

    assert 'href="?country=VN&amp;size=&amp;page=2"' in html


def test_an_entry_leaves_the_cached_marketplace_the_day_it_expires(company, client, monkeypatch):
    today = timezone.localdate()
    ListingFactory(company=company, title="Robusta, grade 1", expires_on=today)
    before = page(client, MARKETPLACE)

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))

    assert (card_titles(before), card_titles(page(client, MARKETPLACE))) == (["Robusta, grade 1"], [])


def test_an_address_with_made_up_parameters_is_rendered_but_not_stored(company, client, django_assert_num_queries):
    page(client, DIRECTORY)  # the filter's choices cached
    page(client, DIRECTORY, {"utm_source": "mail"})

    # count, page of companies, their sectors, their languages: every time.
    with django_assert_num_queries(4):
        html = page(client, DIRECTORY, {"utm_source": "mail"})

    assert card_titles(html) == ["Mekong Coffee"]


@pytest.mark.parametrize("count", [1, 25])
def test_cached_directory_costs_no_query(db, client, django_assert_num_queries, count):
    for _ in range(count):
        CompanyFactory()
    page(client, DIRECTORY)

    with django_assert_num_queries(0):
        page(client, DIRECTORY)


# A company's page --------------------------------------------------------------------------------------------


def company_page(client, company) -> str:
    return page(client, company.get_absolute_url())


def test_company_page_follows_its_company_and_its_entries_at_once(company, trade, client):
    offer = ListingFactory(company=company, title="Robusta, grade 1")
    company_page(client, company)

    services.update_company(company=company, data={"description": "Now roasting too.", "sectors": [trade]})
    services.create_listing(company=company, data={
        "kind": "request", "title": "Jute bags", "description": "For export.", "sector": trade,
        "hs_chapter": offer.hs_chapter, "target_countries": [], "expires_on": offer.expires_on})
    services.delete_listing(listing=offer)
    html = company_page(client, company)

    assert '<p class="prose">Now roasting too.</p>' in html
    assert entry_titles(html) == []  # the new entry waits for a moderator; the old one is gone


def test_company_page_shows_an_entry_approved_by_a_moderator_at_once(company, client,
                                                                     django_capture_on_commit_callbacks):
    pending = ListingFactory(company=company, title="Robusta, grade 1", status=ModerationStatus.PENDING)
    company_page(client, company)

    with django_capture_on_commit_callbacks(execute=True):
        moderate([pending], status=ModerationStatus.APPROVED)

    assert entry_titles(company_page(client, company)) == ["Robusta, grade 1"]


def test_company_page_follows_a_bulk_load_of_many_companies_entries(company, client):
    others = [CompanyFactory() for _ in range(fragments.MANY_COMPANIES)]
    company_page(client, company)

    Listing.objects.bulk_create([ListingFactory.build(company=company, title="Robusta, grade 1")])
    listings_bulk_created.send(sender=Listing, company_ids=[company.pk, *(other.pk for other in others)])

    assert entry_titles(company_page(client, company)) == ["Robusta, grade 1"]


def test_company_page_stays_cached_when_another_company_changes(company, trade, client, django_assert_num_queries):
    other = CompanyFactory(name="Caspian Foods")
    company_page(client, company)

    services.update_company(company=other, data={"name": "Caspian Foods LLC", "sectors": [trade]})

    # The company (is it still listed?) and its success stories (forgotten by the change of a company).
    with django_assert_num_queries(2):
        company_page(client, company)
    with django_assert_num_queries(1):
        company_page(client, company)


def test_company_page_keeps_each_readers_edit_button_and_contact(company, owner, client):
    visitor = company_page(client, company)
    client.force_login(owner)
    own = company_page(client, company)
    client.logout()
    visitor_again = company_page(client, company)

    edit = reverse("companies:edit", args=[company.slug])
    assert (edit in visitor, edit in own, edit in visitor_again) == (False, True, False)
    assert (company.contact_email in visitor, company.contact_email in own,
            company.contact_email in visitor_again) == (False, True, False)
    assert "Your company has no open offer or request in the marketplace." in own


def test_company_page_has_a_page_per_language(company, trade, client):
    english = company_page(client, company)

    vietnamese = page(client, f"/vi/companies/{company.slug}/")

    assert ('>Trade</a>' in english, '>Thương mại</a>' in vietnamese) == (True, True)


@pytest.mark.parametrize("count", [1, 12])
def test_cached_company_page_costs_one_query(company, client, django_assert_num_queries, count):
    for _ in range(count):
        ListingFactory(company=company)
    company_page(client, company)

    # The company itself: is it still listed?
    with django_assert_num_queries(1):
        company_page(client, company)
