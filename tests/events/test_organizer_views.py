"""Organizer views: who may use them, what they refuse, what they change, what they export, how many queries.

The event (tests/events/conftest.py) is in Baku, one session 9:00–10:00 cut into three 20-minute slots, two
tables. Meetings are made as the site makes them: one company asks, the other accepts, and the booking puts
the meeting into the earliest slot where both are free, at the first free table.
"""

import csv
import io
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import formats

from events.models import Event, Meeting, Notification, Participation, Seat, Session
from events.services import (
    cancel_meeting,
    move_meeting,
    set_meeting_lock,
    set_table_count,
)
from tests.events.conftest import EVENT_ROLES
from tests.factories import (
    CompanyFactory,
    EventFactory,
    LanguageFactory,
    MembershipFactory,
    ParticipationFactory,
    SessionFactory,
    UserFactory,
    meet,
)

# Expected answers per role in EVENT_ROLES order: pages (GET) and writes (POST, 302 after success). A co-organizer
# has the organizer's answers; the event's viewer opens the read-only pages (READ_ACCESS), never the others.
PAGE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 403), ("staff", 200)]
READ_ACCESS = [(role, 200 if role == "viewer" else status) for role, status in PAGE_ACCESS]
WRITE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403), ("staff", 302)]
NO_ACCESS = [role for role, status in PAGE_ACCESS if status != 200]
READ_ONLY_PAGES = ["dashboard", "plan", "print_plan", "export_meetings", "export_participants"]

# URL name → the object whose pk is in the URL (None: the event's slug only).
PAGES = {"edit": None, "dashboard": None, "sessions": None, "edit_session": "session", "plan": None,
         "print_plan": None, "move_meeting": "meeting", "export_meetings": None, "export_participants": None,
         # the pages that ask before a destructive or mailing action
         "delete_session": "session", "cancel_meeting": "meeting", "confirm_decline": "participation"}
POST_ONLY = {"decide": "participation", "lock_meeting": "meeting"}
POST_ONLY_DATA = {"decide": {"decision": "approve"}, "lock_meeting": {"locked": "1"}}
# Every write that is one POST (after its confirmation page, for the first two), with what it posts.
WRITES = {"delete_session": {}, "cancel_meeting": {}, **POST_ONLY_DATA}
FORM_PAGES = ["edit", "sessions", "edit_session", "move_meeting"]  # pages whose form POSTs a change
HTML_PAGES = [name for name in PAGES if not name.startswith("export")]


# Data -------------------------------------------------------------------------------------------------------


@pytest.fixture
def meeting(coffee, distributor) -> Meeting:
    """Highland Coffee asked Caspian Foods; booked at 9:00, table 1."""
    return meet(coffee, distributor)


@pytest.fixture
def slots(event) -> list:
    return list(event.slots.order_by("starts_at"))


@pytest.fixture
def tables(event) -> list:
    return list(event.tables.order_by("number"))


@pytest.fixture
def spare_session(event) -> Session:
    """An afternoon session without meetings."""
    return SessionFactory(event=event, start_time=time(14, 0), end_time=time(15, 0))


@pytest.fixture
def world(all_roles, event, coffee, meeting, spare_session):
    """Every role, and an object of each kind that the organizer URLs point at."""
    return SimpleNamespace(event=event, session=spare_session, meeting=meeting, participation=coffee)


def join(event: Event, name: str, country: str, languages: list[str], **kwargs) -> Participation:
    company = CompanyFactory(name=name, country=country, languages=[LanguageFactory(code=c) for c in languages])
    return ParticipationFactory(event=event, company=company, **kwargs)


def url(name: str, event: Event, obj=None) -> str:
    return reverse(f"events:{name}", args=[event.slug, *([obj.pk] if obj else [])])


