"""A text search's page read from the companies whose name holds every term (companies.search.name_first,
config.paging.CappedPaginator.get_page): always the same page as ranking every match, in fewer rows read."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.filters import CompanyFilter
from companies.models import Company
from companies.search import name_first
from companies.selectors import public_companies
from config.paging import CappedPaginator
from tests.companies.test_search import directory
from tests.factories import CompanyFactory

WORDS = ["Bakı", "Caspian", "Coffee", "Cà Phê", "Mekong", "Trade", "Pepper", "Hà Nội", "Saigon", "Xalça", "Tea",
         "Gəncə", "Logistics", "Solar"]
QUERIES = ["baku", "coffee", "ca phe", "mekong trade", "trade", "pepper", "hanoi", "Ho Chi Minh", "tea",
           "ganja carpet", "xalca", "logistics baku", "solar", "caspian coffee", "zzz"]


@pytest.fixture
def population(db):
    """80 approved companies whose names and descriptions draw on the same words (so that names tie and a term
    may be in the name, the description or both), and a few not approved."""
    rng = random.Random(2026)
    for n in range(80):
        name = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        CompanyFactory(name=f"{name} {n % 7}", description=" ".join(rng.sample(WORDS, 3)),
                       city=rng.choice(["Bakı", "TP. Hồ Chí Minh", "Gəncə", "Hà Nội"]))
    for n in range(4):
        CompanyFactory(name=f"Bakı Coffee Trade pending {n}", status="pending")


def page_ids(query, number, *, per_page, head: bool, orphans=0, **filters):
    company_filter = CompanyFilter({"q": query, **filters}, queryset=public_companies())
    paginator = CappedPaginator(company_filter.qs, per_page, orphans=orphans)
    page = paginator.get_page(number, head=company_filter.name_first() if head else None)
    return [company.pk for company in page.object_list], page.number


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (7, 2)])
def test_every_page_is_the_page_of_the_whole_ranking(population, per_page, orphans):
    for query in QUERIES:
        assert CompanyFilter({"q": query}, queryset=public_companies()).name_first() is not None
        total = CompanyFilter({"q": query}, queryset=public_companies()).qs.count()
        for number in range(1, total // per_page + 3):  # and one page past the end
            assert page_ids(query, number, per_page=per_page, orphans=orphans, head=True) \
                == page_ids(query, number, per_page=per_page, orphans=orphans, head=False), (query, number)


def test_a_page_the_names_fill_reads_only_its_rows(population):
    with_name = Company.objects.approved().filter(search_name__contains=" baki").count()
    assert with_name >= 5

    with CaptureQueriesContext(connection) as queries:
        ids, _number = page_ids("baku", 1, per_page=5, head=True)

    # The count, the head's ids, the five rows by id, their sectors and languages: no ranking of every match.
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 5
    assert sql[1].startswith('SELECT "companies_company"."id" AS "pk" FROM "companies_company" WHERE')
    assert sql[1].endswith("LIMIT 5") and "search_text" not in sql[1]
    assert ' IN (' in sql[2] and "LIMIT" not in sql[2]
    assert len(ids) == 5


def test_a_page_the_names_do_not_fill_comes_from_the_whole_ranking(population):
    head = name_first(public_companies(), "baku")
    with_name = head.count()
    number = with_name // 5 + 1  # the page where companies without "baku" in their name begin

    ids, _number = page_ids("baku", number, per_page=5, head=True)

    assert ids == page_ids("baku", number, per_page=5, head=False)[0]
    assert set(ids) - set(head.values_list("pk", flat=True))  # some come from the descriptions


def test_a_head_row_missing_from_the_list_falls_back_to_the_whole_ranking(population):
    """Changed between the two reads (a company withdrawn, renamed): the page is read as usual."""
    company_filter = CompanyFilter({"q": "baku"}, queryset=public_companies())
    everyone = name_first(Company.objects.all(), "baku")  # the pending companies sort first ("baki coffee…")
    paginator = CappedPaginator(company_filter.qs, 5)

    page = paginator.get_page(1, head=everyone)

    assert [c.pk for c in page.object_list] == page_ids("baku", 1, per_page=5, head=False)[0]


@pytest.mark.parametrize("filters", [{"country": "AZ"}, {"sort": "name"}, {"size": "small"}])
def test_no_head_with_another_filter_or_a_chosen_order(population, filters):
    assert CompanyFilter({"q": "baku", **filters}, queryset=public_companies()).name_first() is None


@pytest.mark.parametrize("data", [None, {}, {"q": ""}, {"q": "  ,, "}, {"q": "baku", "size": "enormous"}])
def test_no_head_without_a_valid_search(population, data):
    assert CompanyFilter(data, queryset=public_companies()).name_first() is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typos are corrected on PostgreSQL only")
def test_no_head_when_a_term_is_corrected(population):
    """A corrected term ranks by similarity, not by name: the head would not be the head."""
    assert name_first(public_companies(), "cofee") is None
    assert name_first(public_companies(), "coffee") is not None


def test_the_directory_shows_the_ranked_page(client, population):
    expected = [Company.objects.get(pk=pk).name
                for pk in page_ids("baku", 1, per_page=20, head=False)[0]]

    assert directory(client, "baku") == expected
    assert client.get(reverse("companies:directory"), {"q": "baku", "page": "99"}).status_code == 200
