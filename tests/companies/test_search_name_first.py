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

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="the directory reads the head on PostgreSQL only (CompanyFilter)")


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


def ranked(query):
    return CompanyFilter({"q": query}, queryset=public_companies()).qs


def page_ids(query, number, *, per_page, head, orphans=0):
    page = CappedPaginator(ranked(query), per_page, orphans=orphans).get_page(number, head=head)
    return [company.pk for company in page.object_list]


@pytest.mark.parametrize("per_page,orphans", [(5, 0), (7, 2)])
def test_every_page_is_the_page_of_the_whole_ranking(population, per_page, orphans):
    """On both databases: companies.search.name_first is the head of the ranking, page after page."""
    for query in QUERIES:
        head = name_first(public_companies(), query)
        assert head is not None
        for number in range(1, ranked(query).count() // per_page + 3):  # and one page past the end
            assert page_ids(query, number, per_page=per_page, orphans=orphans, head=head) \
                == page_ids(query, number, per_page=per_page, orphans=orphans, head=None), (query, number)


def test_a_page_the_names_fill_reads_only_its_rows(population):
    assert name_first(public_companies(), "baku").count() >= 5

    with CaptureQueriesContext(connection) as queries:
        ids = page_ids("baku", 1, per_page=5, head=name_first(public_companies(), "baku"))

    # The count, the head's ids, the five rows by id, their sectors and languages: no ranking of every match.
    sql = [query["sql"] for query in queries.captured_queries]
    assert len(sql) == 5
    assert sql[1].startswith('SELECT "companies_company"."id" AS "pk" FROM "companies_company" WHERE')
    assert sql[1].endswith("LIMIT 5") and "search_text" not in sql[1]
    assert ' IN (' in sql[2] and "LIMIT" not in sql[2]
    assert len(ids) == 5


def test_a_page_the_names_do_not_fill_comes_from_the_whole_ranking(population):
    head = name_first(public_companies(), "baku")
    number = head.count() // 5 + 1  # the page where companies without "baku" in their name begin

    ids = page_ids("baku", number, per_page=5, head=head)

    assert ids == page_ids("baku", number, per_page=5, head=None)
    assert set(ids) - set(head.values_list("pk", flat=True))  # some come from the descriptions


def test_a_head_row_missing_from_the_list_falls_back_to_the_whole_ranking(population):
    """Changed between the two reads (a company withdrawn, renamed): the page is read as usual."""
    everyone = name_first(Company.objects.all(), "baku")  # the pending companies sort first ("baki coffee…")

    assert page_ids("baku", 1, per_page=5, head=everyone) == page_ids("baku", 1, per_page=5, head=None)


@postgresql_only
def test_the_directory_filter_gives_the_head_for_a_search_alone(population):
    head = CompanyFilter({"q": "baku"}, queryset=public_companies()).name_first()

    assert list(head) == list(name_first(public_companies(), "baku"))


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_no_head_on_sqlite(population):
    """The search scans the table there anyway, and the partial index would not serve the head."""
    assert CompanyFilter({"q": "baku"}, queryset=public_companies()).name_first() is None


@pytest.mark.parametrize("filters", [{"country": "AZ"}, {"sort": "name"}, {"size": "small"}])
def test_no_head_with_another_filter_or_a_chosen_order(population, filters):
    assert CompanyFilter({"q": "baku", **filters}, queryset=public_companies()).name_first() is None


@pytest.mark.parametrize("data", [None, {}, {"q": ""}, {"q": "  ,, "}, {"q": "baku", "size": "enormous"}])
def test_no_head_without_a_valid_search(population, data):
    assert CompanyFilter(data, queryset=public_companies()).name_first() is None


@postgresql_only
def test_no_head_when_a_term_is_corrected(population):
    """A corrected term ranks by similarity, not by name: the head would not be the head."""
    assert name_first(public_companies(), "cofee") is None
    assert name_first(public_companies(), "coffee") is not None


@postgresql_only
def test_the_head_is_read_from_the_partial_index(population):
    head = CompanyFilter({"q": "baku"}, queryset=public_companies()).name_first()
    sql, params = head.values_list("pk", flat=True)[:5].query.sql_with_params()
    with connection.cursor() as cursor:
        # 80 rows: the planner would rather read the table and sort. Can the index serve the head, in its order
        # and under its WHERE? (At 100,000 companies it is the plan chosen: docs/performance.md, "Search".)
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Only Scan using company_public_name_idx" in plan, plan
    assert "Sort" not in plan, plan


def test_the_directory_shows_the_ranked_page(client, population):
    expected = [Company.objects.get(pk=pk).name for pk in page_ids("baku", 1, per_page=20, head=None)]

    assert directory(client, "baku") == expected
    assert client.get(reverse("companies:directory"), {"q": "baku", "page": "99"}).status_code == 200