def url_in(world, name: str) -> str:
    kind = PAGES.get(name) or POST_ONLY.get(name)
    return url(name, world.event, getattr(world, kind) if kind else None)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def local(event: Event, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(event.start_date, time(hour, minute), tzinfo=event.tz)


def snapshot(event: Event) -> dict:
    """All that the organizer views can change, to show that a refused request changed none of it."""
    return {
        "events": list(Event.objects.order_by("pk").values()),
        "tables": list(event.tables.values_list("number", flat=True)),
        "sessions": list(Session.objects.order_by("pk").values()),
        "slots": list(event.slots.values_list("pk", "starts_at", "ends_at")),
        "participations": list(event.participations.order_by("pk").values_list("pk", "status")),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "slot", "table", "status", "locked")),
        "seats": list(Seat.objects.order_by("pk").values_list("participation", "slot", "number")),
        "notifications": Notification.objects.count(),
    }


def event_post(event: Event | None = None, **changes) -> dict:
    """A valid event form: the event's own values (or a new event's), with `changes`."""
    start = event.start_date if event else datetime(2031, 5, 20).date()
    values = {
        "title": event.title if event else "Hanoi Agri Week in Baku",
        "description": "", "city": "Bakı", "venue": "Baku Expo Center", "country": "AZ", "time_zone": "Asia/Baku",
        "start_date": start, "end_date": start, "registration_opens": "2030-01-01T09:00",
        "registration_closes": "2031-05-01T18:00", "meeting_minutes": 20, "request_policy": "approval",
        "max_meetings": 10, "status": "published", "tables": event.tables.count() if event else 8,
    }
    return values | changes


def session_post(event: Event, start: str, end: str, **changes) -> dict:
    return {"name": "", "date": event.start_date, "start_time": start, "end_time": end, "pause_minutes": 0} | changes


def form_post(world, name: str) -> dict:
    """A valid POST for each form page (for the permission matrix)."""
    event, slots, tables = world.event, list(world.event.slots.all()), list(world.event.tables.all())
    return {
        "edit": event_post(event, title="Renamed forum"),
        "sessions": session_post(event, "16:00", "17:00"),
        "edit_session": session_post(event, "14:00", "14:40"),
        "move_meeting": {"slot": slots[1].pk, "table": tables[1].pk},
    }[name]



# Permission matrix ------------------------------------------------------------------------------------------


def test_access_tables_cover_every_role():
    assert [role for role, _ in PAGE_ACCESS] == [role for role, _ in READ_ACCESS] == EVENT_ROLES
    assert [role for role, _ in WRITE_ACCESS] == EVENT_ROLES


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_page_permission_matrix(world, as_role, name, role):
    status = dict(READ_ACCESS if name in READ_ONLY_PAGES else PAGE_ACCESS)[role]

    assert as_role(role).get(url_in(world, name)).status_code == status


@pytest.mark.parametrize(("role", "status"), WRITE_ACCESS)
@pytest.mark.parametrize("name", WRITES)
def test_write_permission_matrix(world, as_role, name, role, status):
    assert as_role(role).post(url_in(world, name), WRITES[name]).status_code == status


@pytest.mark.parametrize(("role", "status"), WRITE_ACCESS)
@pytest.mark.parametrize("name", FORM_PAGES)
def test_form_post_permission_matrix(world, as_role, name, role, status):
    assert as_role(role).post(url_in(world, name), form_post(world, name)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    # Any organizer may create an event, not only the organizers of the fixture's event; a colleague invited to
    # help run an event has no organizer role of their own.
    [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
     ("organizer", 200), ("other_organizer", 200), ("co_organizer", 403), ("viewer", 403), ("staff", 200)],
)
def test_create_permission_matrix(all_roles, as_role, role, status):
    assert as_role(role).get(reverse("events:create")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
     ("organizer", 302), ("other_organizer", 302), ("co_organizer", 403), ("viewer", 403), ("staff", 302)],
)
def test_create_post_permission_matrix(all_roles, as_role, role, status):
    assert as_role(role).post(reverse("events:create"), event_post()).status_code == status


