"""Suggested partners pages, marks and introductions: permissions, content, query counts."""
# The fixed event roles are the fixtures of tests/events/conftest.py, imported here; test arguments that name
# them look like redefinitions to pyflakes.
# ruff: noqa: F811

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from events.models import MeetingRequest
from matchmaking.models import Introduction, Preference
from tests.events.conftest import (  # noqa: F401
    co_organizer,
    coffee,
    distributor,
    event,
    non_participant,
    organizer,
    other_organizer,
    other_participant,
    participant,
    viewer,
)
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    HSHeadingFactory,
    LanguageFactory,
    ListingFactory,
    MembershipFactory,
    ParticipationFactory,
    SectorFactory,
    UserFactory,
)

PARTNERS = reverse("matchmaking:partners")


@pytest.fixture
def company_roles(owner, member, other_owner, loner, staff, organizer):
    return None


@pytest.fixture
def solar(db):
    return SectorFactory(slug="renewable-energy", name_en="Renewable energy", name_vi="Năng lượng tái tạo")


@pytest.fixture
def buyer(company, solar):
    """An Azerbaijani installer looking for photovoltaic equipment, which `company` offers."""
    company.sectors.set([solar])
    company.languages.set([LanguageFactory(code="vi"), LanguageFactory(code="en"), LanguageFactory(code="ru")])
    ListingFactory(company=company, title="Hybrid inverters", sector=solar, hs_chapter=HSChapterFactory(code=85),
                   hs_heading=HSHeadingFactory(code=8504))
    partner = CompanyFactory(name="Günəş Enerji", slug="gunes-enerji", country="AZ", sectors=[solar],
                             languages=[LanguageFactory(code="en"), LanguageFactory(code="ru")])
    ListingFactory(company=partner, kind="request", title="Inverters for solar farms", sector=solar,
                   hs_chapter=HSChapterFactory(code=85), hs_heading=HSHeadingFactory(code=8504))
    return partner


def suggested(response) -> list[str]:
    return [s.company.name for s in response.context["suggestions"]]


# Company suggestions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 200),
                                              ("other_owner", 200), ("loner", 302), ("staff", 302),
                                              ("organizer", 302)])
def test_partners_permission_matrix(company_roles, as_role, role, status):
    assert as_role(role).get(PARTNERS).status_code == status


def test_partners_without_company_go_to_the_profile_form(loner, client):
    client.force_login(loner)

    assert client.get(PARTNERS)["Location"] == reverse("companies:create")


def test_partners_show_the_score_and_its_reasons_in_words(buyer, owner, client):
    client.force_login(owner)

    response = client.get(PARTNERS)

    assert suggested(response) == ["Günəş Enerji"]
    assert [(line.text, line.points) for line in response.context["suggestions"][0].lines] == [
        ("Both work in renewable energy", 30),
        ("They are looking for “Inverters for solar farms” (HS 8504: transformers and inverters), which you offer",
         20),
        ("Cross-border: Vietnam ↔ Azerbaijan", 20),
        ("You share English and Russian", 10),
    ]
    html = response.content.decode()
    assert "80" in html and "(HS 8504: transformers and inverters), which you offer" in html


def test_partners_reasons_follow_the_active_language(buyer, owner, client):
    client.force_login(owner)

    with translation.override("vi"):
        response = client.get(reverse("matchmaking:partners"))

    texts = [line.text for line in response.context["suggestions"][0].lines]
    assert texts[0].endswith("năng lượng tái tạo")
    assert texts[2] == "Cross-border: Việt Nam ↔ Azerbaijan" or "Việt Nam" in texts[2]


def test_partners_offer_a_meeting_request_at_an_event_both_attend(buyer, company, owner, client):
    from tests.factories import EventFactory

    forum = EventFactory(slug="baku-solar-forum")
    ParticipationFactory(event=forum, company=company)
    theirs = ParticipationFactory(event=forum, company=buyer)
    client.force_login(owner)

    html = client.get(PARTNERS).content.decode()

    assert reverse("events:request_meeting", args=[forum.slug, theirs.pk]) in html


