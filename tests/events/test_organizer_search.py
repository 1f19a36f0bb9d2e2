"""Search where the organizer looks (issue 17): the dashboard's registrations and the plan's "Find a company",
with the site's accent-insensitive search (companies.search).

The event (tests/events/conftest.py) is in Baku, one session of three slots (9:00, 9:20, 9:40), two tables;
Highland Coffee and Caspian Foods (Bakı) are approved.
"""

import pytest
from django.db import connection
from django.urls import reverse

from events import selectors
from tests.factories import join, meet

# The dashboard and the plan are read-only pages: the event's viewer searches them too.
PAGE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 200), ("staff", 200)]


def dashboard_url(event) -> str:
    return reverse("events:dashboard", args=[event.slug])


def plan_url(event) -> str:
    return reverse("events:plan", args=[event.slug])


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [participation.company.name for participation in response.context["participations"]]


@pytest.fixture
def crowd(event, coffee, distributor):
    """Besides Highland Coffee and Caspian Foods: a Vietnamese coffee roaster awaiting approval, a declined
    Azerbaijani grower."""
    join(event, "Cà Phê Sài Gòn", status="pending")
    join(event, "Göygöl Fındıq", status="declined")
    return event


# The dashboard -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["ca phe", "CA PHE", "Cà Phê", "cà phe", "sai gon"])
def test_dashboard_search_ignores_accents_and_case(all_roles, crowd, as_role, query):
    assert listed(as_role("organizer").get(dashboard_url(crowd), {"q": query})) == ["Cà Phê Sài Gòn"]


@pytest.mark.parametrize("query", ["Bakı", "baku", "BAKI"])
def test_dashboard_search_finds_the_city_in_any_spelling(all_roles, crowd, as_role, query):
    assert listed(as_role("organizer").get(dashboard_url(crowd), {"q": query})) == ["Caspian Foods"]


def test_dashboard_search_with_azerbaijani_letters(all_roles, crowd, as_role):
    assert listed(as_role("organizer").get(dashboard_url(crowd), {"q": "goygol findiq"})) == ["Göygöl Fındıq"]


def test_dashboard_without_search_lists_every_registration_awaiting_first(all_roles, crowd, as_role):
    response = as_role("organizer").get(dashboard_url(crowd))

    assert listed(response) == ["Cà Phê Sài Gòn", "Caspian Foods", "Göygöl Fındıq", "Highland Coffee"]
    assert response.context["searching"] is False


@pytest.mark.parametrize(("status", "names"), [
    ("pending", ["Cà Phê Sài Gòn"]),
    ("approved", ["Caspian Foods", "Highland Coffee"]),
    ("declined", ["Göygöl Fındıq"]),
])
def test_dashboard_status_filter(all_roles, crowd, as_role, status, names):
    assert listed(as_role("organizer").get(dashboard_url(crowd), {"status": status})) == names


def test_dashboard_search_and_status_combine(all_roles, crowd, as_role):
    client = as_role("organizer")

    assert listed(client.get(dashboard_url(crowd), {"q": "highland", "status": "approved"})) == ["Highland Coffee"]
    assert listed(client.get(dashboard_url(crowd), {"q": "highland", "status": "pending"})) == []


@pytest.mark.parametrize("params", [{"status": "everything"}, {"q": "x" * 201}])
def test_dashboard_bad_search_input_lists_everybody(all_roles, crowd, as_role, params):
    response = as_role("organizer").get(dashboard_url(crowd), params)

    assert len(listed(response)) == 4
    assert response.context["searching"] is False


def test_dashboard_search_without_a_match_says_so(all_roles, crowd, as_role):
    response = as_role("organizer").get(dashboard_url(crowd), {"q": "nothing like it"})

    assert listed(response) == []
    assert "No registration matches the search." in response.content.decode()


@pytest.mark.parametrize(("role", "status"), PAGE_ACCESS)
def test_dashboard_search_permission_matrix(all_roles, crowd, as_role, role, status):
    assert as_role(role).get(dashboard_url(crowd), {"q": "ca phe"}).status_code == status


# The plan ------------------------------------------------------------------------------------------------------


