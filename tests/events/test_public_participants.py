"""The public list of participants on an event's page (issue 17, item 8): shown when the organizer turns it on,
listing only the approved companies that agreed, to anyone, before registering."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.forms import EventForm, ParticipationForm
from events.models import Event, Participation
from events.selectors import publicly_listed_participants
from events.services import register
from tests.factories import CompanyFactory, ParticipationFactory, SectorFactory

ROLES = ["anonymous", "participant", "other_participant", "non_participant", "organizer", "other_organizer",
         "co_organizer", "viewer", "staff"]


@pytest.fixture(autouse=True)
def fresh_cache():
    # The participant count is cached (events.selectors.with_participant_counts).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shown(event):
    Event.objects.filter(pk=event.pk).update(public_participant_list=True)
    event.refresh_from_db()
    return event


def listed(company, event, **kwargs):
    return ParticipationFactory(event=event, company=company, listed_publicly=True, **kwargs)


def detail(client, event):
    return client.get(reverse("events:detail", args=[event.slug]))


def names(response) -> list[str] | None:
    participants = response.context["listed_participants"]
    return None if participants is None else [p.company.name for p in participants]


def test_list_shows_only_consenting_approved_companies(shown, coffee, distributor, client):
    Participation.objects.filter(pk=coffee.pk).update(listed_publicly=True)
    listed(CompanyFactory(name="Pending Tea"), shown, status="pending")
    listed(CompanyFactory(name="Declined Spice"), shown, status="declined")
    listed(CompanyFactory(name="Suspended Rice", status="suspended"), shown)
    listed(CompanyFactory(name="Baku Silk"), shown)
    response = detail(client, shown)
    assert names(response) == ["Baku Silk", "Highland Coffee"]
    assert response.context["event"].participant_count == 3  # Baku Silk, Caspian Foods, Highland Coffee
    html = response.content.decode()
    assert "3 companies registered, 2 listed here." in html
    assert '<a href="/en/companies/highland-coffee/">Highland Coffee</a>' in html


def test_list_hidden_when_the_organizer_did_not_turn_it_on(event, coffee, client):
    Participation.objects.filter(pk=coffee.pk).update(listed_publicly=True)
    response = detail(client, event)
    assert names(response) is None
    assert "Who is coming" not in response.content.decode()


def test_list_with_nobody_listed_still_gives_the_count(shown, coffee, distributor, client):
    response = detail(client, shown)
    assert names(response) == []
    assert "2 companies registered, 0 listed here." in response.content.decode()


def test_list_singular_count(shown, coffee, client):
    Participation.objects.filter(pk=coffee.pk).update(listed_publicly=True)
    assert "1 company registered, 1 listed here." in detail(client, shown).content.decode()


def test_list_shows_country_and_sectors(shown, client):
    company = CompanyFactory(name="Baku Silk", country="AZ",
                             sectors=[SectorFactory(slug="textiles"), SectorFactory(slug="apparel")])
    listed(company, shown)
    html = detail(client, shown).content.decode()
    assert "Azerbaijan" in html
    sectors = [s.name for s in publicly_listed_participants(shown)[0].company.sectors.all()]
    assert sectors == sorted(sectors)
    for sector in sectors:
        assert f'<li class="chip">{sector}</li>' in html


@pytest.mark.parametrize("role", ROLES)
def test_list_visible_to_every_role(all_roles, shown, coffee, as_role, role):
    Participation.objects.filter(pk=coffee.pk).update(listed_publicly=True)
    response = detail(as_role(role), shown)
    assert (response.status_code, names(response)) == (200, ["Highland Coffee"])


def test_draft_event_page_is_not_public_even_with_the_list(shown, client):
    Event.objects.filter(pk=shown.pk).update(status="draft")
    assert detail(client, shown).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_list_query_count_is_constant(shown, client, django_assert_num_queries, count):
    for n in range(count):
        company = CompanyFactory(name=f"Listed {n:02d}", sectors=[SectorFactory(slug=f"sector-{n % 3}")])
        listed(company, shown)
    # The event, its sessions, its focus sectors, the listed participants, their sectors, the participant count.
    with django_assert_num_queries(6):
        response = detail(client, shown)
    assert len(names(response)) == count


# The organizer's choice and each company's consent ----------------------------------------------------------


def test_event_form_has_the_public_list_checkbox(event):
    form = EventForm(instance=event)
    assert form.fields["public_participant_list"].widget.input_type == "checkbox"
    assert form.fields["public_participant_list"].required is False


def test_event_form_turns_the_public_list_on(event, as_role):
    from tests.events.test_organizer_views import event_post

    response = as_role("organizer").post(reverse("events:edit", args=[event.slug]),
                                         event_post(event, public_participant_list="on"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.public_participant_list is True


def test_participation_form_offers_the_opt_in(coffee):
    form = ParticipationForm(instance=coffee)
    assert form.fields["listed_publicly"].required is False
    assert form.initial["listed_publicly"] is False


def test_registration_is_not_listed_by_default(event):
    participation = register(event=event, company=CompanyFactory())
    assert participation.listed_publicly is False


def test_company_opts_in_on_its_participation_page(shown, coffee, participant, as_role):
    response = as_role("participant").post(reverse("events:participation", args=[shown.slug]),
                                           {"delegates": 1, "time_zone": "", "listed_publicly": "on"})
    assert response.status_code == 302
    coffee.refresh_from_db()
    assert coffee.listed_publicly is True
