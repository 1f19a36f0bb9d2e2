"""Check-in at the door and attendance of meetings (events.services.attendance, events.views.attendance).

The event (tests/events/conftest.py) is in Baku next month, one session 9:00–10:00 cut into three 20-minute slots,
two tables. Highland Coffee asked Caspian Foods and the booking put their meeting at 9:00, table 1. `started`
moves the event's slots into the past, so that the meeting's time has come and attendance can be recorded.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import segno
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import signing
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import ModerationStatus
from events import services
from events.errors import EventError
from events.models import Meeting, MeetingStatus, Participation, ParticipationStatus, TimeSlot
from events.selectors_attendance import CHECK_IN_TOKEN_MAX_AGE, check_in_token, with_no_shows
from tests.events.conftest import EVENT_ROLES
from tests.events.test_concurrency import refused_or, run_together
from tests.factories import EventFactory, SessionFactory, join, meet

# Expected answers per role in EVENT_ROLES order. The event's viewer reads the check-in list (ORGANIZER_LIST) but
# checks nobody in: the scan page is the form of a check-in (ORGANIZER_PAGE).
ORGANIZER_PAGE = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                  ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 403),
                  ("staff", 200)]
ORGANIZER_LIST = [(role, 200 if role == "viewer" else status) for role, status in ORGANIZER_PAGE]
ORGANIZER_WRITE = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                   ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403),
                   ("staff", 302)]
# The badge is each participant's own; organizers and staff have no company at the event.
PARTICIPANT_PAGE = [("anonymous", 302), ("participant", 200), ("other_participant", 200), ("non_participant", 403),
                    ("organizer", 403), ("other_organizer", 403), ("co_organizer", 403), ("viewer", 403),
                    ("staff", 403)]
# Both companies of the meeting may record it.
PARTY_WRITE = [("anonymous", 302), ("participant", 302), ("other_participant", 302), ("non_participant", 403),
               ("organizer", 403), ("other_organizer", 403), ("co_organizer", 403), ("viewer", 403), ("staff", 403)]

# URL name → (what its URL names besides the slug, the matrix, what a write posts; None for a page).
VIEWS = {
    "check_in": (None, ORGANIZER_LIST, None),
    "check_in_scan": ("token", ORGANIZER_PAGE, None),
    "badge": (None, PARTICIPANT_PAGE, None),
    "check_in_participant": ("participation", ORGANIZER_WRITE, {"action": "in"}),
    "check_in_scan_post": ("token", ORGANIZER_WRITE, {}),
    "mark_attendance": ("meeting", ORGANIZER_WRITE, {"mark": "held"}),
    "mark_my_attendance": ("meeting", PARTY_WRITE, {"partner": "came"}),
}
PAGES = [name for name, (_kind, _matrix, data) in VIEWS.items() if data is None]
WRITES = [name for name, (_kind, _matrix, data) in VIEWS.items() if data is not None]
POST_ONLY = ["check_in_participant", "mark_attendance", "mark_my_attendance"]


# Data -------------------------------------------------------------------------------------------------------------


@pytest.fixture
def meeting(coffee, distributor) -> Meeting:
    """Highland Coffee asked Caspian Foods; booked at 9:00, table 1."""
    return meet(coffee, distributor)


def start(event) -> None:
    """The event's time slots moved 40 days back, once its meetings are booked: every meeting's time has come."""
    TimeSlot.objects.filter(event=event).update(starts_at=F("starts_at") - timedelta(days=40),
                                                ends_at=F("ends_at") - timedelta(days=40))


@pytest.fixture
def started(event, meeting):
    start(event)


@pytest.fixture
def world(all_roles, event, coffee, distributor, meeting, started):
    return SimpleNamespace(event=event, participation=coffee, meeting=meeting, token=check_in_token(coffee))


def url(name: str, world, kind: str | None = None) -> str:
    name = name.removesuffix("_post")
    return reverse(f"events:{name}", args=[world.event.slug, *([_arg(world, kind)] if kind else [])])


def _arg(world, kind: str):
    return world.token if kind == "token" else getattr(world, kind).pk


def view_url(world, name: str) -> str:
    return url(name, world, VIEWS[name][0])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def logged_in(request, role: str) -> Client:
    """A client of its own for `role` (a fixture name): messages left by one role's request stay with it."""
    client = Client()
    client.force_login(request.getfixturevalue(role))
    return client