@pytest.mark.parametrize("name", [*PAGES, *POST_ONLY, "create"])
def test_anonymous_visitor_is_sent_to_log_in(world, client, name):
    target = reverse("events:create") if name == "create" else url_in(world, name)

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={target}"


@pytest.mark.parametrize("role", NO_ACCESS)
@pytest.mark.parametrize("name", [*WRITES, *FORM_PAGES])
def test_writes_without_access_change_nothing(world, as_role, name, role):
    data = WRITES[name] if name in WRITES else form_post(world, name)
    before = snapshot(world.event)

    as_role(role).post(url_in(world, name), data)

    assert snapshot(world.event) == before


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_answer_get_with_405(world, as_role, name):
    before = snapshot(world.event)

    assert as_role("organizer").get(url_in(world, name)).status_code == 405
    assert snapshot(world.event) == before


@pytest.mark.parametrize("name", ["dashboard", "plan", "print_plan", "export_meetings", "export_participants",
                                  "confirm_decline"])
def test_read_only_pages_answer_post_with_405(world, as_role, name):
    assert as_role("organizer").post(url_in(world, name)).status_code == 405


def test_unknown_event_is_404(organizer, as_role):
    assert as_role("organizer").get(reverse("events:dashboard", args=["no-such-forum"])).status_code == 404


def test_organizer_manages_a_draft_event(event, as_role):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)

    assert as_role("organizer").get(url("dashboard", event)).status_code == 200


@pytest.fixture
def elsewhere(organizer):
    """A session, a participation and a meeting of another event that the same organizer runs."""
    other = EventFactory(title="Hanoi Food Week", slug="hanoi-food-week", organizers=[organizer])
    session = SessionFactory(event=other)
    set_table_count(event=other, count=1)
    a, b = join(other, "Pho Corner", "VN", ["vi"]), join(other, "Gence Tea", "AZ", ["az"])
    return SimpleNamespace(session=session, participation=a, meeting=meet(a, b))


@pytest.mark.parametrize(
    ("name", "method", "kind"),
    [("edit_session", "get", "session"), ("delete_session", "post", "session"),
     ("decide", "post", "participation"), ("move_meeting", "get", "meeting"),
     ("cancel_meeting", "post", "meeting"), ("lock_meeting", "post", "meeting")],
)
def test_objects_of_another_event_are_not_found(event, elsewhere, as_role, name, method, kind):
    before = snapshot(event)
    client = as_role("organizer")

    response = getattr(client, method)(url(name, event, getattr(elsewhere, kind)),
                                       {"decision": "approve", "locked": "1"} if method == "post" else {})

    assert response.status_code == 404
    assert snapshot(event) == before


@pytest.mark.parametrize("name", HTML_PAGES)
def test_pages_have_no_inline_script_or_style(world, as_role, name):
    html = as_role("organizer").get(url_in(world, name)).content.decode()

    assert "<script" not in html
    assert "style=" not in html


# Event settings ---------------------------------------------------------------------------------------------