@pytest.mark.parametrize("count", [1, 25])
def test_partners_query_count_is_constant(company, owner, solar, client, django_assert_num_queries, count):
    company.sectors.set([solar])
    for i in range(count):
        partner = CompanyFactory(country="AZ", sectors=[solar])
        ListingFactory(company=partner, kind="request", sector=solar)
        Preference.objects.create(company=company, other=partner, kind="not_interested" if i % 2 else "must_meet")
    client.force_login(owner)

    # session, user, membership; the viewer's profile (its candidate key joined to its entries), its marks with
    # the marks on it and its declined requests, the sector ids and the affinity candidates (the viewer has no
    # entries: no both-ways query, no answering contenders), the candidates' profiles, the two reads of the other
    # contenders (fewer than 20 candidates: every sector set, partner country and elsewhere); the page's companies
    # with their sectors (2), sector names, shared events, the header's notifications and the marks list.
    with django_assert_num_queries(17):
        client.get(PARTNERS)


# Marks ---------------------------------------------------------------------------------------------------------


def mark(client, slug, kind, **extra):
    return client.post(reverse("matchmaking:mark", args=[slug]), {"kind": kind, **extra})


@pytest.mark.parametrize(("role", "status", "marks"), [
    ("anonymous", 302, 0), ("owner", 302, 1), ("member", 302, 1), ("other_owner", 302, 1), ("loner", 403, 0),
    ("staff", 403, 0), ("organizer", 403, 0),
])
def test_mark_permission_matrix(company_roles, as_role, role, status, marks):
    target = CompanyFactory(name="Target", slug="target")

    response = mark(as_role(role), target.slug, "must_meet")

    assert response.status_code == status
    assert Preference.objects.count() == marks


def test_must_meet_moves_a_company_to_the_top_and_undo_restores_the_order(buyer, company, owner, solar, client):
    weak = CompanyFactory(name="Weak Partner", slug="weak-partner", country="VN", sectors=[solar], languages=[])
    client.force_login(owner)
    assert suggested(client.get(PARTNERS)) == ["Günəş Enerji", "Weak Partner"]

    response = mark(client, weak.slug, "must_meet")

    assert response["Location"] == PARTNERS
    assert suggested(client.get(PARTNERS)) == ["Weak Partner", "Günəş Enerji"]
    mark(client, weak.slug, "clear")
    assert suggested(client.get(PARTNERS)) == ["Günəş Enerji", "Weak Partner"]


def test_not_interested_hides_a_company_until_undone(buyer, owner, client):
    client.force_login(owner)

    mark(client, buyer.slug, "not_interested")
    hidden = client.get(PARTNERS)
    mark(client, buyer.slug, "clear")

    assert suggested(hidden) == []
    assert [p.other.name for p in hidden.context["marks"]] == ["Günəş Enerji"]
    assert suggested(client.get(PARTNERS)) == ["Günəş Enerji"]


@pytest.mark.parametrize("kind", ["", "love", "must-meet"])
def test_mark_with_unknown_kind_is_400(buyer, owner, client, kind):
    client.force_login(owner)

    assert mark(client, buyer.slug, kind).status_code == 400
    assert Preference.objects.count() == 0


def test_mark_of_unknown_or_unapproved_company_is_404(owner, client):
    pending = CompanyFactory(slug="pending-co", status="pending")
    client.force_login(owner)

    assert mark(client, "no-such-company", "must_meet").status_code == 404
    assert mark(client, pending.slug, "must_meet").status_code == 404


def test_mark_of_own_company_is_refused_with_a_message(company, owner, client):
    client.force_login(owner)

    response = mark(client, company.slug, "must_meet")

    assert response.status_code == 302
    assert Preference.objects.count() == 0
    assert [str(m) for m in response.wsgi_request._messages] == ["You cannot mark your own company."]