def snapshot(event) -> dict:
    """What the views of this module can change."""
    return {
        "participations": list(Participation.objects.order_by("pk").values_list("pk", "checked_in_at",
                                                                                 "checked_in_by")),
        "meetings": list(Meeting.objects.order_by("pk").values_list(
            "pk", "status", "absent", "attendance_marked_at", "attendance_marked_by")),
    }


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


# Permission matrix ------------------------------------------------------------------------------------------------


def test_access_tables_cover_every_role():
    for _kind, matrix, _data in VIEWS.values():
        assert [role for role, _status in matrix] == EVENT_ROLES


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", EVENT_ROLES)
def test_page_permission_matrix(world, as_role, name, role):
    status = dict(VIEWS[name][1])[role]

    assert as_role(role).get(view_url(world, name)).status_code == status


@pytest.mark.parametrize("name", WRITES)
@pytest.mark.parametrize("role", EVENT_ROLES)
def test_write_permission_matrix(world, as_role, name, role):
    status = dict(VIEWS[name][1])[role]
    before = snapshot(world.event)

    response = as_role(role).post(view_url(world, name), VIEWS[name][2])

    assert response.status_code == status
    if status != 302 or role == "anonymous":
        assert snapshot(world.event) == before  # refused: nothing changed
    else:
        assert snapshot(world.event) != before
        assert messages_of(response)[0].startswith(("Highland Coffee is checked in", "The attendance", "Thank you"))


@pytest.mark.parametrize("name", [*PAGES, *POST_ONLY])
def test_anonymous_visitor_is_sent_to_log_in(world, client, name):
    target = view_url(world, name)

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={quote(target, safe='/')}"


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_views_answer_get_with_405(world, as_role, name):
    role = "participant" if name == "mark_my_attendance" else "organizer"

    assert as_role(role).get(view_url(world, name)).status_code == 405


@pytest.mark.parametrize(("name", "role"), [("check_in", "organizer"), ("badge", "participant")])
def test_read_only_pages_answer_post_with_405(world, as_role, name, role):
    assert as_role(role).post(view_url(world, name)).status_code == 405


@pytest.fixture
def elsewhere(organizer):
    """A participation and a meeting of another event that the same organizer runs, and its badge token."""
    other = EventFactory(title="Hanoi Food Week", slug="hanoi-food-week", organizers=[organizer])
    SessionFactory(event=other)
    services.set_table_count(event=other, count=1)
    a, b = join(other, "Pho Corner"), join(other, "Gence Tea")
    return SimpleNamespace(participation=a, meeting=meet(a, b), token=check_in_token(a))


@pytest.mark.parametrize(("name", "kind", "data"), [
    ("check_in_participant", "participation", {"action": "in"}),
    ("mark_attendance", "meeting", {"mark": "held"}),
])
def test_objects_of_another_event_are_not_found(world, elsewhere, as_role, name, kind, data):
    before = snapshot(world.event)

    response = as_role("organizer").post(
        reverse(f"events:{name}", args=[world.event.slug, getattr(elsewhere, kind).pk]), data)

    assert response.status_code == 404
    assert snapshot(world.event) == before


def test_a_party_cannot_mark_a_meeting_it_is_not_in(world, elsewhere, as_role):
    before = snapshot(world.event)

    response = as_role("participant").post(
        reverse("events:mark_my_attendance", args=[world.event.slug, elsewhere.meeting.pk]), {"partner": "came"})

    assert response.status_code == 404
    assert snapshot(world.event) == before


# Check-in: the service ----------------------------------------------------------------------------------------------


