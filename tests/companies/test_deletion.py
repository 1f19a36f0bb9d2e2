"""A company with event history is never deleted (its partners' meetings would vanish unannounced): the
admin shows it as protected and deactivation is the way out. A company without any can still be deleted."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import ProtectedError
from django.urls import reverse

from companies.models import Company
from tests.factories import CompanyFactory, EventFactory, MembershipFactory, ParticipationFactory, UserFactory

CHANGELIST = reverse("admin:companies_company_changelist")


@pytest.fixture
def participant(company):
    """Mekong Coffee, registered for a forum."""
    ParticipationFactory(company=company, event=EventFactory(title="Baku Forum", slug="baku-forum"))
    return company


@pytest.fixture
def newcomer(db):
    """A company with an owner and no event history."""
    company = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı")
    MembershipFactory(company=company, user=UserFactory(username="newcomer"))
    return company


def protected_participation(company) -> str:
    participation = company.participations.get()
    url = reverse("admin:events_participation_change", args=[participation.pk])
    return f'Participation: <a href="{url}">Mekong Coffee @ Baku Forum</a>'


def test_company_delete_raises_protected_error_with_a_participation(participant):
    with pytest.raises(ProtectedError):
        participant.delete()

    assert Company.objects.filter(pk=participant.pk).exists()


def test_admin_delete_of_a_company_with_a_participation_lists_it_as_protected(client, staff, participant):
    client.force_login(staff)

    response = client.post(reverse("admin:companies_company_delete", args=[participant.pk]), {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"] == [protected_participation(participant)]
    assert Company.objects.filter(pk=participant.pk).exists()


def test_admin_bulk_delete_with_a_company_with_a_participation_deletes_nothing(client, staff, participant,
                                                                              newcomer):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "delete_selected", "post": "yes",
                                        ACTION_CHECKBOX_NAME: [participant.pk, newcomer.pk]})

    assert response.status_code == 200
    assert response.context["protected"] == [protected_participation(participant)]
    assert sorted(Company.objects.values_list("name", flat=True)) == ["Caspian Foods", "Mekong Coffee"]


def test_admin_deletes_a_company_without_event_history(client, staff, newcomer):
    client.force_login(staff)

    response = client.post(reverse("admin:companies_company_delete", args=[newcomer.pk]), {"post": "yes"})

    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert Company.objects.filter(pk=newcomer.pk).exists() is False


def test_admin_bulk_deletes_companies_without_event_history(client, staff, company, newcomer):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "delete_selected", "post": "yes",
                                        ACTION_CHECKBOX_NAME: [company.pk, newcomer.pk]})

    assert response.status_code == 302
    assert Company.objects.count() == 0
