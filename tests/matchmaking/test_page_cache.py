"""The cached suggestions page (matchmaking.page_cache): every write that changes what it shows shows at once, it is
one company's own, and its forms carry each reader's CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from companies.services import update_company
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ListingFactory,
    MembershipFactory,
    ParticipationFactory,
    SectorFactory,
    UserFactory,
)

PARTNERS = reverse("matchmaking:partners")


@pytest.fixture
def solar(db):
    return SectorFactory(slug="renewable-energy", name_en="Renewable energy", name_vi="Năng lượng tái tạo")


@pytest.fixture
def partner(company, solar):
    """An Azerbaijani company looking for what `company` offers: its first suggestion."""
    company.sectors.set([solar])
    ListingFactory(company=company, title="Hybrid inverters", sector=solar)
    other = CompanyFactory(name="Günəş Enerji", slug="gunes-enerji", country="AZ", sectors=[solar])
    ListingFactory(company=other, kind="request", title="Inverters for solar farms", sector=solar)
    return other


def page(client, url=PARTNERS) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def suggested(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="[^"]*">([^<]*)</a></h2>', html)


def test_a_page_seen_again_is_served_from_the_cache(partner, owner, client, django_assert_num_queries):
    client.force_login(owner)
    first = page(client)

    # session, user, membership (the header's unread counts are cached too: events.notice_counts,
    # messaging.unread_cache).
    with django_assert_num_queries(3):
        second = page(client)

    assert suggested(second) == suggested(first) == ["Günəş Enerji"]


def test_a_mark_shows_at_once(partner, owner, client):
    client.force_login(owner)
    page(client)

    client.post(reverse("matchmaking:mark", args=[partner.slug]), {"kind": "must_meet"})
    html = page(client)

    assert 'class="card company-card suggestion-card is-must-meet"' in html
    assert f'action="{reverse("matchmaking:mark", args=[partner.slug])}"' in html


def test_a_partner_renamed_shows_at_once(partner, owner, solar, client):
    client.force_login(owner)
    page(client)

    update_company(company=partner, data={"name": "Günəş Enerji MMC", "sectors": [solar]})

    assert suggested(page(client)) == ["Günəş Enerji MMC"]


def test_an_event_both_attend_offers_the_request_at_once(partner, company, owner, client):
    forum = EventFactory(slug="baku-solar-forum")
    ParticipationFactory(event=forum, company=company)
    client.force_login(owner)
    before = page(client)

    theirs = ParticipationFactory(event=forum, company=partner)
    after = page(client)

    request_url = reverse("events:request_meeting", args=[forum.slug, theirs.pk])
    assert (request_url in before, request_url in after) == (False, True)


def test_a_sector_renamed_shows_at_once(partner, owner, solar, client):
    client.force_login(owner)
    page(client)

    solar.name_en = "Solar power"
    solar.save()

    assert '<li class="chip">Solar power</li>' in page(client)


def test_each_language_has_its_own_page(partner, owner, client):
    client.force_login(owner)
    english = page(client)

    vietnamese = page(client, "/vi/partners/")

    assert ('<li class="chip">Renewable energy</li>' in english,
            '<li class="chip">Năng lượng tái tạo</li>' in vietnamese) == (True, True)


def test_another_company_never_gets_the_cached_page(partner, company, owner, client):
    client.force_login(owner)
    page(client)
    other_owner = MembershipFactory(company=partner, user=UserFactory(username="gunes")).user

    client.force_login(other_owner)
    html = page(client)

    assert suggested(html) == ["Mekong Coffee"]
    assert "Companies ranked for Günəş Enerji" in html


def test_the_forms_carry_each_readers_own_csrf_token(partner, company, owner, member):
    first = Client(enforce_csrf_checks=True)
    first.force_login(owner)
    page(first)
    second = Client(enforce_csrf_checks=True)
    second.force_login(member)

    html = page(second)  # the page cached for the owner, with the member's token
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(reverse("matchmaking:mark", args=[partner.slug]),
                           {"kind": "must_meet", "csrfmiddlewaretoken": token})

    assert "csrf-token-of-the-reader" not in html
    assert response.status_code == 302
    assert 'is-must-meet' in page(second)
