"""The participant cap and the waiting list (issue 17, item 6; events.services.waiting_list, events.capacity):
who waits and in which order, approvals refused at the cap, places offered in order when one frees (a decline,
a withdrawal, a raised or removed cap), a company withdrawing its registration and registering again, the pages
that show all this, and who may withdraw.

The event (tests/events/conftest.py) is in Baku, in person, one session of three slots, two tables; Highland
Coffee and Caspian Foods are approved. `full` caps it at those two. Emails are sent as in production, at commit.
"""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events import services
from events.capacity import places_left
from events.errors import EventError
from events.forms import EventForm
from events.models import Event, MeetingRequest, MeetingStatus, Notification, Participation
from events.notifications import MESSAGES, render_subject, render_text
from events.permissions import takes_part
from events.selectors import approved_participants
from events.selectors_waiting import waiting_position
from events.services import bulk
from events.services.waiting_list import withdraw_registration
from tests.events.conftest import EVENT_ROLES
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, join, meet

FULL_MESSAGE = "The event is full: 2 of 2 places are taken. Raise the maximum or free a place first."
OFFERED_TEXT = ("A place has freed up at Vietnam–Azerbaijan B2B Forum, Baku: your registration left the waiting "
                "list and now awaits the organizer's approval.")


def newcomer(name: str):
    """An approved company `name` with an owner `<name>@example.com` (lower case, dots for spaces), unregistered."""
    username = name.lower().replace(" ", ".")
    company = CompanyFactory(name=name, slug=name.lower().replace(" ", "-"))
    MembershipFactory(company=company, user=UserFactory(username=username, email=f"{username}@example.com"))
    return company


def register(event, name: str) -> Participation:
    return services.register(event=event, company=newcomer(name))


def statuses(event) -> dict[str, str]:
    return dict(event.participations.values_list("company__name", "status"))


def line(event) -> list[tuple[str, int]]:
    """The waiting list as (company, position), in order."""
    waiting = event.participations.filter(status="waiting").select_related("company").order_by("registered_at", "pk")
    return [(p.company.name, waiting_position(p)) for p in waiting]


def set_cap(event, cap) -> None:
    Event.objects.filter(pk=event.pk).update(participant_cap=cap)
    event.refresh_from_db()


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def notices(kind: str) -> list[tuple[str, str]]:
    return [(n.user.username, render_text(n.kind, n.params))
            for n in Notification.objects.filter(kind=kind).select_related("user").order_by("pk")]


@pytest.fixture
def full(event, coffee, distributor, participant, other_participant):
    """The event capped at its two approved companies."""
    set_cap(event, 2)
    return event


@pytest.fixture
def queue(full):
    """Three companies on the waiting list, in this order."""
    return [register(full, name) for name in ("Ana Trade", "Bao Trade", "Cem Trade")]


# Registering ---------------------------------------------------------------------------------------------------


def test_registering_when_full_waits_and_is_told_its_position(full, django_capture_on_commit_callbacks):
    register(full, "Ana Trade")
    with django_capture_on_commit_callbacks(execute=True):
        bao = register(full, "Bao Trade")

    assert bao.status == "waiting"
    assert line(full) == [("Ana Trade", 1), ("Bao Trade", 2)]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bao.trade@example.com"], "You are number 2 on the waiting list for Vietnam–Azerbaijan B2B Forum, Baku")]
    assert notices("waiting_listed")[-1] == ("bao.trade", "Vietnam–Azerbaijan B2B Forum, Baku is full: your "
                                             "registration is number 2 on the waiting list. You will be told as soon "
                                             "as a place frees up.")
    assert notices("participation_pending") == []  # nothing for the organizers to approve


def test_registering_below_the_cap_or_without_one_awaits_approval(event, coffee, distributor):
    assert register(event, "Ana Trade").status == "pending"
    set_cap(event, 3)
    assert register(event, "Bao Trade").status == "pending"
    assert places_left(event) == 1


def test_newcomers_queue_behind_those_waiting_even_with_a_place_offered(queue, full, distributor):
    services.decide_participation(participation=distributor, approve=False)  # Ana is offered the place

    dan = register(full, "Dan Trade")

    assert dan.status == "waiting"
    assert line(full) == [("Bao Trade", 1), ("Cem Trade", 2), ("Dan Trade", 3)]