def test_check_in_records_when_and_by_whom(event, coffee, organizer):
    before = timezone.now()

    services.check_in(event=event, participation=coffee, by=organizer)

    coffee.refresh_from_db()
    assert coffee.checked_in_by == organizer
    assert before <= coffee.checked_in_at <= timezone.now()


def test_check_in_is_idempotent(event, coffee, organizer, staff):
    services.check_in(event=event, participation=coffee, by=organizer)
    coffee.refresh_from_db()
    first = coffee.checked_in_at

    services.check_in(event=event, participation=coffee, by=staff)

    coffee.refresh_from_db()
    assert (coffee.checked_in_at, coffee.checked_in_by) == (first, organizer)


def test_undo_check_in_clears_it_and_is_idempotent(event, coffee, organizer):
    services.check_in(event=event, participation=coffee, by=organizer)

    services.undo_check_in(event=event, participation=coffee)
    services.undo_check_in(event=event, participation=coffee)

    coffee.refresh_from_db()
    assert (coffee.checked_in_at, coffee.checked_in_by) == (None, None)


def test_a_participant_of_another_event_cannot_be_checked_in(event, elsewhere, organizer):
    with pytest.raises(EventError, match="^This company is registered for another event.$"):
        services.check_in(event=event, participation=elsewhere.participation, by=organizer)

    elsewhere.participation.refresh_from_db()
    assert elsewhere.participation.checked_in_at is None


@pytest.mark.parametrize("status", [ParticipationStatus.PENDING, ParticipationStatus.DECLINED])
def test_a_participation_not_approved_cannot_be_checked_in(event, coffee, organizer, status):
    Participation.objects.filter(pk=coffee.pk).update(status=status)

    with pytest.raises(EventError, match="^Highland Coffee is not an approved participant of this event"):
        services.check_in(event=event, participation=coffee, by=organizer)

    coffee.refresh_from_db()
    assert coffee.checked_in_at is None


def test_a_suspended_company_cannot_be_checked_in(event, coffee, organizer):
    type(coffee.company).objects.filter(pk=coffee.company_id).update(status=ModerationStatus.SUSPENDED)

    with pytest.raises(EventError, match="^Highland Coffee is not an approved participant of this event"):
        services.check_in(event=event, participation=coffee, by=organizer)


# Check-in: the list -------------------------------------------------------------------------------------------------


def names_on(response) -> list[str]:
    return [participation.company.name for participation in response.context["page"].object_list]


def test_check_in_list_counts_and_shows_approved_participants(world, as_role, organizer):
    join(world.event, "Hanoi Silk", status=ParticipationStatus.PENDING)
    services.check_in(event=world.event, participation=world.participation, by=organizer)

    response = as_role("organizer").get(url("check_in", world))

    assert names_on(response) == ["Caspian Foods", "Highland Coffee"]
    assert response.context["counts"] == {"checked_in": 1, "expected": 2}
    assert "Checked in: <strong>1</strong> of 2" in response.content.decode()


@pytest.mark.parametrize(("query", "names"), [
    ("highland", ["Highland Coffee"]),
    ("CÁSPIAN FOÔDS", ["Caspian Foods"]),  # accent- and case-insensitive, as the directory's search
    ("baki", ["Caspian Foods"]),  # its city, Bakı
    ("nothing-like-it", []),
])
def test_check_in_list_search(world, as_role, query, names):
    response = as_role("organizer").get(url("check_in", world), {"q": query})

    assert names_on(response) == names


@pytest.mark.parametrize(("state", "names"), [("in", ["Highland Coffee"]), ("out", ["Caspian Foods"]),
                                              ("", ["Caspian Foods", "Highland Coffee"])])
def test_check_in_list_filter(world, as_role, organizer, state, names):
    services.check_in(event=world.event, participation=world.participation, by=organizer)

    response = as_role("organizer").get(url("check_in", world), {"state": state})

    assert names_on(response) == names