def test_create_event_makes_the_organizer_its_organizer_and_sets_tables(organizer, as_role):
    response = as_role("organizer").post(reverse("events:create"), event_post())

    event = Event.objects.get(title="Hanoi Agri Week in Baku")
    assert response.status_code == 302
    assert response["Location"] == url("sessions", event)  # the form promised the sessions next
    assert event.slug == "hanoi-agri-week-in-baku"
    assert list(event.organizers.all()) == [organizer]
    assert list(event.tables.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_create_event_with_bad_dates_shows_the_form_again(organizer, as_role):
    end = datetime(2031, 5, 19).date()

    response = as_role("organizer").post(reverse("events:create"), event_post(end_date=end))

    assert response.status_code == 200
    assert response.context["form"].errors == {"end_date": ["The last day cannot be before the first day."]}
    assert Event.objects.filter(title="Hanoi Agri Week in Baku").exists() is False


def test_edit_event_saves_settings_and_adds_tables(event, as_role):
    response = as_role("organizer").post(url("edit", event), event_post(event, title="Baku Forum 2031", tables=4))

    event.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("dashboard", event)
    assert event.title == "Baku Forum 2031"
    assert list(event.tables.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_edit_event_with_new_meeting_length_recuts_the_slots(event, as_role):
    as_role("organizer").post(url("edit", event), event_post(event, meeting_minutes=30))

    assert list(event.slots.values_list("starts_at", flat=True)) == [local(event, 9), local(event, 9, 30)]


def test_edit_event_refuses_to_remove_tables_that_hold_meetings_and_keeps_every_setting(event, meeting, slots,
                                                                                       tables, as_role):
    move_meeting(meeting=meeting, slot=slots[0], table=tables[1])
    before = snapshot(event)

    response = as_role("organizer").post(url("edit", event), event_post(event, title="Renamed", tables=1))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Some of the tables you are removing have meetings. Move them first."]
    assert response.context["event"].title == "Vietnam–Azerbaijan B2B Forum, Baku"
    assert snapshot(event) == before


def test_edit_event_refuses_a_meeting_length_that_drops_a_booked_slot(event, meeting, slots, tables, as_role):
    move_meeting(meeting=meeting, slot=slots[1], table=tables[0])  # 9:20 does not exist with 30-minute slots
    before = snapshot(event)

    response = as_role("organizer").post(url("edit", event), event_post(event, meeting_minutes=30))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"This change would remove the time slot at {formats.date_format(local(event, 9, 20), 'DATETIME_FORMAT')} "
        "(Asia/Baku), "
        "which has booked meetings. Move or cancel those meetings first."]
    assert snapshot(event) == before


# Sessions ---------------------------------------------------------------------------------------------------


def test_sessions_lists_each_session_with_its_slot_count(event, spare_session, as_role):
    response = as_role("organizer").get(url("sessions", event))

    assert [(s.start_time, s.slot_count) for s in response.context["sessions"]] == [(time(9), 3), (time(14), 3)]


def test_sessions_adds_a_session_cut_into_slots(event, as_role):
    response = as_role("organizer").post(url("sessions", event), session_post(event, "14:00", "15:00",
                                                                                name="Afternoon"))

    assert response.status_code == 302
    assert response["Location"] == url("sessions", event)
    assert event.sessions.get(name="Afternoon").slots.count() == 3


@pytest.mark.parametrize(
    ("changes", "error"),
    [({"start_time": "09:30", "end_time": "10:30"},
      "This session overlaps another session of the event on the same day."),
     ({"date": str(date.today() - timedelta(days=1))}, "The session's date must be within the event's dates."),
     ({"start_time": "14:00", "end_time": "14:10"}, "The session is shorter than one meeting.")],
)
def test_sessions_refuses_a_bad_session_with_its_reason(event, as_role, changes, error):
    before = snapshot(event)

    response = as_role("organizer").post(url("sessions", event), session_post(event, "14:00", "15:00") | changes)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [error]
    assert snapshot(event) == before


def test_edit_session_extends_a_session_and_keeps_the_booked_slot(event, meeting, as_role):
    session = event.sessions.get()

    response = as_role("organizer").post(url("edit_session", event, session), session_post(event, "09:00", "10:40"))

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert session.slots.count() == 5
    assert meeting.slot.starts_at == local(event, 9)


def test_edit_session_refuses_a_change_that_drops_a_booked_slot(event, meeting, as_role):
    session = event.sessions.get()
    before = snapshot(event)

    response = as_role("organizer").post(url("edit_session", event, session), session_post(event, "09:10", "10:10"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"This change would remove the time slot at {formats.date_format(local(event, 9), 'DATETIME_FORMAT')} "
        "(Asia/Baku), "
        "which has booked meetings. Move or cancel those meetings first."]
    assert snapshot(event) == before


def test_delete_session_removes_a_session_without_meetings(event, spare_session, as_role):
    response = as_role("organizer").post(url("delete_session", event, spare_session))

    assert response.status_code == 302
    assert response["Location"] == url("sessions", event)
    assert list(event.sessions.values_list("start_time", flat=True)) == [time(9)]
    assert event.slots.count() == 3


def test_delete_session_refuses_a_session_with_booked_meetings(event, meeting, as_role):
    before = snapshot(event)

    response = as_role("organizer").post(url("delete_session", event, event.sessions.get()))

    assert response.status_code == 302
    assert messages_of(response) == ["This session has booked meetings. Move or cancel them first."]
    assert snapshot(event) == before


# Participants -----------------------------------------------------------------------------------------------


@pytest.fixture
def applicant(event):
    """A company awaiting approval, with one person to notify."""
    participation = join(event, "Hanoi Silk", "VN", ["vi"], status="pending")
    MembershipFactory(company=participation.company, user=UserFactory(username="silk"))
    return participation


@pytest.mark.parametrize(("decision", "status", "kind"), [("approve", "approved", "participation_approved"),
                                                          ("decline", "declined", "participation_declined")])
def test_decide_sets_the_status_and_notifies_the_company(event, applicant, as_role, decision, status, kind):
    response = as_role("organizer").post(url("decide", event, applicant), {"decision": decision})

    applicant.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("dashboard", event)
    assert applicant.status == status
    assert list(Notification.objects.values_list("user__username", "kind")) == [("silk", kind)]


@pytest.mark.parametrize("data", [{"decision": "maybe"}, {}])
def test_decide_refuses_an_unknown_decision(event, applicant, as_role, data):
    before = snapshot(event)

    assert as_role("organizer").post(url("decide", event, applicant), data).status_code == 400
    assert snapshot(event) == before


def test_dashboard_lists_applicants_first_and_counts_requests_and_meetings(event, coffee, distributor, applicant,
                                                                          as_role):
    meet(coffee, distributor)
    unscheduled = join(event, "Absent Ltd", "AZ", ["az"])
    unscheduled.unavailable_slots.set(event.slots.all())
    meet(coffee, unscheduled)
    cancel_meeting(meeting=meet(distributor, join(event, "Gone Ltd", "VN", ["vi"])))

    response = as_role("organizer").get(url("dashboard", event))

    assert [p.company.name for p in response.context["participations"]] == [
        "Hanoi Silk", "Absent Ltd", "Caspian Foods", "Gone Ltd", "Highland Coffee"]
    assert response.context["meeting_counts"] == {"scheduled": 1, "unscheduled": 1, "cancelled": 1}
    assert [(str(label), n) for label, n in response.context["request_counts"]] == [
        ("Pending", 0), ("Accepted", 2), ("Declined", 0), ("Cancelled", 1), ("Expired", 0)]


# The plan ---------------------------------------------------------------------------------------------------


def test_plan_shows_a_row_per_slot_and_a_column_per_table(event, coffee, distributor, slots, tables, as_role):
    placed = meet(coffee, distributor)
    absent = join(event, "Absent Ltd", "AZ", ["az"])
    absent.unavailable_slots.set(slots)
    unscheduled = meet(coffee, absent)

    response = as_role("organizer").get(url("plan", event))

    assert [column.label for column in response.context["columns"]] == [str(table) for table in tables]
    assert response.context["rows"] == [(slots[0], [placed, None]), (slots[1], [None, None]),
                                        (slots[2], [None, None])]
    assert response.context["unscheduled"] == [unscheduled]


def test_print_plan_has_a_section_per_slot_with_meetings(event, coffee, distributor, slots, as_role):
    first = meet(coffee, distributor)
    silk, oil = join(event, "Hanoi Silk", "VN", ["vi"]), join(event, "Absheron Oil", "AZ", ["az"])
    second = meet(silk, oil)
    later = meet(coffee, oil)

    response = as_role("organizer").get(url("print_plan", event))

    assert response.context["by_slot"] == [(slots[0], [first, second]), (slots[1], [later])]


def test_move_meeting_form_offers_the_event_slots_and_tables(event, meeting, slots, tables, as_role):
    form = as_role("organizer").get(url("move_meeting", event, meeting)).context["form"]

    assert list(form.fields["slot"].queryset) == slots
    assert list(form.fields["table"].queryset) == tables
    assert (form["slot"].value(), form["table"].value()) == (slots[0].pk, tables[0].pk)


def test_move_meeting_moves_seats_and_notifies_both_companies(event, meeting, coffee, distributor, participant,
                                                              other_participant, slots, tables, as_role,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organizer").post(url("move_meeting", event, meeting),
                                             {"slot": slots[2].pk, "table": tables[1].pk})

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("plan", event)
    assert (meeting.slot, meeting.table) == (slots[2], tables[1])
    assert sorted(Seat.objects.filter(meeting=meeting).values_list("participation", "slot")) == [
        (coffee.pk, slots[2].pk), (distributor.pk, slots[2].pk)]
    assert sorted(Notification.objects.filter(kind="meeting_moved").values_list("user__username", flat=True)) == [
        "other_participant", "participant"]
    assert sorted(message.to[0] for message in mail.outbox) == ["other_participant@example.com",
                                                                "participant@example.com"]


def test_move_meeting_refuses_a_table_taken_at_that_time(event, meeting, slots, tables, as_role):
    meet(join(event, "Hanoi Silk", "VN", ["vi"]), join(event, "Absheron Oil", "AZ", ["az"]))  # 9:00, table 2
    before = snapshot(event)

    response = as_role("organizer").post(url("move_meeting", event, meeting),
                                         {"slot": slots[0].pk, "table": tables[1].pk})

    assert response.status_code == 302
    assert response["Location"] == url("move_meeting", event, meeting)
    assert messages_of(response) == ["That table is already taken at that time."]
    assert snapshot(event) == before


def test_move_meeting_refuses_a_slot_where_one_company_is_unavailable(event, meeting, coffee, slots, tables,
                                                                     as_role):
    coffee.unavailable_slots.add(slots[1])
    before = snapshot(event)

    client = as_role("organizer")

    offered = client.get(url("move_meeting", event, meeting)).context["form"].fields["slot"].queryset
    response = client.post(url("move_meeting", event, meeting), {"slot": slots[1].pk, "table": tables[0].pk})

    assert slots[1] not in offered and slots[0] in offered  # the busy time is not even offered
    assert response.status_code == 200 and "slot" in response.context["form"].errors
    assert snapshot(event) == before


def test_move_meeting_refuses_a_slot_of_another_event(event, elsewhere, meeting, tables, as_role):
    response = as_role("organizer").post(url("move_meeting", event, meeting),
                                         {"slot": elsewhere.meeting.slot.pk, "table": tables[0].pk})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "slot": ["Select a valid choice. That choice is not one of the available choices."]}


def test_cancel_meeting_frees_the_seats_and_emails_both_companies(event, meeting, participant, other_participant,
                                                                  as_role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organizer").post(url("cancel_meeting", event, meeting))

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url("plan", event)
    assert meeting.status == Meeting.Status.CANCELLED
    assert Seat.objects.filter(meeting=meeting).exists() is False
    assert sorted((message.to[0], "was cancelled by the organizer" in message.body) for message in mail.outbox) == [
        ("other_participant@example.com", True), ("participant@example.com", True)]


def test_cancel_meeting_asks_first_and_sends_the_reason_to_both(event, meeting, participant, other_participant,
                                                                as_role, django_capture_on_commit_callbacks):
    client = as_role("organizer")

    page = client.get(url("cancel_meeting", event, meeting)).content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED  # asking changes nothing
    assert "Cancel this meeting?" in page and "Highland Coffee and Caspian Foods" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("cancel_meeting", event, meeting), {"reason": "The hall\nis closed for repairs."})

    assert sorted(m.to[0] for m in mail.outbox) == ["other_participant@example.com", "participant@example.com"]
    assert all("was cancelled by the organizer, who wrote: The hall is closed for repairs." in m.body
               for m in mail.outbox)


@pytest.mark.parametrize(("name", "kind", "question"), [
    ("delete_session", "session", "Delete this session?"),
    ("confirm_decline", "participation", "Decline this registration?"),
])
def test_destructive_actions_ask_first_and_change_nothing_until_confirmed(world, as_role, name, kind, question):
    before = snapshot(world.event)

    page = as_role("organizer").get(url(name, world.event, getattr(world, kind))).content.decode()

    assert f"<h1>{question}</h1>" in page
    assert snapshot(world.event) == before


def test_the_plan_asks_before_cancelling(event, meeting, as_role):
    page = as_role("organizer").get(url("plan", event)).content.decode()

    assert f'<a class="button button-small button-danger" href="{url("cancel_meeting", event, meeting)}">' in page
    assert f'action="{url("cancel_meeting", event, meeting)}"' not in page  # no one-click cancel


def test_cancel_meeting_twice_says_it_is_already_cancelled(event, meeting, as_role):
    client = as_role("organizer")
    client.post(url("cancel_meeting", event, meeting), follow=True)  # follow: its message is shown and gone
    before = snapshot(event)

    response = client.post(url("cancel_meeting", event, meeting))

    assert response.status_code == 302
    assert messages_of(response) == ["This meeting is already cancelled."]
    assert snapshot(event) == before


def test_lock_meeting_locks_and_unlocks(event, meeting, as_role):
    client = as_role("organizer")

    client.post(url("lock_meeting", event, meeting), {"locked": "1"})
    meeting.refresh_from_db()
    assert meeting.locked is True

    client.post(url("lock_meeting", event, meeting), {"locked": "0"})
    meeting.refresh_from_db()
    assert meeting.locked is False


def test_lock_meeting_refuses_an_unscheduled_meeting(event, coffee, distributor, as_role):
    coffee.unavailable_slots.set(event.slots.all())
    unscheduled = meet(coffee, distributor)
    before = snapshot(event)

    response = as_role("organizer").post(url("lock_meeting", event, unscheduled), {"locked": "1"})

    assert response.status_code == 302
    assert messages_of(response) == ["Only a scheduled meeting can be locked."]
    assert snapshot(event) == before


@pytest.mark.parametrize("data", [{"locked": "yes"}, {}])
def test_lock_meeting_refuses_an_unknown_value(event, meeting, as_role, data):
    before = snapshot(event)

    assert as_role("organizer").post(url("lock_meeting", event, meeting), data).status_code == 400
    assert snapshot(event) == before


# Exports ----------------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_meetings_lists_every_meeting_with_the_interpreter_flag(event, coffee, distributor, as_role):
    day = f"{event.start_date:%Y-%m-%d}"
    set_meeting_lock(meeting=meet(coffee, distributor), locked=True)  # 9:00, table 1; both speak English
    silk, oil = join(event, "Hanoi Silk", "VN", ["vi"]), join(event, "Absheron Oil", "AZ", ["az"])
    meet(silk, oil)  # 9:00, table 2
    cancel_meeting(meeting=meet(coffee, oil))  # was 9:20, table 1
    silk.unavailable_slots.set(event.slots.all())
    meet(distributor, silk)  # nowhere to go

    response = as_role("organizer").get(url("export_meetings", event))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="baku-forum-meetings.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert read_csv(response) == [
        ["Time slot", "Table", "Company A", "Country A", "Company B", "Country B", "Interpreter needed", "Status",
         "Locked"],
        [f"{day} 09:00", "Table 1", "Highland Coffee", "Vietnam", "Caspian Foods", "Azerbaijan", "no", "Scheduled",
         "yes"],
        [f"{day} 09:00", "Table 2", "Hanoi Silk", "Vietnam", "Absheron Oil", "Azerbaijan", "yes", "Scheduled", "no"],
        [f"{day} 09:20", "Table 1", "Highland Coffee", "Vietnam", "Absheron Oil", "Azerbaijan", "yes", "Cancelled",
         "no"],
        ["", "", "Caspian Foods", "Azerbaijan", "Hanoi Silk", "Vietnam", "yes", "Scheduled", "no"],
    ]