# Approving at the cap ------------------------------------------------------------------------------------------


def test_approving_a_waiting_registration_when_full_is_refused(queue, full):
    with pytest.raises(EventError) as refused:
        services.decide_participation(participation=queue[0], approve=True)

    assert str(refused.value) == FULL_MESSAGE
    assert statuses(full)["Ana Trade"] == "waiting"


def test_approving_a_pending_registration_when_full_is_refused(event, coffee, distributor):
    pending = join(event, "Early Trade", status="pending")  # registered before the cap was set
    set_cap(event, 2)

    with pytest.raises(EventError) as refused:
        services.decide_participation(participation=pending, approve=True)

    assert str(refused.value) == FULL_MESSAGE


def test_bulk_approve_approves_up_to_the_cap_and_reports_the_rest(event, coffee, distributor):
    set_cap(event, 4)
    pending = [join(event, name, status="pending") for name in ("Ana Trade", "Bao Trade", "Cem Trade", "Dan Trade")]

    result = bulk.decide_participations(event=event, participation_ids=[p.pk for p in pending], approve=True)

    assert result.message() == "2 approved; 2 could not be approved, the event is full: Cem Trade, Dan Trade."
    assert statuses(event) == {"Highland Coffee": "approved", "Caspian Foods": "approved", "Ana Trade": "approved",
                               "Bao Trade": "approved", "Cem Trade": "pending", "Dan Trade": "pending"}


def test_bulk_approve_at_the_cap_through_the_dashboard_warns(all_roles, full, queue, as_role):
    response = as_role("organizer").post(reverse("events:bulk_action", args=[full.slug]),
                                         {"action": "approve", "participations": [queue[1].pk]})

    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("warning", "0 approved; 1 could not be approved, the event is full: Bao Trade.")]
    assert statuses(full)["Bao Trade"] == "waiting"


def test_approve_button_at_the_cap_shows_the_full_message(all_roles, full, queue, as_role):
    response = as_role("organizer").post(reverse("events:decide", args=[full.slug, queue[0].pk]),
                                         {"decision": "approve"})

    assert shown(response) == [FULL_MESSAGE]


# A place frees -------------------------------------------------------------------------------------------------


def test_declining_an_approved_company_offers_its_place_to_the_first_waiting(
        queue, full, distributor, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_participation(participation=distributor, approve=False)

    ana = Participation.objects.get(pk=queue[0].pk)
    assert (ana.status, ana.offered_at is not None) == ("pending", True)
    assert line(full) == [("Bao Trade", 1), ("Cem Trade", 2)]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["other_participant@example.com"], "Your registration for Vietnam–Azerbaijan B2B Forum, Baku was declined"),
        (["ana.trade@example.com"], "A place has freed up at Vietnam–Azerbaijan B2B Forum, Baku"),
        (["organizer@example.com"], "Ana Trade left the waiting list of Vietnam–Azerbaijan B2B Forum, Baku"),
    ]
    assert OFFERED_TEXT in mail.outbox[1].body
    assert notices("organizer_place_offered") == [
        ("organizer", "A place freed up at Vietnam–Azerbaijan B2B Forum, Baku: Ana Trade left the waiting list and "
                      "awaits your approval.")]


def test_the_offered_company_can_then_be_approved(queue, full, distributor):
    services.decide_participation(participation=distributor, approve=False)

    services.decide_participation(participation=queue[0], approve=True)

    assert statuses(full)["Ana Trade"] == "approved"
    assert places_left(full) == 0


def test_declining_a_company_offered_a_place_offers_it_to_the_next(queue, full, distributor):
    services.decide_participation(participation=distributor, approve=False)

    services.decide_participation(participation=queue[0], approve=False)

    assert [statuses(full)[name] for name in ("Ana Trade", "Bao Trade", "Cem Trade")] == [
        "declined", "pending", "waiting"]


def test_declining_a_waiting_or_pending_company_frees_no_place(queue, full):
    services.decide_participation(participation=queue[1], approve=False)

    assert line(full) == [("Ana Trade", 1), ("Cem Trade", 2)]
    assert Notification.objects.filter(kind="place_offered").count() == 0


