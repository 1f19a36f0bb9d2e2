"""The cached fragments of the event list (events.list_cache), of success stories (events.story_cache) and of the
home page (config.views.home): each change of what they show shows at once."""

import re

import pytest
from django.urls import reverse

from events.models import SuccessStory
from events.services import stories
from tests.events.test_stories import make_story
from tests.factories import CompanyFactory, EventFactory, ParticipationFactory, SectorFactory, UserFactory

EVENTS = reverse("events:list")
HOME = reverse("home")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def event_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="[^"]*">([^<]*)</a></h2>', html)


def participants(html: str) -> list[str]:
    return re.findall(r"(\d+) participants?", html)


def test_event_list_shows_an_event_published_at_once(db, client):
    EventFactory(title="Baku forum")
    draft = EventFactory(title="Hanoi forum", status="draft")
    page(client, EVENTS)

    draft.status = "published"
    draft.save()

    assert event_titles(page(client, EVENTS)) == ["Baku forum", "Hanoi forum"]


def test_event_list_counts_a_new_participant_at_once(db, client):
    event = EventFactory(title="Baku forum")
    ParticipationFactory(event=event)
    page(client, EVENTS)

    ParticipationFactory(event=event)

    assert participants(page(client, EVENTS)) == ["2"]


def test_event_list_shows_a_focus_sector_renamed_at_once(db, client):
    sector = SectorFactory(slug="logistics", name_en="Logistics")
    EventFactory().focus_sectors.add(sector)
    page(client, EVENTS)

    sector.name_en = "Transport and logistics"
    sector.save()

    assert '<li class="chip">Transport and logistics</li>' in page(client, EVENTS)


def test_event_list_keeps_each_readers_header(db, client, owner):
    EventFactory()
    visitor = page(client, EVENTS)
    client.force_login(owner)
    member = page(client, EVENTS)

    assert ("Log out" in visitor, "Log out" in member) == (False, True)


@pytest.mark.parametrize("count", [1, 25])
def test_cached_event_list_costs_no_query(db, client, django_assert_num_queries, count):
    for _ in range(count):
        EventFactory().focus_sectors.add(SectorFactory(slug="trade"))
    page(client, EVENTS)

    with django_assert_num_queries(0):
        page(client, EVENTS)


# Stories and the home page -------------------------------------------------------------------------------------


@pytest.fixture
def pair(db):
    return CompanyFactory(name="Highland Coffee"), CompanyFactory(name="Caspian Foods", country="AZ")


def test_company_page_shows_a_story_published_and_withdrawn_at_once(pair, client):
    author, partner = pair
    before = page(client, author.get_absolute_url())

    story = make_story(author, partner, sectors=[SectorFactory(slug="agri")])
    published = page(client, author.get_absolute_url())
    stories.decide_consent(story=SuccessStory.objects.get(pk=story.pk), company=partner, consent="refused", by=None)
    withdrawn = page(client, author.get_absolute_url())

    title = "Robusta for Baku"
    assert (title in before, title in published, title in withdrawn) == (False, True, False)


def test_company_page_shows_the_partner_renamed_in_its_story_at_once(pair, client):
    author, partner = pair
    make_story(author, partner, sectors=[SectorFactory(slug="agri")])
    page(client, author.get_absolute_url())

    partner.name = "Caspian Foods LLC"
    partner.save()

    assert "Caspian Foods LLC (Azerbaijan)" in page(client, author.get_absolute_url())


def test_home_shows_an_event_a_story_and_a_company_at_once(pair, client):
    author, partner = pair
    before = page(client, HOME)

    EventFactory(title="Ganja forum")
    make_story(author, partner, sectors=[SectorFactory(slug="agri")], featured=True)
    CompanyFactory(country="AZ")
    after = page(client, HOME)

    assert ("Ganja forum" in before, "Ganja forum" in after) == (False, True)
    assert ("Robusta for Baku" in before, "Robusta for Baku" in after) == (False, True)
    assert (re.search(r"<strong>(\d+)</strong><span>from Azerbaijan", before).group(1),
            re.search(r"<strong>(\d+)</strong><span>from Azerbaijan", after).group(1)) == ("1", "2")


def test_home_keeps_the_signed_in_users_own_part(pair, client):
    page(client, HOME)
    client.force_login(UserFactory(username="lan"))

    html = page(client, HOME)

    assert ("Your TradeBridge" in html, "Find your partner between Vietnam and Azerbaijan" in html) == (True, False)