@pytest.mark.parametrize("params", [{"state": "maybe"}, {"q": "x" * 201}])
def test_check_in_list_bad_filter_says_so_and_shows_everybody(world, as_role, params):
    response = as_role("organizer").get(url("check_in", world), params)

    assert response.status_code == 200
    assert names_on(response) == ["Caspian Foods", "Highland Coffee"]
    assert "The search could not be read: everybody is shown." in response.content.decode()


def test_check_in_button_checks_in_and_returns_to_the_search(world, as_role, organizer):
    response = as_role("organizer").post(url("check_in_participant", world, "participation"),
                                         {"action": "in", "q": "highland", "state": "out"})

    assert response.status_code == 302
    assert response["Location"] == url("check_in", world) + "?q=highland&state=out"
    assert messages_of(response) == ["Highland Coffee is checked in."]
    world.participation.refresh_from_db()
    assert world.participation.checked_in_by == organizer


def test_undo_button_takes_the_check_in_back(world, as_role, organizer):
    services.check_in(event=world.event, participation=world.participation, by=organizer)

    response = as_role("organizer").post(url("check_in_participant", world, "participation"), {"action": "undo"})

    assert response["Location"] == url("check_in", world)
    assert messages_of(response) == ["Highland Coffee is no longer checked in."]
    world.participation.refresh_from_db()
    assert world.participation.checked_in_at is None


@pytest.mark.parametrize("data", [{}, {"action": "twice"}, {"action": "in", "state": "maybe"}])
def test_check_in_button_with_forged_values_is_400(world, as_role, data):
    before = snapshot(world.event)

    assert as_role("organizer").post(url("check_in_participant", world, "participation"), data).status_code == 400
    assert snapshot(world.event) == before


def test_check_in_button_of_a_declined_participation_explains(world, as_role):
    Participation.objects.filter(pk=world.participation.pk).update(status=ParticipationStatus.DECLINED)

    response = as_role("organizer").post(url("check_in_participant", world, "participation"), {"action": "in"})

    assert messages_of(response) == ["Highland Coffee is not an approved participant of this event, so it cannot "
                                     "be checked in."]
    world.participation.refresh_from_db()
    assert world.participation.checked_in_at is None


def populate(event, count: int) -> None:
    """`count` more approved participants, each with a meeting marked no-show, half of them checked in."""
    services.set_table_count(event=event, count=count + 1)
    for n in range(count):
        a, b = join(event, f"Hanoi Trader {n}"), join(event, f"Baku Trader {n}")
        Meeting.objects.filter(pk=meet(a, b).pk).update(status=MeetingStatus.NO_SHOW, absent=a)
        if n % 2:
            Participation.objects.filter(pk=b.pk).update(checked_in_at=timezone.now())


@pytest.mark.parametrize("count", [1, 15])
def test_check_in_list_queries_do_not_grow(all_roles, event, coffee, distributor, as_role,
                                           django_assert_num_queries, count):
    populate(event, count)
    client = as_role("organizer")

    # session, user, event, organizer check; header: membership, unread count, organizer permission (user's and
    # groups'); then the counts, the paginator's count and the page (with companies, no-shows, checked in by).
    with django_assert_num_queries(4 + 4 + 3):
        response = client.get(reverse("events:check_in", args=[event.slug]))

    assert len(response.context["page"].object_list) == 2 + 2 * count


# Check-in: the badge and its QR code ----------------------------------------------------------------------------


@pytest.fixture
def frozen_signing(monkeypatch):
    """Signed tokens dated at a fixed moment, so that the same participation always gets the same token."""
    moment = timezone.now().timestamp()
    monkeypatch.setattr(signing.time, "time", lambda: moment)
    return moment


def test_badge_shows_the_qr_code_of_the_scan_url(world, as_role, frozen_signing):
    scan_url = settings.SITE_URL + reverse("events:check_in_scan", args=[world.event.slug, world.token])
    expected = segno.make(scan_url, error="m").svg_inline(scale=4, title="Check-in code of Highland Coffee",
                                                         svgclass="qr-code", omitsize=True)

    response = as_role("participant").get(url("badge", world))

    assert response.context["qr_svg"] == expected
    assert expected in response.content.decode()
    assert scan_url.startswith(f"{settings.SITE_URL}/en/events/baku-forum/manage/check-in/{world.participation.pk}:")