def test_mark_goes_back_to_a_safe_next_page_only(buyer, owner, client):
    client.force_login(owner)

    safe = mark(client, buyer.slug, "must_meet", next="/en/events/forum/suggestions/")
    unsafe = mark(client, buyer.slug, "not_interested", next="https://evil.example/")

    assert safe["Location"] == "/en/events/forum/suggestions/"
    assert unsafe["Location"] == PARTNERS


def test_mark_needs_post(buyer, owner, client):
    client.force_login(owner)

    assert client.get(reverse("matchmaking:mark", args=[buyer.slug])).status_code == 405


# Suggestions inside an event -----------------------------------------------------------------------------------

EVENT_ROLES = [("anonymous", 302), ("participant", 200), ("other_participant", 200), ("non_participant", 403),
               ("organizer", 403), ("other_organizer", 403), ("co_organizer", 403), ("viewer", 403), ("staff", 403)]
# The organizer's Introductions page: the event's viewer sees the pairs, and introduces nobody.
INTRODUCTIONS_PAGE = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                      ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 200),
                      ("staff", 200)]
INTRODUCE = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
             ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403), ("staff", 302)]


@pytest.fixture
def event_roles(participant, other_participant, non_participant, organizer, other_organizer, co_organizer, viewer,
                staff):
    return None


def test_access_tables_cover_every_role():
    from tests.events.conftest import EVENT_ROLES as ROLES

    assert [role for role, _ in EVENT_ROLES] == [role for role, _ in INTRODUCTIONS_PAGE] == ROLES
    assert [role for role, _ in INTRODUCE] == ROLES


@pytest.mark.parametrize(("role", "status"), EVENT_ROLES)
def test_event_suggestions_permission_matrix(event, event_roles, as_role, role, status):
    response = as_role(role).get(reverse("matchmaking:event_suggestions", args=[event.slug]))

    assert response.status_code == status


def test_event_suggestions_of_a_pending_participant_are_403(event, participant, coffee, client):
    coffee.status = "pending"
    coffee.save()
    client.force_login(participant)

    assert client.get(reverse("matchmaking:event_suggestions", args=[event.slug])).status_code == 403


def test_event_suggestions_link_to_the_meeting_request_and_drop_requested_pairs(event, coffee, distributor,
                                                                                participant, client):
    third = ParticipationFactory(event=event, company=CompanyFactory(name="Caspian Tea", country="AZ"))
    client.force_login(participant)
    url = reverse("matchmaking:event_suggestions", args=[event.slug])

    before = client.get(url)
    MeetingRequest.objects.create(event=event, requester=coffee, recipient=distributor)
    after = client.get(url)

    assert suggested(before) == ["Caspian Foods", "Caspian Tea"]
    assert reverse("events:request_meeting", args=[event.slug, distributor.pk]) in before.content.decode()
    assert suggested(after) == ["Caspian Tea"]
    assert third.pk == after.context["suggestions"][0].participation.pk


@pytest.mark.parametrize("count", [1, 25])
def test_event_suggestions_query_count_is_constant(event, coffee, participant, client, django_assert_num_queries,
                                                   count):
    for _ in range(count):
        ParticipationFactory(event=event, company=CompanyFactory(country="AZ"))
    client.force_login(participant)

    # session, user, event, membership, participation; participant ids, profiles (candidate keys joined to
    # entries), marks, requests, marks on the viewer with declined requests; the page's participations with sectors
    # and languages (3), sector names; the header's membership and notifications.
    with django_assert_num_queries(16):
        client.get(reverse("matchmaking:event_suggestions", args=[event.slug]))


# Introductions by the organizer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), INTRODUCTIONS_PAGE)
def test_introductions_permission_matrix(event, event_roles, as_role, role, status):
    response = as_role(role).get(reverse("matchmaking:introductions", args=[event.slug]))

    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), INTRODUCE)
def test_introduce_permission_matrix(event, event_roles, coffee, distributor, as_role, role, status):
    response = as_role(role).post(reverse("matchmaking:introductions", args=[event.slug]),
                                  {"first": coffee.pk, "second": distributor.pk})

    assert response.status_code == status
    assert Introduction.objects.count() == (1 if status == 302 and role != "anonymous" else 0)


