"""The cached ranking behind a company's suggestions (matchmaking.suggestion_cache): reused while nothing that
could change it is written, never reused across such a write, and the page shown is always scored afresh."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from companies.models import Company
from events.models import MeetingRequest
from matchmaking import selectors, services, suggestion_cache
from tests.factories import (
    CompanyFactory,
    EventFactory,
    HSChapterFactory,
    LanguageFactory,
    ListingFactory,
    MembershipFactory,
    ParticipationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PARTNERS = reverse("matchmaking:partners")


@pytest.fixture
def solar():
    return SectorFactory(slug="renewable-energy", name_en="Renewable energy")


@pytest.fixture
def seller(solar):
    """A Vietnamese inverter maker, with an owner."""
    company = CompanyFactory(name="Saigon Solar", country="VN", sectors=[solar],
                             languages=[LanguageFactory(code="en")])
    ListingFactory(company=company, title="Hybrid inverters", sector=solar, hs_chapter=HSChapterFactory(code=85))
    company.owner = UserFactory()
    MembershipFactory(user=company.owner, company=company, role="owner")
    return company


def buyer(name, solar, **kwargs):
    company = CompanyFactory(name=name, country="AZ", sectors=[solar], languages=[LanguageFactory(code="en")],
                             **kwargs)
    ListingFactory(company=company, kind="request", title="Inverters", sector=solar,
                   hs_chapter=HSChapterFactory(code=85))
    return company


@pytest.fixture
def ranked(monkeypatch):
    """Counts the exact rankings made (selectors.company_suggestions)."""
    calls = []
    rank = selectors.company_suggestions
    monkeypatch.setattr(selectors, "company_suggestions", lambda company: calls.append(company.pk) or rank(company))
    return calls


def names(page) -> list[str]:
    return [s.company.name for s in page.object_list]


def test_a_second_view_reuses_the_ranking_with_fewer_queries(seller, solar, ranked, client,
                                                              django_assert_max_num_queries):
    buyer("Baku Grid", solar)
    client.force_login(seller.owner)
    first = client.get(PARTNERS)

    # Another address of the same page (the same one again is served whole from matchmaking.page_cache): session,
    # user, membership; the cached ranking's companies rescored (their profiles, the marks and relations); the
    # page's companies with their sectors (2), sector names, shared events, notifications, marks.
    with django_assert_max_num_queries(12):
        second = client.get(PARTNERS, {"page": 1})

    assert ranked == [seller.pk]
    assert [s.company.name for s in second.context["suggestions"]] == ["Baku Grid"]
    assert second.context["suggestions"][0].lines == first.context["suggestions"][0].lines


@pytest.mark.parametrize("write", [
    "new partner", "partner's new entry", "partner's entry deleted", "partner's sectors", "partner's country",
    "mark", "mark undone", "declined request", "partner deleted",
])
def test_every_write_that_changes_a_score_makes_the_ranking_stale(seller, solar, ranked, write):
    partner = buyer("Baku Grid", solar)
    selectors.company_suggestion_page(seller, 1)
    if write == "new partner":
        buyer("Ganja Power", solar)
    elif write == "partner's new entry":
        ListingFactory(company=partner, kind="request", title="Cables", sector=solar)
    elif write == "partner's entry deleted":
        partner.listings.first().delete()
    elif write == "partner's sectors":
        partner.sectors.add(SectorFactory())
    elif write == "partner's country":
        partner.country = "VN"
        partner.save()
    elif write == "mark":
        services.set_preference(company=seller, other=partner, kind="must_meet")
    elif write == "mark undone":
        services.set_preference(company=seller, other=partner, kind="must_meet")
        selectors.company_suggestion_page(seller, 1)
        services.clear_preference(company=seller, other=partner)
    elif write == "declined request":
        event = EventFactory()
        MeetingRequest.objects.create(event=event, requester=ParticipationFactory(event=event, company=seller),
                                      recipient=ParticipationFactory(event=event, company=partner),
                                      status="declined")
    elif write == "partner deleted":
        partner.delete()
    page = selectors.company_suggestion_page(seller, 1)

    assert ranked[-1] == seller.pk and len(ranked) == (3 if write == "mark undone" else 2)
    assert names(page) == {"new partner": ["Baku Grid", "Ganja Power"], "partner deleted": []}.get(
        write, ["Baku Grid"])


def test_a_pending_or_open_request_keeps_the_ranking(seller, solar, ranked):
    partner = buyer("Baku Grid", solar)
    selectors.company_suggestion_page(seller, 1)
    event = EventFactory()
    MeetingRequest.objects.create(event=event, requester=ParticipationFactory(event=event, company=seller),
                                  recipient=ParticipationFactory(event=event, company=partner))

    selectors.company_suggestion_page(seller, 1)

    assert ranked == [seller.pk]


def test_a_write_behind_the_signals_back_still_shows_only_true_scores(seller, solar, ranked):
    """A queryset update sends no signal: the ranking is reused, but the page is scored from the current
    profiles — a company no longer approved is left out, a changed score is shown as it is now."""
    kept, hidden = buyer("Baku Grid", solar), buyer("Ganja Power", solar)
    before = {s.company_id: s.match.score for s in selectors.company_suggestion_page(seller, 1).object_list}
    Company.objects.filter(pk=hidden.pk).update(status=Company.Status.PENDING)
    Company.objects.filter(pk=kept.pk).update(country="VN")  # no longer across the corridor: 20 points less

    page = selectors.company_suggestion_page(seller, 1)

    assert ranked == [seller.pk]
    assert [s.company_id for s in page.object_list] == [kept.pk]
    assert page.object_list[0].match.score == before[kept.pk]  # the key (read by the score) is refreshed by signals
    services.refresh_candidate_keys(company_ids=[kept.pk])
    assert selectors.company_suggestion_page(seller, 1).object_list[0].match.score == before[kept.pk] - 20


def test_an_evicted_generation_starts_a_new_one(seller, solar, ranked):
    buyer("Baku Grid", solar)
    selectors.company_suggestion_page(seller, 1)
    cache.delete(suggestion_cache.GENERATION_KEY)
    stale = suggestion_cache.ranking_key(seller.pk)

    suggestion_cache.bump()

    assert suggestion_cache.ranking_key(seller.pk) != stale