def test_raising_the_cap_offers_as_many_places_as_it_frees(queue, full):
    full.participant_cap = 4  # as the model form leaves it
    services.update_event(event=full, data={"participant_cap": 4})

    assert [statuses(full)[name] for name in ("Ana Trade", "Bao Trade", "Cem Trade")] == [
        "pending", "pending", "waiting"]
    assert line(full) == [("Cem Trade", 1)]


def test_raising_the_cap_again_counts_the_places_already_offered(queue, full):
    services.update_event(event=full, data={"participant_cap": 3})
    services.update_event(event=full, data={"participant_cap": 4})

    assert line(full) == [("Cem Trade", 1)]


def test_removing_the_cap_offers_every_waiting_company_a_place(queue, full):
    services.update_event(event=full, data={"participant_cap": None})

    assert line(full) == []
    assert set(statuses(full).values()) == {"approved", "pending"}


def test_lowering_the_cap_below_the_approved_companies_is_refused(full):
    with pytest.raises(EventError) as refused:
        services.update_event(event=full, data={"participant_cap": 1})

    assert str(refused.value) == ("2 companies are already approved: the maximum cannot be lower. Decline companies "
                                  "first if you need fewer.")
    full.refresh_from_db()
    assert full.participant_cap == 2


def test_setting_a_cap_at_the_approved_count_fills_the_event(event, coffee, distributor):
    services.update_event(event=event, data={"participant_cap": 2})

    assert register(event, "Ana Trade").status == "waiting"


# Withdrawing ---------------------------------------------------------------------------------------------------


def test_withdrawing_cancels_meetings_closes_requests_and_offers_the_place(
        queue, full, coffee, distributor, participant, other_participant, organizer,
        django_capture_on_commit_callbacks):
    set_cap(full, 3)
    third = join(full, "Dong Trade")
    meeting = meet(coffee, distributor)
    asked = services.request_meeting(requester=third, recipient=distributor)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_registration(participation=distributor)

    meeting.refresh_from_db()
    asked.refresh_from_db()
    assert (meeting.status, asked.status) == (MeetingStatus.CANCELLED, MeetingRequest.Status.CANCELLED)
    assert statuses(full)["Caspian Foods"] == "withdrawn"
    assert statuses(full)["Ana Trade"] == "pending"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("ana.trade@example.com", "A place has freed up at Vietnam–Azerbaijan B2B Forum, Baku"),
        ("dong.trade@example.com", "Meeting request with Caspian Foods closed"),
        ("organizer@example.com", "Ana Trade left the waiting list of Vietnam–Azerbaijan B2B Forum, Baku"),
        ("organizer@example.com", "Caspian Foods withdrew from Vietnam–Azerbaijan B2B Forum, Baku"),
        ("participant@example.com", "Meeting with Caspian Foods cancelled"),
    ]
    assert notices("participation_withdrawn") == [
        ("organizer", "Caspian Foods withdrew its registration for Vietnam–Azerbaijan B2B Forum, Baku.")]


def test_withdrawn_and_waiting_companies_do_not_take_part(queue, full, distributor):
    withdraw_registration(participation=distributor)
    distributor.refresh_from_db()

    assert (takes_part(distributor), takes_part(Participation.objects.get(pk=queue[1].pk))) == (False, False)
    assert [p.company.name for p in approved_participants(full)] == ["Highland Coffee"]


def test_withdrawing_from_the_waiting_list_moves_the_others_up(queue, full):
    withdraw_registration(participation=queue[0])

    assert line(full) == [("Bao Trade", 1), ("Cem Trade", 2)]
    assert Notification.objects.filter(kind="place_offered").count() == 0


def test_a_withdrawn_company_registers_again_on_the_same_row_at_the_end_of_the_line(queue, full, distributor):
    withdraw_registration(participation=distributor)  # Ana takes the place offered
    services.decide_participation(participation=queue[0], approve=True)

    again = services.register(event=full, company=distributor.company, delegates=2)

    assert (again.pk, again.status, again.delegates) == (distributor.pk, "waiting", 2)
    assert line(full) == [("Bao Trade", 1), ("Cem Trade", 2), ("Caspian Foods", 3)]


def test_a_withdrawn_company_registers_again_awaiting_approval_when_there_is_room(event, coffee):
    withdraw_registration(participation=coffee)

    again = services.register(event=event, company=coffee.company)

    assert (again.pk, again.status, again.offered_at, again.decided_at) == (coffee.pk, "pending", None, None)
    assert Participation.objects.filter(event=event, company=coffee.company).count() == 1


