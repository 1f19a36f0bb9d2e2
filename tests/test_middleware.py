"""config/middleware.py: requests refused before any view runs."""

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory

CHANGELIST = reverse("admin:companies_company_changelist")
DIRECTORY = reverse("companies:directory")


@pytest.mark.parametrize("query", ["status=%00", "q=%00", "country=%00", "status__exact=pending%00",
                                   "q=Mekong&country=VN%00", "%00=1"])
def test_nul_byte_in_an_admin_changelist_query_is_a_bad_request(client, staff, company, query):
    client.force_login(staff)

    response = client.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 400


@pytest.mark.parametrize("query", ["q=%00", "country=VN%00", "sector=%00trade", "page=%00"])
def test_nul_byte_in_a_directory_query_is_a_bad_request(client, company, query):
    response = client.get(f"{DIRECTORY}?{query}")

    assert response.status_code == 400


def test_nul_byte_is_refused_before_the_view_even_for_anonymous_admin_visitors(client, db):
    # Without the middleware the admin would redirect to its login page (302).
    assert client.get(f"{CHANGELIST}?q=%00").status_code == 400


def test_normal_queries_still_answer(client, staff, company):
    CompanyFactory(name="Caspian Foods", country="AZ")
    client.force_login(staff)

    admin_response = client.get(CHANGELIST, {"q": "Mekong", "status": "approved", "country": "VN"})
    directory_response = client.get(DIRECTORY, {"q": "Mekong", "country": "VN"})

    assert (admin_response.status_code, directory_response.status_code) == (200, 200)
    assert [c.name for c in admin_response.context["cl"].result_list] == ["Mekong Coffee"]
    assert [c.name for c in directory_response.context["page"].object_list] == ["Mekong Coffee"]


def test_the_bad_request_page_is_the_sites_own_and_translated(client, db):
    response = client.get(f"/vi{DIRECTORY[3:]}?q=%00")

    assert response.status_code == 400
    assert "<h1>Yêu cầu không hợp lệ</h1>" in response.content.decode()