def test_scan_page_shows_the_company_and_its_button(world, as_role):
    response = as_role("organizer").get(url("check_in_scan", world, "token"))

    assert response.context["participation"] == world.participation
    page = response.content.decode()
    assert "<h1>Highland Coffee</h1>" in page
    assert '<button type="submit" class="button">Check in</button>' in page


def test_scan_post_checks_in_and_shows_it(world, as_role, organizer):
    client = as_role("organizer")

    response = client.post(url("check_in_scan", world, "token"))

    assert response["Location"] == url("check_in_scan", world, "token")
    assert messages_of(response) == ["Highland Coffee is checked in."]
    again = client.get(response["Location"])
    assert 'Check in</button>' not in again.content.decode()
    world.participation.refresh_from_db()
    assert world.participation.checked_in_by == organizer


def bad_token_answer(world, client, token):
    response = client.get(reverse("events:check_in_scan", args=[world.event.slug, token]))
    posted = client.post(reverse("events:check_in_scan", args=[world.event.slug, token]))
    return response, posted


@pytest.mark.parametrize("token", [
    "garbage",
    "1:2:3",
    signing.TimestampSigner(salt="another-purpose").sign("1"),  # signed for something else
    signing.TimestampSigner(salt="events.check-in").sign("not-a-number"),
])
def test_a_bad_token_is_a_clear_404(world, as_role, token):
    before = snapshot(world.event)

    response, posted = bad_token_answer(world, as_role("organizer"), token)

    assert (response.status_code, posted.status_code) == (404, 404)
    assert "<h1>Unknown check-in code</h1>" in response.content.decode()
    assert snapshot(world.event) == before


def test_a_tampered_token_is_a_404(world, as_role):
    pk, stamp, signature = world.token.split(":")
    tampered = f"{int(pk) + 1}:{stamp}:{signature}"

    response, posted = bad_token_answer(world, as_role("organizer"), tampered)

    assert (response.status_code, posted.status_code) == (404, 404)


def test_an_expired_token_is_a_404(world, as_role, monkeypatch):
    moment = timezone.now().timestamp() - CHECK_IN_TOKEN_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: moment)
    old = check_in_token(world.participation)
    monkeypatch.undo()

    response, posted = bad_token_answer(world, as_role("organizer"), old)

    assert (response.status_code, posted.status_code) == (404, 404)


def test_a_token_still_valid_near_its_age_limit_works(world, as_role, monkeypatch):
    moment = timezone.now().timestamp() - CHECK_IN_TOKEN_MAX_AGE.total_seconds() + 3600
    monkeypatch.setattr(signing.time, "time", lambda: moment)
    token = check_in_token(world.participation)
    monkeypatch.undo()

    assert as_role("organizer").get(reverse("events:check_in_scan", args=[world.event.slug, token])).status_code \
        == 200


def test_a_token_of_another_event_is_a_404_here(world, elsewhere, as_role):
    response, posted = bad_token_answer(world, as_role("organizer"), elsewhere.token)

    assert (response.status_code, posted.status_code) == (404, 404)
    elsewhere.participation.refresh_from_db()
    assert elsewhere.participation.checked_in_at is None


def test_scan_of_a_declined_participation_explains_and_has_no_button(world, as_role):
    Participation.objects.filter(pk=world.participation.pk).update(status=ParticipationStatus.DECLINED)
    client = as_role("organizer")

    page = client.get(url("check_in_scan", world, "token")).content.decode()
    posted = client.post(url("check_in_scan", world, "token"))

    assert "This company is not an approved participant of this event, so it cannot be checked in." in page
    assert "Check in</button>" not in page
    assert messages_of(posted) == ["Highland Coffee is not an approved participant of this event, so it cannot be "
                                   "checked in."]