def test_a_declined_company_cannot_register_again(event, coffee):
    services.decide_participation(participation=coffee, approve=False)

    with pytest.raises(EventError) as refused:
        services.register(event=event, company=coffee.company)

    assert str(refused.value) == "Your company is already registered for this event."


@pytest.mark.parametrize(("status", "message"), [
    ("withdrawn", "Your registration is already withdrawn."),
    ("declined", "Your registration for this event was declined by the organizer."),
])
def test_withdrawing_what_cannot_be_withdrawn_is_refused(event, coffee, status, message):
    Participation.objects.filter(pk=coffee.pk).update(status=status)

    with pytest.raises(EventError) as refused:
        withdraw_registration(participation=coffee)

    assert str(refused.value) == message


def test_withdrawing_from_a_past_event_is_refused(event, coffee):
    Event.objects.filter(pk=event.pk).update(start_date=timezone.localdate().replace(year=2025),
                                             end_date=timezone.localdate().replace(year=2025))

    with pytest.raises(EventError) as refused:
        withdraw_registration(participation=coffee)

    assert str(refused.value) == "This event is over; its record stays as it is."


@pytest.mark.parametrize("approve", [True, False])
def test_the_organizer_cannot_decide_on_a_withdrawn_registration(event, coffee, approve):
    withdraw_registration(participation=coffee)

    with pytest.raises(EventError) as refused:
        services.decide_participation(participation=coffee, approve=approve)

    assert str(refused.value) == "Highland Coffee withdrew its registration; it can register again if it wishes."


# The withdraw page: who may use it ------------------------------------------------------------------------------

WITHDRAW_ACCESS = [("anonymous", 302), ("participant", 200), ("other_participant", 200), ("non_participant", 403),
                   ("organizer", 403), ("other_organizer", 403), ("co_organizer", 403), ("viewer", 403),
                   ("staff", 403)]


def withdraw_url(event) -> str:
    return reverse("events:withdraw", args=[event.slug])


def test_withdraw_access_table_covers_every_role():
    assert [role for role, _ in WITHDRAW_ACCESS] == EVENT_ROLES


@pytest.mark.parametrize(("role", "status"), WITHDRAW_ACCESS)
def test_withdraw_page_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).get(withdraw_url(event)).status_code == status


@pytest.mark.parametrize(("role", "status"), WITHDRAW_ACCESS)
def test_withdraw_post_permission_matrix(all_roles, event, as_role, role, status):
    response = as_role(role).post(withdraw_url(event))

    assert response.status_code == (302 if status == 200 else status)
    withdrawn = {"participant": ["Highland Coffee"], "other_participant": ["Caspian Foods"]}.get(role, [])
    assert sorted(event.participations.filter(status="withdrawn").values_list("company__name", flat=True)) == withdrawn


def test_anonymous_visitor_is_sent_to_log_in(event, client):
    response = client.post(withdraw_url(event))

    assert response["Location"] == f"{reverse('account_login')}?next={withdraw_url(event)}"


def test_withdraw_page_says_what_follows(all_roles, full, queue, coffee, distributor, as_role):
    meet(coffee, distributor)

    page = as_role("participant").get(withdraw_url(full))

    assert page.context["meetings"] == 1
    assert page.context["frees_a_place"] is True
    content = page.content.decode()
    assert "Your 1 accepted meeting is cancelled, and your partner is told." in content
    assert "Your place goes to the next company on the waiting list." in content


def test_withdraw_end_to_end(all_roles, event, as_role):
    client = as_role("participant")

    response = client.post(withdraw_url(event))

    assert response["Location"] == event.get_absolute_url()
    assert shown(response) == ["Your registration is withdrawn. You can register again while registration is open."]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You withdrew your registration. You can register again." in page
    assert f'action="{reverse("events:register", args=[event.slug])}"' in page

    again = client.post(reverse("events:register", args=[event.slug]), {"delegates": "1"})

    assert shown(again) == ["You are registered. The organizer will review your registration."]
    assert statuses(event)["Highland Coffee"] == "pending"


def test_withdraw_page_of_a_withdrawn_registration_goes_back_with_the_reason(all_roles, event, coffee, as_role):
    withdraw_registration(participation=coffee)

    response = as_role("participant").get(withdraw_url(event))

    assert response["Location"] == event.get_absolute_url()
    assert shown(response) == ["Your registration is already withdrawn."]