@pytest.fixture
def booked(crowd, coffee, distributor):
    """Highland Coffee meets Caspian Foods (9:00, table 1) and Cà Phê Sài Gòn (9:20); Caspian Foods meets Hanoi
    Silk (9:20, table 2)."""
    roaster = crowd.participations.get(company__name="Cà Phê Sài Gòn")
    roaster.status = "approved"
    roaster.save()
    silk = join(crowd, "Hanoi Silk")
    return {"coffee-caspian": meet(coffee, distributor), "coffee-roaster": meet(coffee, roaster),
            "caspian-silk": meet(distributor, silk)}


def marked(response) -> list[int]:
    return sorted(meeting.pk for _, cells in response.context["rows"] for meeting in cells if meeting
                  and meeting.is_match)


@pytest.mark.parametrize("query", ["ca phe", "CÀ PHÊ", "Cà Phê"])
def test_plan_search_marks_the_meetings_of_matching_companies(all_roles, booked, as_role, query):
    response = as_role("organizer").get(plan_url(booked["coffee-caspian"].event), {"q": query})

    assert marked(response) == [booked["coffee-roaster"].pk]
    assert response.context["match_count"] == 1
    content = response.content.decode()
    assert "1 meeting of matching companies" in content
    assert content.count("plan-cell is-match") == 1
    assert content.count(">Match</span>") == 1  # a visible marker, not colour alone


def test_plan_search_counts_every_meeting_of_the_companies_found(all_roles, booked, as_role):
    response = as_role("organizer").get(plan_url(booked["coffee-caspian"].event), {"q": "Bakı"})

    assert marked(response) == sorted([booked["coffee-caspian"].pk, booked["caspian-silk"].pk])
    assert "2 meetings of matching companies" in response.content.decode()


def test_plan_search_marks_unscheduled_meetings_too(all_roles, booked, as_role):
    event = booked["coffee-caspian"].event
    waiting = meet(join(event, "Ana Trade"), join(event, "Bao Trade"))
    waiting.slot = None
    waiting.table = None
    waiting.save()

    response = as_role("organizer").get(plan_url(event), {"q": "ana"})

    assert [meeting.pk for meeting in response.context["unscheduled"] if meeting.is_match] == [waiting.pk]
    assert response.context["match_count"] == 1


@pytest.mark.parametrize("query", ["", "   ", "?!", "nothing like it"])
def test_plan_search_without_a_match_marks_nothing(all_roles, booked, as_role, query):
    response = as_role("organizer").get(plan_url(booked["coffee-caspian"].event), {"q": query})

    assert marked(response) == []
    assert response.context["match_count"] == 0
    assert ("0 meetings of matching companies" in response.content.decode()) is bool(query.strip())


def test_plan_search_ignores_other_events(all_roles, booked, as_role):
    from tests.factories import EventFactory

    other = EventFactory(slug="elsewhere")
    meet(join(other, "Cà Phê Hà Nội"), join(other, "Baku Tea"))

    response = as_role("organizer").get(plan_url(booked["coffee-caspian"].event), {"q": "ca phe"})

    assert response.context["match_count"] == 1


@pytest.mark.parametrize(("role", "status"), PAGE_ACCESS)
def test_plan_search_permission_matrix(all_roles, booked, as_role, role, status):
    assert as_role(role).get(plan_url(booked["coffee-caspian"].event), {"q": "ca phe"}).status_code == status


@pytest.mark.parametrize("pairs", [1, 8])
def test_plan_search_queries_do_not_grow(event, as_role, django_assert_num_queries, pairs):
    from events.services import set_table_count

    set_table_count(event=event, count=pairs)
    for n in range(pairs):
        meet(join(event, f"Hanoi Trader {n}"), join(event, f"Baku Trader {n}"))
    client = as_role("organizer")
    # The plan's budget (tests/events/test_organizer_views.py) and the search: the matching companies, and on
    # PostgreSQL the typo corrections of the term.
    expected = 4 + 4 + 3 + 1 + (1 if connection.vendor == "postgresql" else 0)

    with django_assert_num_queries(expected):
        response = client.get(plan_url(event), {"q": "hanoi trader"})

    assert response.context["match_count"] == pairs


def test_matching_participation_ids_selector(crowd):
    assert selectors.matching_participation_ids(crowd, "") == set()
    assert selectors.matching_participation_ids(crowd, "ca phe") == {
        crowd.participations.get(company__name="Cà Phê Sài Gòn").pk}