def test_export_participants_lists_every_registration_with_contacts(event, coffee, distributor, applicant,
                                                                    as_role):
    response = as_role("organizer").get(url("export_participants", event))

    assert response["Content-Disposition"] == 'attachment; filename="baku-forum-participants.csv"'
    assert response.content.startswith("\ufeff".encode())
    silk, caspian, highland = applicant.company, distributor.company, coffee.company
    assert read_csv(response) == [
        ["Company", "Country", "City", "Sectors", "Languages", "Status", "Delegates", "Contact person", "Email",
         "Phone"],
        ["Caspian Foods", "Azerbaijan", "Bakı", "Trade", "Azerbaijani; English", "Approved", "1", "Nguyễn Thị Lan",
         caspian.contact_email, "'+84 24 3825 1234"],
        ["Hanoi Silk", "Vietnam", "Hà Nội", "Trade", "Vietnamese", "Awaiting approval", "1", "Nguyễn Thị Lan",
         silk.contact_email, "'+84 24 3825 1234"],
        ["Highland Coffee", "Vietnam", "Hà Nội", "Trade", "English; Vietnamese", "Approved", "1", "Nguyễn Thị Lan",
         highland.contact_email, "'+84 24 3825 1234"],
    ]


def test_exports_quote_text_that_a_spreadsheet_would_run_as_a_formula(event, coffee, as_role):
    coffee.company.name = '=HYPERLINK("http://evil.example","Click")'
    coffee.company.save()

    rows = read_csv(as_role("organizer").get(url("export_participants", event)))

    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Click")'


