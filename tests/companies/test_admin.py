import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from companies.models import Company
from tests.factories import CompanyFactory, MembershipFactory, SectorFactory, UserFactory

CHANGELIST = reverse("admin:companies_company_changelist")


@pytest.fixture
def pending(db):
    companies = [CompanyFactory(name=f"Pending {i}", status=Company.Status.PENDING) for i in range(2)]
    for i, company in enumerate(companies):
        MembershipFactory(company=company, user=UserFactory(email=f"owner{i}@example.com"))
    return companies


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 302), ("loner", 302), ("staff", 200)])
def test_company_admin_is_for_staff_only(client, owner, loner, staff, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    assert client.get(CHANGELIST).status_code == status


@pytest.mark.parametrize(
    "params",
    [{"status__exact": "pending"}, {"country": "VN"}, {"women_led__exact": "1"}, {"q": "Pending"}],
)
def test_company_admin_filters_and_search(client, staff, pending, params):
    client.force_login(staff)

    response = client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert sorted(c.name for c in response.context["cl"].result_list) == (
        [] if "women_led__exact" in params else ["Pending 0", "Pending 1"]
    )


def test_company_admin_filters_by_sector(client, staff, pending):
    mining = SectorFactory(slug="mining")
    pending[0].sectors.add(mining)
    client.force_login(staff)

    response = client.get(CHANGELIST, {"sectors__id__exact": mining.pk})

    assert [c.name for c in response.context["cl"].result_list] == ["Pending 0"]


def test_bulk_approve_emails_each_owner(client, staff, pending, django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [c.pk for c in pending]})

    assert response.status_code == 302
    assert sorted(Company.objects.values_list("status", flat=True)) == ["approved", "approved"]
    assert sorted(m.to[0] for m in mail.outbox) == ["owner0@example.com", "owner1@example.com"]


def test_bulk_reject_asks_for_a_reason_first(client, staff, pending):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: [c.pk for c in pending]})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/companies/moderation_reason.html"
    assert sorted(Company.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_bulk_reject_with_empty_reason_changes_nothing(client, staff, pending):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "reject", "apply": "1", "reason": "",
                                        ACTION_CHECKBOX_NAME: [c.pk for c in pending]})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert sorted(Company.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_bulk_reject_with_reason_rejects_and_emails(client, staff, pending, django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "reject", "apply": "1", "reason": "No real address.",
                                            ACTION_CHECKBOX_NAME: [c.pk for c in pending]})

    assert response.status_code == 302
    assert list(Company.objects.order_by().values_list("status", "status_reason").distinct()) == [
        ("rejected", "No real address.")
    ]
    assert len(mail.outbox) == 2
    assert all("No real address." in m.body for m in mail.outbox)


def test_bulk_suspend_hides_company_from_directory(client, staff, company, django_capture_on_commit_callbacks):
    client.force_login(staff)

    client.post(CHANGELIST, {"action": "suspend", "apply": "1", "reason": "Fraud report.",
                             ACTION_CHECKBOX_NAME: [company.pk]})

    assert client.get(company.get_absolute_url()).status_code == 404


def test_bulk_deactivate_asks_for_a_reason_then_applies_it(client, staff, pending, company,
                                                         django_capture_on_commit_callbacks):
    client.force_login(staff)
    selection = {"action": "deactivate", ACTION_CHECKBOX_NAME: [pending[0].pk, company.pk]}

    page = client.post(CHANGELIST, selection)

    assert page.status_code == 200
    assert page.templates[0].name == "admin/companies/moderation_reason.html"
    assert page.context["title"] == "Deactivate companies"
    assert sorted(c.name for c in page.context["objects"]) == ["Mekong Coffee", "Pending 0"]
    assert Company.objects.filter(status="deactivated").count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {**selection, "apply": "1", "reason": "Company closed."})

    assert response.status_code == 302
    assert list(Company.objects.order_by("name").values_list("name", "status", "status_reason")) == [
        ("Mekong Coffee", "deactivated", "Company closed."),
        ("Pending 0", "deactivated", "Company closed."),
        ("Pending 1", "pending", ""),
    ]
    assert [m.to for m in mail.outbox] == [["owner0@example.com"]]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 companies deactivated."]
    assert client.get(company.get_absolute_url()).status_code == 404


def test_sector_admin_can_add_a_sector(client, staff):
    client.force_login(staff)

    response = client.post(reverse("admin:companies_sector_add"), {
        "slug": "pharmaceuticals", "name_en": "Pharmaceuticals", "name_vi": "Dược phẩm", "name_az": "Əczaçılıq",
    })

    assert response.status_code == 302
    assert SectorFactory._meta.model.objects.get(slug="pharmaceuticals").name_vi == "Dược phẩm"