def test_withdraw_answers_other_methods_with_405(all_roles, event, as_role):
    assert as_role("participant").put(withdraw_url(event)).status_code == 405


# What participants see -----------------------------------------------------------------------------------------


def test_event_page_shows_places_left(all_roles, event, coffee, distributor, client):
    set_cap(event, 40)

    content = client.get(event.get_absolute_url()).content.decode()

    assert "38 of 40 places left" in content
    assert "Register my company" not in content  # anonymous: log in first


def test_event_page_of_a_full_event_offers_the_waiting_list(all_roles, full, as_role):
    content = as_role("non_participant").get(full.get_absolute_url()).content.decode()

    assert "Full — new registrations join the waiting list" in content
    assert "Join the waiting list" in content
    assert "Register my company" not in content


def test_event_page_without_a_cap_says_nothing_of_places(all_roles, event, as_role):
    content = as_role("non_participant").get(event.get_absolute_url()).content.decode()

    assert ("places left" in content, "waiting list" in content, "Register my company" in content) == (
        False, False, True)


def test_registering_through_the_page_when_full_tells_the_position(all_roles, full, queue, as_role):
    response = as_role("non_participant").post(reverse("events:register", args=[full.slug]), {"delegates": "1"})

    assert shown(response) == ["The event is full: you are number 4 on the waiting list. You will be told as soon "
                               "as a place frees up."]


def test_participation_page_shows_the_position_and_the_withdraw_link(full, queue, client):
    client.force_login(UserFactory(username="bao.trade"))

    content = client.get(reverse("events:participation", args=[full.slug])).content.decode()

    assert "You are number 2 on the waiting list." in content
    assert f'href="{withdraw_url(full)}"' in content


def test_participation_page_of_an_offered_place_says_so(full, queue, distributor, client):
    services.decide_participation(participation=distributor, approve=False)
    client.force_login(UserFactory(username="ana.trade"))

    content = client.get(reverse("events:participation", args=[full.slug])).content.decode()

    assert "your registration left the waiting list and awaits the organizer's approval." in content


@pytest.mark.parametrize(("name", "page", "reason"), [
    ("bao.trade", "participants", "Your registration for this event is on the waiting list. You can request meetings "
                                  "once a place frees up and the organizer approves your registration."),
    ("ana.trade", "requests", "You withdrew your registration for this event. Register again to take part."),
])
def test_waiting_and_withdrawn_companies_cannot_meet_and_are_told_why(full, queue, client, name, page, reason):
    withdraw_registration(participation=queue[0])
    client.force_login(UserFactory(username=name))

    refused = client.get(reverse(f"events:{page}", args=[full.slug]))

    assert (refused.status_code, reason in refused.content.decode()) == (403, True)


def test_waiting_companies_cannot_be_asked_for_a_meeting(all_roles, full, queue, as_role):
    url = reverse("events:request_meeting", args=[full.slug, queue[0].pk])

    assert as_role("participant").get(url).status_code == 404


# What organizers see -------------------------------------------------------------------------------------------


def dashboard_url(event) -> str:
    return reverse("events:dashboard", args=[event.slug])


def test_dashboard_shows_the_waiting_list_in_order(all_roles, full, queue, distributor, as_role):
    services.decide_participation(participation=distributor, approve=False)  # Ana is offered the place

    response = as_role("organizer").get(dashboard_url(full))

    assert [(p.company.name, p.waiting_position) for p in response.context["waiting"]] == [
        ("Bao Trade", 1), ("Cem Trade", 2)]
    content = response.content.decode()
    assert "1 of 2 place left." in content
    assert "2 companies on the waiting list." in content
    assert "Offered a place" in content
    assert "No. 2" in content


@pytest.mark.parametrize(("status", "names"), [
    ("waiting", ["Bao Trade", "Cem Trade"]),
    ("withdrawn", ["Ana Trade"]),
])
def test_dashboard_status_filter_finds_the_new_statuses(all_roles, full, queue, as_role, status, names):
    withdraw_registration(participation=queue[0])

    response = as_role("organizer").get(dashboard_url(full), {"status": status})

    assert sorted(p.company.name for p in response.context["participations"]) == names