# Attendance: the organizer ----------------------------------------------------------------------------------------


def mark(client, world, value):
    return client.post(url("mark_attendance", world, "meeting"), {"mark": value})


@pytest.mark.parametrize(("value", "status", "absent"), [
    ("held", MeetingStatus.HELD, None),
    ("requester_absent", MeetingStatus.NO_SHOW, "coffee"),
    ("recipient_absent", MeetingStatus.NO_SHOW, "distributor"),
    ("both_absent", MeetingStatus.NO_SHOW, None),
])
def test_organizer_marks_a_meeting(world, as_role, organizer, coffee, distributor, value, status, absent):
    response = mark(as_role("organizer"), world, value)

    assert response["Location"] == url("plan", world) + f"#meeting-{world.meeting.pk}"
    assert messages_of(response) == ["The attendance of the meeting of Highland Coffee and Caspian Foods was saved."]
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    expected_absent = {"coffee": coffee, "distributor": distributor}.get(absent)
    assert (meeting.status, meeting.absent, meeting.attendance_marked_by) == (status, expected_absent, organizer)
    assert meeting.attendance_marked_at is not None


def test_organizer_sets_a_meeting_back_to_not_marked(world, as_role, organizer):
    client = as_role("organizer")
    mark(client, world, "requester_absent")

    mark(client, world, "scheduled")

    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert (meeting.status, meeting.absent, meeting.attendance_marked_at, meeting.attendance_marked_by) == \
        (MeetingStatus.SCHEDULED, None, None, None)


@pytest.mark.parametrize("data", [{}, {"mark": "cancelled"}, {"mark": "no_show"}])
def test_organizer_mark_with_forged_values_is_400(world, as_role, data):
    before = snapshot(world.event)

    assert as_role("organizer").post(url("mark_attendance", world, "meeting"), data).status_code == 400
    assert snapshot(world.event) == before


def test_marking_before_the_slot_starts_is_refused(all_roles, event, meeting, request):
    world = SimpleNamespace(event=event, meeting=meeting)
    before = snapshot(event)

    organizer_says = messages_of(mark(logged_in(request, "organizer"), world, "held"))
    party_says = messages_of(say(logged_in(request, "participant"), world, "came"))

    refusal = ["This meeting has not started yet: its attendance can be recorded from its start time."]
    assert (organizer_says, party_says) == (refusal, refusal)
    assert snapshot(event) == before


def test_a_cancelled_meeting_cannot_be_marked(world, as_role):
    services.cancel_meeting(meeting=world.meeting)
    before = snapshot(world.event)

    response = mark(as_role("organizer"), world, "held")

    assert messages_of(response) == ["Only a meeting with a time and a table, not cancelled, can be marked."]
    assert snapshot(world.event) == before


def test_an_unscheduled_meeting_cannot_be_marked(world, organizer):
    Meeting.objects.filter(pk=world.meeting.pk).update(slot=None, table=None)
    world.meeting.refresh_from_db()

    with pytest.raises(EventError, match="^Only a meeting with a time and a table, not cancelled, can be marked.$"):
        services.mark_attendance(meeting=world.meeting, status=MeetingStatus.HELD, by=organizer)


def test_only_a_side_of_the_meeting_can_be_absent(world, elsewhere, organizer):
    with pytest.raises(EventError, match="^Only a company of this meeting can be marked absent"):
        services.mark_attendance(meeting=world.meeting, status=MeetingStatus.NO_SHOW,
                                 absent=elsewhere.participation, by=organizer)
    with pytest.raises(EventError, match="^Only a company of this meeting can be marked absent"):
        services.mark_attendance(meeting=world.meeting, status=MeetingStatus.HELD, absent=world.participation,
                                 by=organizer)


