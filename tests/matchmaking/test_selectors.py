"""Candidate generation, profiles and rankings (matchmaking.selectors), and the candidate keys behind them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.demo import create_synthetic
from companies.models import Company
from events.models import MeetingRequest
from matchmaking import candidates, selectors
from matchmaking.models import CandidateKey, Introduction
from matchmaking.scoring import rank, score_value
from matchmaking.services import refresh_candidate_keys
from tests.factories import (
    CompanyFactory,
    EventFactory,
    HSChapterFactory,
    LanguageFactory,
    ListingFactory,
    ParticipationFactory,
    PreferenceFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def solar():
    return SectorFactory(slug="renewable-energy", name_en="Renewable energy")


@pytest.fixture
def installer(solar):
    """A Vietnamese solar installer offering inverters (HS 85), speaking Vietnamese and English."""
    company = CompanyFactory(name="Saigon Solar", country="VN", sectors=[solar],
                             languages=[LanguageFactory(code="vi"), LanguageFactory(code="en")])
    ListingFactory(company=company, title="Hybrid inverters", sector=solar, hs_chapter=HSChapterFactory(code=85))
    return company


def azerbaijani(name, sectors, languages=("az",), **kwargs):
    return CompanyFactory(name=name, country="AZ", sectors=sectors,
                          languages=[LanguageFactory(code=code) for code in languages], **kwargs)


def ids(suggestions):
    return [s.company_id for s in suggestions]


# Profiles and candidate keys -----------------------------------------------------------------------------------


def test_load_profiles_reads_public_entries_of_approved_companies(installer, solar):
    ListingFactory(company=installer, title="Pending", status="pending")
    ListingFactory(company=installer, title="Expired", expires_on=timezone.localdate() - timedelta(days=1))
    hidden = CompanyFactory(status=Company.Status.PENDING)

    profiles = candidates.load_profiles([installer.pk, hidden.pk])

    assert list(profiles) == [installer.pk]
    profile = profiles[installer.pk]
    assert (profile.country, profile.sectors, profile.languages) == ("VN", {solar.pk}, {"vi", "en"})
    assert [(e.kind, e.chapter, e.title) for e in profile.entries] == [("offer", 85, "Hybrid inverters")]


def test_load_profiles_reads_target_countries(installer):
    ListingFactory(company=installer, title="To Azerbaijan", target_countries=["AZ"], kind="request")

    entries = candidates.load_profiles([installer.pk])[installer.pk].entries

    assert {e.title: e.targets for e in entries} == {"Hybrid inverters": frozenset(), "To Azerbaijan": {"AZ"}}


def test_candidate_key_follows_sectors_and_country(solar):
    trade = SectorFactory(slug="trade")
    company = CompanyFactory(country="VN", sectors=[trade, solar])
    key = CandidateKey.objects.get(company=company)
    assert (key.country, key.sectors) == ("VN", f",{min(trade.pk, solar.pk)},{max(trade.pk, solar.pk)},")

    company.sectors.remove(trade)
    company.country = "AZ"
    company.save()

    key.refresh_from_db()
    assert (key.country, key.sectors) == ("AZ", f",{solar.pk},")


def test_candidate_key_follows_changes_from_the_sector_side(solar):
    company = CompanyFactory(sectors=[])
    solar.companies.add(company)
    assert CandidateKey.objects.get(company=company).sectors == f",{solar.pk},"

    solar.companies.clear()

    assert CandidateKey.objects.get(company=company).sectors == ""


def test_refresh_candidate_keys_covers_bulk_created_companies(solar):
    SectorFactory(slug="agriculture-food")
    create_synthetic(5, seed=1)
    CandidateKey.objects.all().delete()

    written = refresh_candidate_keys()

    assert written == 5
    assert CandidateKey.objects.count() == 5


# A company's suggestions ---------------------------------------------------------------------------------------


def test_answering_contenders_are_the_companies_with_an_entry_answering_ours(installer):
    buyer = azerbaijani("Günəş Enerji", [SectorFactory(slug="construction")])
    ListingFactory(company=buyer, kind="request", title="Photovoltaic equipment", hs_chapter=HSChapterFactory(code=85))
    unrelated = azerbaijani("Quba Bağları", [SectorFactory(slug="agriculture-food")])
    viewer = candidates.load_profiles([installer.pk])[installer.pk]

    found = candidates.contenders(viewer, floor=0, exclude={installer.pk}, answering=True)

    assert [pk for _, pk in found] == [buyer.pk]  # not the unrelated company, though it is approved too
    assert unrelated.status == "approved"
    bound = found[0][0]
    assert bound >= score_value(viewer, candidates.load_profiles([buyer.pk])[buyer.pk]) > 0


def test_candidates_include_same_and_neighbouring_sector_sets(installer, solar):
    same = azerbaijani("Same", [solar])
    wider = azerbaijani("Wider", [solar, SectorFactory(slug="construction")])
    far = azerbaijani("Far", [SectorFactory(slug="mining"), SectorFactory(slug="tourism"),
                              SectorFactory(slug="trade")])

    found = candidates.candidate_ids(candidates.load_profiles([installer.pk])[installer.pk])

    assert {same.pk, wider.pk} <= set(found)
    assert far.pk not in found


def test_company_suggestions_rank_by_score_with_reasons(installer, solar):
    buyer = azerbaijani("Günəş Enerji", [solar], languages=("az", "en"))
    ListingFactory(company=buyer, kind="request", title="Photovoltaic equipment", hs_chapter=HSChapterFactory(code=85))
    same_sector = azerbaijani("Kür Hidro", [solar])
    local = CompanyFactory(name="Hà Nội Solar", country="VN", sectors=[solar], languages=[])

    suggestions = selectors.company_suggestions(installer)

    # Neither entry names a heading: a chapter-level match (10).
    assert [(s.company_id, s.match.score) for s in suggestions] == [
        (buyer.pk, 70), (same_sector.pk, 50), (local.pk, 30)]
    assert suggestions[0].match.codes == ("sectors", "a_offers_b_requests", "cross_border", "languages")


def test_company_suggestions_put_must_meet_first_and_leave_out_not_interested(installer, solar):
    best = azerbaijani("Best", [solar])
    weak = CompanyFactory(name="Weak", country="VN", sectors=[solar], languages=[])
    unwanted = azerbaijani("Unwanted", [solar])
    PreferenceFactory(company=installer, other=weak, kind="must_meet")
    PreferenceFactory(company=installer, other=unwanted, kind="not_interested")

    suggestions = selectors.company_suggestions(installer)

    assert ids(suggestions) == [weak.pk, best.pk]
    assert suggestions[0].must_meet is True


def test_company_suggestions_include_must_meet_even_without_anything_in_common(installer):
    stranger = CompanyFactory(name="Stranger", country="DE", sectors=[SectorFactory(slug="mining")], languages=[])
    PreferenceFactory(company=installer, other=stranger, kind="must_meet")

    assert ids(selectors.company_suggestions(installer)) == [stranger.pk]


def test_company_suggestions_leave_out_unapproved_companies(installer, solar):
    azerbaijani("Pending", [solar], status=Company.Status.PENDING)
    azerbaijani("Suspended", [solar], status=Company.Status.SUSPENDED)

    assert selectors.company_suggestions(installer) == []


def test_company_suggestions_are_empty_for_an_unapproved_company(installer, solar):
    azerbaijani("Partner", [solar])
    Company.objects.filter(pk=installer.pk).update(status=Company.Status.PENDING)
    installer.refresh_from_db()

    assert selectors.company_suggestions(installer) == []


def test_company_suggestions_apply_their_marks_and_declined_requests(installer, solar):
    marked_me = azerbaijani("Marked me", [solar])
    declined = azerbaijani("Declined", [solar])
    PreferenceFactory(company=marked_me, other=installer, kind="not_interested")
    event = EventFactory()
    MeetingRequest.objects.create(event=event, requester=ParticipationFactory(event=event, company=installer),
                                  recipient=ParticipationFactory(event=event, company=declined), status="declined")

    scores = {s.company_id: (s.match.score, s.match.codes[-1]) for s in selectors.company_suggestions(installer)}

    assert scores == {marked_me.pk: (25, "not_interested_by_b"), declined.pk: (30, "declined_request")}


def test_company_suggestions_top_20_match_a_brute_force_ranking(installer, solar):
    sectors = [solar, SectorFactory(slug="construction"), SectorFactory(slug="trade")]
    for i in range(60):
        company = CompanyFactory(name=f"Partner {i:02d}", country=["AZ", "VN", "TR"][i % 3],
                                 sectors=sectors[: 1 + i % 3], languages=[LanguageFactory(code=["en", "az"][i % 2])])
        if i % 4 == 0:
            ListingFactory(company=company, kind="request", hs_chapter=HSChapterFactory(code=85))
    everyone = candidates.load_profiles(Company.objects.values_list("pk", flat=True))
    viewer = everyone.pop(installer.pk)

    brute = [m.score for _, m in rank(viewer, everyone.values())[:20]]
    fast = [s.match.score for s in selectors.company_suggestions(installer)[:20]]

    assert fast == brute


# Inside an event -----------------------------------------------------------------------------------------------


@pytest.fixture
def forum(installer, solar):
    event = EventFactory()
    me = ParticipationFactory(event=event, company=installer)
    others = {name: ParticipationFactory(event=event, company=azerbaijani(name, [solar])) for name in
              ["Asked", "Declined me", "Fresh", "Unwanted"]}
    ParticipationFactory(event=event, company=azerbaijani("Pending", [solar]), status="pending")
    MeetingRequest.objects.create(event=event, requester=me, recipient=others["Asked"])
    MeetingRequest.objects.create(event=event, requester=me, recipient=others["Declined me"], status="declined")
    PreferenceFactory(company=installer, other=others["Unwanted"].company, kind="not_interested")
    return event, me, others


def test_event_suggestions_leave_out_requested_pairs_marks_and_unapproved(forum):
    event, me, others = forum

    suggestions = selectors.event_suggestions(me)

    assert ids(suggestions) == [others["Fresh"].company_id]
    selectors.with_participations(event, suggestions)
    assert suggestions[0].participation == others["Fresh"]


def test_event_pair_suggestions_skip_pairs_that_asked_each_other(forum, installer):
    event, me, others = forum
    Introduction.objects.create(event=event, first=others["Asked"].company, second=others["Fresh"].company)

    pairs = selectors.event_pair_suggestions(event)

    keys = [(p.first.company.name, p.second.company.name) for p in pairs]
    assert ("Saigon Solar", "Asked") not in keys and ("Saigon Solar", "Declined me") not in keys
    assert len(keys) == 8  # 5 approved participants = 10 pairs, minus the 2 that asked
    introduced = [p for p in pairs if p.introduced_at]
    assert [(p.first.company.name, p.second.company.name) for p in introduced] == [("Asked", "Fresh")]
    assert pairs[0].match.score == 50  # the installer and a fresh Azerbaijani partner: sector + cross-border
    assert [p.first.company_id < p.second.company_id for p in pairs] == [True] * 8


def test_event_pair_suggestions_read_reasons_from_the_less_interested_side(forum):
    event, me, others = forum
    PreferenceFactory(company=others["Fresh"].company, other=me.company, kind="not_interested")

    pair = next(p for p in selectors.event_pair_suggestions(event)
                if {p.first, p.second} == {me, others["Fresh"]})

    codes = pair.match.codes
    assert pair.match.score == 0  # 50 - 50: the side that is not interested counts
    assert codes[-1] == ("not_interested_by_a" if pair.first == others["Fresh"] else "not_interested_by_b")


def test_with_shared_events_finds_the_next_event_both_attend(installer, solar):
    partner = azerbaijani("Partner", [solar])
    later, sooner = EventFactory(), EventFactory(start_date=timezone.localdate() + timedelta(days=10))
    for event in (later, sooner):
        ParticipationFactory(event=event, company=installer)
        ParticipationFactory(event=event, company=partner)
    suggestions = selectors.company_suggestions(installer)

    selectors.with_shared_events(installer, suggestions)

    assert suggestions[0].shared.event == sooner


def test_demo_pepper_exporter_meets_the_spice_importer_not_the_coffee_roaster():
    from companies import demo
    from matchmaking.reasons import explain

    demo.load_companies(demo.load_accounts(), draw_logos=False)
    demo.load_listings()
    pepper = Company.objects.get(name="Bình Phước Cashew Processing Co., Ltd")
    names = dict(Company.objects.values_list("pk", "name"))

    suggestions = {names[s.company_id]: s for s in selectors.company_suggestions(pepper)}
    lines = {name: [line.text for line in explain(s.match, sectors=selectors.sector_names())]
             for name, s in suggestions.items()}

    spices, roaster = suggestions["Bakı Qida Distribusiya MMC"], suggestions["Abşeron Qəhvə Evi MMC"]
    assert ("They are looking for “Black and white pepper for retail packing” (HS 0904: pepper), which you offer"
            in lines["Bakı Qida Distribusiya MMC"])
    assert not any("which you offer" in line for line in lines["Abşeron Qəhvə Evi MMC"])
    assert spices.match.score > roaster.match.score
    # Another Vietnamese pepper exporter: a likely competitor, said so and scored below the buyers.
    rival = suggestions["Highland Bean Export JSC"]
    assert lines["Highland Bean Export JSC"][-1] == (
        "Likely competitor: you both sell HS 0904 (pepper) from Vietnam into the same markets")
    assert rival.match.score == 0
