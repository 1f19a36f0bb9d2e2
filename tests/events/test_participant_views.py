import icalendar
import pytest
from django.urls import reverse

from events import services
from events.models import MeetingRequest, Notification, Participation
from tests.events.conftest import EVENT_ROLES
from tests.factories import CompanyFactory, EventFactory, LanguageFactory, ParticipationFactory, SectorFactory


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def matrix(**overrides):
    """Expected status per role: participants' pages are for approved participants only."""
    expected = {"anonymous": 302, "participant": 200, "other_participant": 200, "non_participant": 403,
                "organizer": 403, "other_organizer": 403, "co_organizer": 403, "viewer": 403, "staff": 403}
    return [(role, overrides.get(role, expected[role])) for role in EVENT_ROLES]


# Public pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [(role, 200) for role in EVENT_ROLES])
def test_event_list_and_detail_are_public(all_roles, event, as_role, role, status):
    client = as_role(role)

    assert client.get(reverse("events:list")).status_code == status
    assert client.get(event.get_absolute_url()).status_code == status


@pytest.mark.parametrize("state", ["draft", "closed", "archived"])
def test_unpublished_event_detail_is_404(event, client, state):
    event.status = state
    event.save()

    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_list_filters_by_country_and_sector(db, client):
    agri = SectorFactory(slug="agriculture-food")
    EventFactory(title="Baku Forum", country="AZ").focus_sectors.add(agri)
    EventFactory(title="Saigon Fair", country="VN", city="Thành phố Hồ Chí Minh", time_zone="Asia/Ho_Chi_Minh")
    EventFactory(title="Draft Fair", status="draft")

    titles = lambda params: [e.title for e in client.get(reverse("events:list"), params).context["page"]]  # noqa: E731
    assert titles({}) == ["Baku Forum", "Saigon Fair"]
    assert titles({"country": "VN"}) == ["Saigon Fair"]
    assert titles({"sector": "agriculture-food"}) == ["Baku Forum"]


@pytest.mark.parametrize("count", [1, 12])
def test_event_list_query_count_is_constant(db, client, django_assert_num_queries, count):
    for _ in range(count):
        EventFactory().focus_sectors.add(SectorFactory(slug="trade"))

    # count, page of events, their sectors, their participant counts (cached afterwards), the filter's sector
    # choices
    with django_assert_num_queries(5):
        client.get(reverse("events:list"))


# Registration -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "registered"),
    [("anonymous", 302, False), ("non_participant", 302, True), ("organizer", 302, False)],
)
def test_register(all_roles, event, as_role, role, status, registered):
    response = as_role(role).post(url("register", event), {"delegates": 2})

    assert response.status_code == status
    assert Participation.objects.filter(event=event, company__name="Mekong Rice").exists() is registered


def test_register_get_is_not_allowed(event, as_role, non_participant):
    assert as_role("non_participant").get(url("register", event)).status_code == 405


def test_register_for_unpublished_event_is_404(event, as_role, non_participant):
    event.status = "draft"
    event.save()

    assert as_role("non_participant").post(url("register", event)).status_code == 404


def test_register_with_bad_delegates_is_refused(event, as_role, non_participant):
    response = as_role("non_participant").post(url("register", event), {"delegates": 99}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Give a number of delegates between 1 and 10."]
    assert not Participation.objects.filter(company__name="Mekong Rice").exists()


# Participant pages: the permission matrix ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), matrix())
@pytest.mark.parametrize("page", ["participants", "requests", "agenda", "agenda_ics"])
def test_participant_pages_permission_matrix(all_roles, event, as_role, page, role, status):
    assert as_role(role).get(url(page, event)).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix())
def test_request_form_permission_matrix(all_roles, event, coffee, distributor, as_role, role, status):
    target = distributor if role != "other_participant" else coffee

    assert as_role(role).get(url("request_meeting", event, target.pk)).status_code == status


@pytest.mark.parametrize(("role", "status"), matrix(non_participant=403))
def test_participation_page_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).get(url("participation", event)).status_code == status


def test_pending_participant_can_set_availability_but_not_browse(event, as_role, non_participant):
    company = non_participant.membership.company
    ParticipationFactory(event=event, company=company, status="pending")
    client = as_role("non_participant")

    assert client.get(url("participation", event)).status_code == 200
    refused = client.get(url("participants", event))
    assert refused.status_code == 403
    assert "awaits the organizer&#x27;s approval" in refused.content.decode()  # not "log in with the right account"
    assert "log in with the right account" not in refused.content.decode()


def test_a_declined_participant_is_told_so(event, as_role, non_participant):
    ParticipationFactory(event=event, company=non_participant.membership.company, status="declined")

    refused = as_role("non_participant").get(url("agenda", event))

    assert (refused.status_code, "was declined by the organizer" in refused.content.decode()) == (403, True)


# Requests ---------------------------------------------------------------------------------------------------