def test_plan_shows_the_mark_and_its_control_once_started(world, as_role, organizer, distributor):
    services.mark_attendance(meeting=world.meeting, status=MeetingStatus.NO_SHOW, absent=distributor, by=organizer)

    page = as_role("organizer").get(url("plan", world)).content.decode()

    assert '<span class="badge badge-tone-danger">No-show: Caspian Foods</span>' in page
    assert '<option value="recipient_absent" selected>Caspian Foods did not come</option>' in page


def test_plan_has_no_control_before_the_meeting(all_roles, event, meeting, as_role):
    page = as_role("organizer").get(reverse("events:plan", args=[event.slug])).content.decode()

    assert reverse("events:mark_attendance", args=[event.slug, meeting.pk]) not in page


# Attendance: the companies ----------------------------------------------------------------------------------------


def say(client, world, partner):
    return client.post(url("mark_my_attendance", world, "meeting"), {"partner": partner})


def test_a_party_says_the_meeting_was_held(world, as_role, participant):
    response = say(as_role("participant"), world, "came")

    assert response["Location"] == reverse("events:agenda", args=[world.event.slug])
    assert messages_of(response) == ["Thank you: the meeting is recorded as held."]
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert (meeting.status, meeting.absent, meeting.attendance_marked_by) == (MeetingStatus.HELD, None, participant)


@pytest.mark.parametrize(("role", "absent"), [("participant", "distributor"), ("other_participant", "coffee")])
def test_a_party_says_its_partner_did_not_come(world, as_role, request, role, absent):
    response = say(as_role(role), world, "absent")

    assert messages_of(response) == ["Thank you: the meeting is recorded as a no-show of your partner."]
    meeting = Meeting.objects.get(pk=world.meeting.pk)
    assert (meeting.status, meeting.absent) == (MeetingStatus.NO_SHOW, request.getfixturevalue(absent))


def test_a_party_corrects_its_own_mark(world, as_role):
    client = as_role("participant")
    messages_of(say(client, world, "absent"))

    messages_of(say(client, world, "came"))

    assert Meeting.objects.values_list("status", "absent").get(pk=world.meeting.pk) == (MeetingStatus.HELD, None)


@pytest.mark.parametrize("first", ["other_participant", "organizer"])
def test_a_party_cannot_overrule_another_mark(world, request, first):
    client = logged_in(request, first)
    if first == "organizer":
        mark(client, world, "held")
    else:
        say(client, world, "came")
    before = snapshot(world.event)

    response = say(logged_in(request, "participant"), world, "absent")

    assert messages_of(response) == ["This meeting's attendance was already recorded. If it is wrong, please ask "
                                     "the organizer to correct it."]
    assert snapshot(world.event) == before


@pytest.mark.parametrize("data", [{}, {"partner": "maybe"}])
def test_a_party_mark_with_forged_values_is_400(world, as_role, data):
    before = snapshot(world.event)

    assert as_role("participant").post(url("mark_my_attendance", world, "meeting"), data).status_code == 400
    assert snapshot(world.event) == before


def test_agenda_offers_the_buttons_once_started(world, as_role):
    page = as_role("participant").get(reverse("events:agenda", args=[world.event.slug])).content.decode()

    assert 'value="came" class="button button-small">It took place</button>' in page
    assert 'value="absent" class="button button-small button-secondary">Caspian Foods did not come</button>' in page


def test_agenda_has_no_buttons_before_the_meeting(all_roles, event, meeting, as_role):
    page = as_role("participant").get(reverse("events:agenda", args=[event.slug])).content.decode()

    assert "It took place" not in page
    assert "From the meeting's start" in page


def test_agenda_shows_the_partners_mark_without_buttons(world, as_role):
    say(as_role("other_participant"), world, "absent")
    client = as_role("participant")

    page = client.get(reverse("events:agenda", args=[world.event.slug])).content.decode()

    assert '<span class="badge badge-tone-danger">No-show: your company</span>' in page
    assert "It took place" not in page
    assert "Wrong? Ask the organizer to correct it." in page


# No-shows per company -----------------------------------------------------------------------------------------------