def test_introductions_show_a_viewer_no_introduce_button(event, event_roles, coffee, distributor, as_role):
    html = as_role("viewer").get(reverse("matchmaking:introductions", args=[event.slug])).content.decode()

    assert "Highland Coffee" in html
    assert 'name="first"' not in html


def test_introductions_list_best_pairs_and_introduce_them(event, coffee, distributor, organizer, client,
                                                          django_capture_on_commit_callbacks):
    MembershipFactory(company=coffee.company, user=UserFactory(username="lan", email="lan@coffee.example"))
    MembershipFactory(company=distributor.company, user=UserFactory(username="aysel", email="aysel@caspian.example"))
    client.force_login(organizer)
    url = reverse("matchmaking:introductions", args=[event.slug])

    pairs = client.get(url).context["pairs"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"first": coffee.pk, "second": distributor.pk})

    assert [(p.first.company.name, p.second.company.name, p.match.score) for p in pairs] == [
        ("Highland Coffee", "Caspian Foods", 60)]
    assert response.status_code == 302
    assert Introduction.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["aysel@caspian.example", "lan@coffee.example"]
    assert client.get(url).context["pairs"][0].introduced_at is not None


def test_introductions_refuse_a_second_introduction_with_a_message(event, coffee, distributor, organizer, client):
    client.force_login(organizer)
    url = reverse("matchmaking:introductions", args=[event.slug])
    client.post(url, {"first": coffee.pk, "second": distributor.pk})

    response = client.post(url, {"first": distributor.pk, "second": coffee.pk})

    assert [str(m) for m in response.wsgi_request._messages] == [
        "Highland Coffee and Caspian Foods were introduced by email.", "These companies have already been introduced."]
    assert Introduction.objects.count() == 1


@pytest.mark.parametrize(("data", "status"), [
    ({"first": "", "second": ""}, 400), ({"first": "x", "second": "1"}, 400), ({"first": "1", "second": "1"}, 400),
    ({"first": "999999", "second": "999998"}, 404),
])
def test_introductions_bad_input(event, coffee, distributor, organizer, client, data, status):
    client.force_login(organizer)

    response = client.post(reverse("matchmaking:introductions", args=[event.slug]), data)

    assert response.status_code == status
    assert Introduction.objects.count() == 0


def test_introductions_post_by_another_organizer_is_403(event, coffee, distributor, other_organizer, client):
    client.force_login(other_organizer)

    response = client.post(reverse("matchmaking:introductions", args=[event.slug]),
                           {"first": coffee.pk, "second": distributor.pk})

    assert response.status_code == 403
    assert Introduction.objects.count() == 0


@pytest.mark.parametrize("count", [1, 20])
def test_introductions_query_count_is_constant(event, organizer, client, django_assert_num_queries, count):
    for _ in range(count + 1):
        ParticipationFactory(event=event, company=CompanyFactory(country="AZ"))
    client.force_login(organizer)

    # session, user, event, may manage; participant ids, profiles (candidate keys joined to entries),
    # not-interested marks, declined and event requests, the pairs' participations, introductions; sector names;
    # the header's membership and notifications.
    with django_assert_num_queries(16):  # 2 of them: the header asks whether the user organizes events; roles
        client.get(reverse("matchmaking:introductions", args=[event.slug]))


def test_partners_show_the_open_request_instead_of_a_second_request_button(buyer, company, owner, client):
    from events import services as event_services
    from tests.factories import EventFactory

    forum = EventFactory(slug="baku-solar-forum", title="Baku Solar Forum")
    mine = ParticipationFactory(event=forum, company=company)
    theirs = ParticipationFactory(event=forum, company=buyer)
    event_services.request_meeting(requester=mine, recipient=theirs)
    client.force_login(owner)

    html = client.get(PARTNERS).content.decode()

    assert reverse("events:request_meeting", args=[forum.slug, theirs.pk]) not in html
    assert (f'<a class="badge badge-wrap badge-tone-info" href="{reverse("events:requests", args=[forum.slug])}">'
            "Request pending at Baku Solar Forum</a>") in html