def test_request_meeting_sends_request(event, coffee, distributor, as_role, participant):
    response = as_role("participant").post(url("request_meeting", event, distributor.pk),
                                           {"message": "We roast Robusta; you distribute in Baku."})

    assert (response.status_code, response["Location"]) == (302, url("requests", event))
    meeting_request = MeetingRequest.objects.get()
    assert (meeting_request.requester, meeting_request.recipient) == (coffee, distributor)


def test_request_meeting_message_over_500_characters_is_refused(event, distributor, as_role, participant):
    response = as_role("participant").post(url("request_meeting", event, distributor.pk), {"message": "x" * 501})

    assert response.status_code == 200
    assert response.context["form"].errors["message"] == [
        "Ensure this value has at most 500 characters (it has 501)."]
    assert MeetingRequest.objects.count() == 0


def test_request_meeting_twice_shows_the_reason(event, coffee, distributor, as_role, participant):
    services.request_meeting(requester=coffee, recipient=distributor)

    response = as_role("participant").post(url("request_meeting", event, distributor.pk), {"message": ""})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "There is already an open request between your companies at this event."]


def test_request_meeting_with_non_participant_is_404(event, as_role, participant):
    outsider = ParticipationFactory(event=event, status="pending")

    assert as_role("participant").get(url("request_meeting", event, outsider.pk)).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("participant", 404), ("non_participant", 403),
                                              ("organizer", 403), ("co_organizer", 403), ("viewer", 403),
                                              ("staff", 403), ("other_participant", 302)])
@pytest.mark.parametrize("action", ["accept_request", "decline_request"])
def test_answering_someone_elses_request_changes_nothing(all_roles, event, coffee, distributor, as_role,
                                                         role, status, action):
    # A request between two other companies: the participant (Highland Coffee) is not part of it.
    meeting_request = services.request_meeting(requester=ParticipationFactory(event=event), recipient=distributor)

    response = as_role(role).post(url(action, event, meeting_request.pk))

    meeting_request.refresh_from_db()
    assert response.status_code == status
    expected = "pending"
    if role == "other_participant":
        expected = "accepted" if action == "accept_request" else "declined"
    assert meeting_request.status == expected