@pytest.fixture
def no_shows(event, organizer):
    """Ana missed two meetings (Bao's and Cem's), Bao and Dung both missed theirs, Cem came to both of its own;
    a held meeting and a meeting set back to not marked count for nobody."""
    services.set_table_count(event=event, count=6)
    ana, bao, cem, dung = (join(event, name) for name in ("Ana", "Bao", "Cem", "Dung"))
    marks = [(ana, bao, MeetingStatus.NO_SHOW, ana), (cem, ana, MeetingStatus.NO_SHOW, ana),
             (bao, dung, MeetingStatus.NO_SHOW, None), (cem, dung, MeetingStatus.HELD, None),
             (ana, dung, MeetingStatus.SCHEDULED, None)]
    meetings = [meet(a, b) for a, b, _status, _absent in marks]
    assert all(meeting.is_scheduled for meeting in meetings)
    start(event)
    for meeting, (a, _b, status, absent) in zip(meetings, marks, strict=True):
        meeting.refresh_from_db()
        if status == MeetingStatus.SCHEDULED:
            services.mark_attendance(meeting=meeting, status=MeetingStatus.NO_SHOW, absent=a, by=organizer)
        services.mark_attendance(meeting=meeting, status=status, absent=absent, by=organizer)
    return {"Ana": 2, "Bao": 1, "Cem": 0, "Dung": 1}


def test_no_show_counts_are_exact(event, no_shows):
    counted = {p.company.name: p.no_shows for p in with_no_shows(event.participations.select_related("company"))}

    assert counted == no_shows


def test_dashboard_and_check_in_list_show_no_shows(event, no_shows, all_roles, as_role):
    client = as_role("organizer")

    dashboard = client.get(reverse("events:dashboard", args=[event.slug]))
    check_in = client.get(reverse("events:check_in", args=[event.slug]))

    expected = {"Ana": 2, "Bao": 1, "Caspian Foods": 0, "Cem": 0, "Dung": 1, "Highland Coffee": 0}
    assert {p.company.name: p.no_shows for p in dashboard.context["participations"]} == expected
    assert {p.company.name: p.no_shows for p in check_in.context["page"].object_list} == expected
    assert '<span class="badge badge-tone-danger">2 no-shows</span>' in dashboard.content.decode()
    assert '<span class="badge badge-tone-danger">1 no-show</span>' in check_in.content.decode()


# Racing writers (PostgreSQL) ----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
def test_marks_check_ins_and_a_cancel_at_the_same_instant_meet_no_error(organizer, staff):
    """Both companies and the organizer mark the meeting, the organizer cancels it, and two staff members check
    both companies in, all at once: no error reaches anyone, each company is checked in once, and the meeting
    ends either cancelled or marked by one of them."""
    event = EventFactory(organizers=[organizer])
    SessionFactory(event=event)
    services.set_table_count(event=event, count=2)
    a, b = join(event, "Ana"), join(event, "Bao")
    meeting = meet(a, b)
    start(event)
    user_a, user_b = (p.company.memberships.get().user for p in (a, b))

    outcomes, errors = run_together(
        refused_or(lambda: services.mark_own_attendance(meeting=meeting, participation=a, partner_came=True,
                                                        by=user_a)),
        refused_or(lambda: services.mark_own_attendance(meeting=meeting, participation=b, partner_came=False,
                                                        by=user_b)),
        refused_or(lambda: services.mark_attendance(meeting=meeting, status=MeetingStatus.HELD, by=organizer)),
        refused_or(lambda: services.cancel_meeting(meeting=meeting)),
        *(refused_or(lambda p=p, user=user: services.check_in(event=event, participation=p, by=user))
          for p in (a, b) for user in (organizer, staff)),
    )

    assert errors == []
    meeting.refresh_from_db()
    assert meeting.status in {MeetingStatus.CANCELLED, MeetingStatus.HELD, MeetingStatus.NO_SHOW}
    assert Participation.objects.filter(event=event, checked_in_at__isnull=False).count() == 2
    assert all(isinstance(outcome, Participation) for outcome in outcomes[4:])