def test_dashboard_offers_no_decision_on_a_withdrawn_registration(all_roles, full, queue, as_role):
    withdraw_registration(participation=queue[0])

    content = as_role("organizer").get(dashboard_url(full), {"status": "withdrawn"}).content.decode()

    assert reverse("events:confirm_decline", args=[full.slug, queue[0].pk]) not in content
    assert 'name="decision" value="approve"' not in content


@pytest.mark.parametrize("waiting", [1, 12])
def test_dashboard_queries_do_not_grow_with_the_waiting_list(all_roles, full, as_role, django_assert_num_queries,
                                                             waiting):
    for n in range(waiting):
        join(full, f"Waiting Trader {n:02d}", status="waiting")
    client = as_role("organizer")
    set_cap(full, None)  # the dashboard's own budget (tests/events/test_organizer_bulk.py): no waiting list shown
    client.get(dashboard_url(full))  # the header's unread count is cached from here on
    with CaptureQueriesContext(connection) as uncapped:
        client.get(dashboard_url(full))
    set_cap(full, 2)

    with django_assert_num_queries(len(uncapped) + 2):  # the waiting list, the approved count
        response = client.get(dashboard_url(full))

    assert len(response.context["waiting"]) == waiting


def test_participants_csv_has_the_new_statuses(all_roles, full, queue, as_role):
    withdraw_registration(participation=queue[0])

    content = as_role("organizer").get(reverse("events:export_participants", args=[full.slug])).content.decode()

    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert [(row[0], row[5]) for row in rows[1:]] == [
        ("Ana Trade", "Withdrawn"), ("Bao Trade", "On the waiting list"), ("Caspian Foods", "Approved"),
        ("Cem Trade", "On the waiting list"), ("Highland Coffee", "Approved")]


# The event form ------------------------------------------------------------------------------------------------


def event_data(event, **changes) -> dict:
    form = EventForm(instance=event)
    data = {name: form[name].value() for name in form.fields}
    data["focus_sectors"] = []
    data["format"] = event.format
    data = {key: ("" if value is None else value) for key, value in data.items()}
    for name in EventForm.LOCAL_TIMES:
        data[name] = form.fields[name].prepare_value(getattr(event, name)).strftime("%Y-%m-%dT%H:%M")
    data["start_date"], data["end_date"] = event.start_date.isoformat(), event.end_date.isoformat()
    return data | changes


def test_event_form_refuses_a_cap_below_the_approved_companies(full):
    form = EventForm(event_data(full, participant_cap="1"), instance=full)

    assert form.errors == {"participant_cap": ["2 companies are already approved: the maximum cannot be lower. "
                                               "Decline companies first if you need fewer."]}


@pytest.mark.parametrize("cap", ["0", "-3", "abc", "10001"])
def test_event_form_refuses_a_cap_that_is_no_positive_number(full, cap):
    form = EventForm(event_data(full, participant_cap=cap), instance=full)

    assert list(form.errors) == ["participant_cap"]


def test_raising_the_cap_in_the_settings_offers_places(all_roles, full, queue, as_role):
    response = as_role("organizer").post(reverse("events:edit", args=[full.slug]),
                                         event_data(full, participant_cap="3"))

    assert response.status_code == 302
    assert [statuses(full)[name] for name in ("Ana Trade", "Bao Trade")] == ["pending", "waiting"]


def test_lowering_the_cap_in_the_settings_shows_the_reason(all_roles, full, as_role):
    response = as_role("organizer").post(reverse("events:edit", args=[full.slug]),
                                         event_data(full, participant_cap="1"))

    assert response.status_code == 200
    assert response.context["form"].errors["participant_cap"] == [
        "2 companies are already approved: the maximum cannot be lower. Decline companies first if you need fewer."]


# Notifications -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "subject"), [
    ("waiting_listed", "You are number 3 on the waiting list for Forum"),
    ("place_offered", "A place has freed up at Forum"),
    ("organizer_place_offered", "Ana Trade left the waiting list of Forum"),
    ("participation_withdrawn", "Ana Trade withdrew from Forum"),
])
def test_new_kinds_have_a_text_and_a_subject(kind, subject):
    params = {"event": "Forum", "company": "Ana Trade", "position": 3}

    assert (kind in MESSAGES, render_subject(kind, params)) == (True, subject)