def test_requester_cannot_accept_own_request(event, coffee, distributor, as_role, participant):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    response = as_role("participant").post(url("accept_request", event, meeting_request.pk), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Only the company the request was sent to can answer it."]
    meeting_request.refresh_from_db()
    assert meeting_request.status == "pending"


def test_accept_twice_shows_a_clear_message(event, coffee, distributor, as_role, other_participant):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
    client = as_role("other_participant")
    client.post(url("accept_request", event, meeting_request.pk), follow=True)

    response = client.post(url("accept_request", event, meeting_request.pk), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This request is already accepted."]


def test_cancel_request_only_by_requester(event, coffee, distributor, as_role, participant, other_participant):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    as_role("other_participant").post(url("cancel_request", event, meeting_request.pk))
    meeting_request.refresh_from_db()
    assert meeting_request.status == "pending"

    as_role("participant").post(url("cancel_request", event, meeting_request.pk))
    meeting_request.refresh_from_db()
    assert meeting_request.status == "cancelled"


def test_decline_with_reason(event, coffee, distributor, as_role, other_participant):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    as_role("other_participant").post(url("decline_request", event, meeting_request.pk),
                                      {"reason": "We import only roasted coffee."})

    meeting_request.refresh_from_db()
    assert (meeting_request.status, meeting_request.decline_reason) == (
        "declined", "We import only roasted coffee.")


# Lists: constant query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 15])
def test_participants_query_count_is_constant(event, coffee, as_role, participant, django_assert_num_queries,
                                              count):
    for _ in range(count):
        ParticipationFactory(event=event, company=CompanyFactory(languages=[LanguageFactory(code="ru")]))
    client = as_role("participant")

    # session, user, membership (+company) twice (view, header), unread count, event, participation,
    # paginator count, page, sectors, languages, open requests, must-meet marks, the countries taking part,
    # filter choices (sectors, languages)
    with django_assert_num_queries(16):
        client.get(url("participants", event))


@pytest.mark.parametrize("count", [1, 8])
def test_agenda_and_requests_query_counts_are_constant(event, coffee, as_role, participant,
                                                       django_assert_num_queries, count):
    event.max_meetings = 20
    event.save()
    services.set_table_count(event=event, count=10)
    for _ in range(count):
        other = ParticipationFactory(event=event, company=CompanyFactory())
        services.accept_request(meeting_request=services.request_meeting(requester=coffee, recipient=other),
                                by=other)
    client = as_role("participant")
    client.get(url("requests", event))  # the header's unread counts are cached from here on

    with django_assert_num_queries(8):
        client.get(url("agenda", event))
    with django_assert_num_queries(6):
        client.get(url("requests", event))


# Agenda ----------------------------------------------------------------------------------------------------


def test_agenda_shows_both_times_interpreter_flag_and_contact(event, coffee, distributor, as_role, participant):
    far = ParticipationFactory(event=event, company=CompanyFactory(
        name="Hanoi Silk", contact_email="silk@hanoi.example", languages=[LanguageFactory(code="fr")]))
    for other in (distributor, far):
        services.accept_request(meeting_request=services.request_meeting(requester=coffee, recipient=other),
                                by=other)

    response = as_role("participant").get(url("agenda", event))

    html = response.content.decode()
    rows = response.context["rows"]
    assert [(r["partner"].name, r["interpreter"]) for r in rows] == [("Caspian Foods", False), ("Hanoi Silk", True)]
    assert str(response.context["viewer_tz"]) == "Asia/Ho_Chi_Minh"
    assert " 9 a.m.–9:20 a.m.</td>" in html  # Baku time
    assert "<td>noon–12:20 p.m.</td>" in html  # the same slot in Ho Chi Minh City (UTC+7)
    assert "silk@hanoi.example" in html


def test_contact_details_only_once_accepted(event, coffee, distributor, as_role, participant):
    services.request_meeting(requester=coffee, recipient=distributor)

    html = as_role("participant").get(url("requests", event)).content.decode()

    assert distributor.company.contact_email not in html


def test_agenda_ics_parses_back_with_one_event_per_meeting(event, coffee, distributor, as_role, participant):
    meeting = services.accept_request(
        meeting_request=services.request_meeting(requester=coffee, recipient=distributor), by=distributor)
    client = as_role("participant")

    response = client.get(url("agenda_ics", event))
    again = client.get(url("agenda_ics", event))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="baku-forum-agenda.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in entries] == ["Meeting with Caspian Foods"]
    assert entries[0].decoded("dtstart") == meeting.slot.starts_at
    assert str(entries[0]["dtstart"].dt.tzinfo) == "Asia/Baku"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Baku"]
    assert str(entries[0]["uid"]) == str(icalendar.Calendar.from_ical(again.content).walk("VEVENT")[0]["uid"])


# Notifications ----------------------------------------------------------------------------------------------


def test_notifications_page_and_header_count(event, coffee, distributor, as_role, other_participant):
    services.request_meeting(requester=coffee, recipient=distributor)
    client = as_role("other_participant")

    html = client.get(reverse("events:notifications")).content.decode()
    assert "Highland Coffee asks you for a meeting at Vietnam–Azerbaijan B2B Forum, Baku." in html
    assert '<span class="counter"' in html

    client.post(reverse("events:notifications"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifications_require_login(client):
    assert client.get(reverse("events:notifications")).status_code == 302


def test_partner_sees_contact_details_on_the_company_page_once_a_meeting_is_accepted(
        event, coffee, distributor, as_role, participant):
    client = as_role("participant")
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
    assert distributor.company.contact_email not in client.get(distributor.company.get_absolute_url()).content.decode()

    meeting = services.accept_request(meeting_request=meeting_request, by=distributor)
    assert distributor.company.contact_email in client.get(distributor.company.get_absolute_url()).content.decode()

    services.cancel_meeting(meeting=meeting)
    assert distributor.company.contact_email not in client.get(distributor.company.get_absolute_url()).content.decode()


def test_participants_offer_a_request_only_to_companies_not_asked_yet_and_show_marks(
        event, coffee, distributor, participant, client):
    from tests.factories import PreferenceFactory, join, meet

    asked, accepted, asking = join(event, "Dilara"), join(event, "Elnur"), join(event, "Phuong")
    services.request_meeting(requester=coffee, recipient=asked)
    meet(coffee, accepted)
    services.request_meeting(requester=asking, recipient=coffee)
    PreferenceFactory(company=coffee.company, other=distributor.company, kind="must_meet")
    client.force_login(participant)

    cards = {p.company.name: p for p in client.get(url("participants", event)).context["page"].object_list}
    html = client.get(url("participants", event)).content.decode()

    requests_link = f'<a href="{url("requests", event)}">'
    assert requests_link + "Your request is pending</a>" in html
    assert requests_link + "Meeting accepted</a>" in html
    assert requests_link + "They asked you: answer in your requests</a>" in html
    offered = [name for name, other in cards.items() if url("request_meeting", event, other.pk) in html]
    assert offered == ["Caspian Foods"]
    assert html.count('<span class="badge badge-tone-warning">Must meet</span>') == 1
    assert cards["Caspian Foods"].mark == "must_meet"


def test_participant_country_filter_lists_only_the_countries_taking_part(event, coffee, distributor, participant,
                                                                        client):
    client.force_login(participant)
    country = client.get(url("participants", event)).context["filter"].form.fields["country"]
    assert list(country.choices) == [("", "Any country"), ("AZ", "Azerbaijan")]  # one's own company is not listed