# Query counts -----------------------------------------------------------------------------------------------


def populate(event: Event, pairs: int) -> None:
    """`pairs` meetings of two fresh participants each, all at 9:00 on a table of their own."""
    set_table_count(event=event, count=pairs)
    for n in range(pairs):
        meet(join(event, f"Hanoi Trader {n}", "VN", ["vi", "en"]), join(event, f"Baku Trader {n}", "AZ", ["az"]))


# Every view: session, user, event, organizer check (4); HTML pages add the header's membership, unread
# notification count and, for a user without a company, the organizer permission (user's and groups') (4);
# then each view's own reads, whatever the number of participants and meetings.
QUERY_BUDGET = {
    "dashboard": 4 + 4 + 4,  # registrations, request counts, meeting counts, registration questions
    "plan": 4 + 4 + 3,  # meetings, tables, slots
    "print_plan": 4 + 4 + 1,  # meetings
    "export_meetings": 4 + 3,  # meetings, each side's languages
    "export_participants": 4 + 4,  # registrations, sectors, languages, registration questions
}


@pytest.mark.parametrize("pairs", [1, 12])
@pytest.mark.parametrize("name", QUERY_BUDGET)
def test_queries_do_not_grow_with_the_event(event, as_role, django_assert_num_queries, name, pairs):
    populate(event, pairs)
    assert Meeting.objects.filter(slot__starts_at=local(event, 9)).count() == pairs
    client = as_role("organizer")

    with django_assert_num_queries(QUERY_BUDGET[name]):
        response = client.get(url(name, event))

    assert response.status_code == 200
