"""Integrity of bookings across the organizer's and the moderators' actions.

Schedule all applies the signed preview and nothing else; a declined participant never leaves a partner's
meeting behind; sessions let go of cancelled meetings; dates stay within bounds and keep their wall-clock
time through the forms and across daylight saving; withdrawn companies leave their events to come; single-line
fields refuse line breaks.
"""

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Company
from companies.moderation import moderate
from events import planning, services
from events.errors import EventError
from events.models import Event, Meeting, MeetingRequest, Notification, Participation, Seat, Session, TimeSlot
from events.selectors import agenda_of, approved_participants
from tests.factories import (
    EventFactory,
    SessionFactory,
    join,
    local_start,
    meet,
)

SINGLE_LINE = "Use a single line: line breaks and control characters are not allowed here."




def slot_starts(event):
    return [timezone.localtime(s.starts_at, event.tz).strftime("%H:%M") for s in event.slots.all()]






def placements(event) -> dict[int, tuple[int, int | None, int | None]]:
    """Every live meeting of the event → (slot pk, table pk, room), as a plan's `placements` has them."""
    return {pk: (slot, table, room) for pk, slot, table, room in Meeting.objects.filter(
        event=event, slot__isnull=False).exclude(status="cancelled").values_list("pk", "slot_id", "table_id", "room")}


def bookings() -> list[tuple]:
    """All that a plan writes: every meeting's place and status, every seat."""
    return [sorted(Meeting.objects.values_list("pk", "slot_id", "table_id", "status", "locked")),
            sorted(Seat.objects.values_list("meeting_id", "participation_id", "slot_id", "number"))]


def notifications() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("kind", "user__username"))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def forum(organizer):
    """An event on a fixed day (10 March 2027, Baku), so that messages naming a time can be exact.

    One session of three 20-minute slots (9:00–10:00) and two tables.
    """
    event = EventFactory(title="Ganja Trade Days", slug="ganja-days", start_date=date(2027, 3, 10),
                         organizers=[organizer])
    SessionFactory(event=event)
    services.set_table_count(event=event, count=2)
    return event


def event_post(**changes) -> dict:
    """A valid event form for a new event on 10 March 2027."""
    return {
        "title": "Hanoi Agri Week in Baku", "description": "", "city": "Bakı", "venue": "Baku Expo Center",
        "country": "AZ", "time_zone": "Asia/Baku", "start_date": "2027-03-10", "end_date": "2027-03-10",
        "registration_opens": "2026-12-01T09:00", "registration_closes": "2027-03-01T18:00",
        "meeting_minutes": 20, "request_policy": "approval", "max_meetings": 10, "status": "published",
        "tables": 8,
    } | changes


def session_post(event, start: str, end: str, **changes) -> dict:
    return {"name": "", "date": event.start_date, "start_time": start, "end_time": end, "pause_minutes": 0} | changes


class _FormValues(HTMLParser):
    """The values a browser submits from the page's form `form_id` (or its form of class "stacked-form"), as
    the page shows them, without pressing any named button."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.values: dict[str, str | list[str]] = {}
        self._in_form = False
        self._select = self._textarea = None
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = (attrs.get("id") == self.form_id if self.form_id
                             else "stacked-form" in (attrs.get("class") or "").split())
        if not self._in_form or tag not in ("input", "select", "option", "textarea"):
            return
        name, kind = attrs.get("name"), attrs.get("type")
        if tag == "input" and name and name != "csrfmiddlewaretoken" and kind not in ("file", "submit"):
            if kind == "checkbox":
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind != "radio" or "checked" in attrs:
                self.values[name] = attrs.get("value", "")
        elif tag == "select":
            self._select, self._multiple = name, "multiple" in attrs
            if self._multiple:
                self.values[name] = []
        elif tag == "option" and self._select:
            if self._multiple:
                if "selected" in attrs:
                    self.values[self._select].append(attrs.get("value", ""))
            elif "selected" in attrs or self._select not in self.values:  # else the first option is sent
                self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(response, form_id=None) -> dict:
    parser = _FormValues(form_id)
    parser.feed(response.content.decode())
    return parser.values


# 1. Schedule all applies exactly what was previewed -----------------------------------------------------------


def test_apply_plan_writes_exactly_the_preview_without_solving_again(event, crowded, monkeypatch):
    first, stranded = crowded
    plan = planning.propose_plan(event)
    assert (plan.moved, plan.booked) == ([first.pk], [stranded.pk])

    def solver_must_not_run(*args, **kwargs):
        raise AssertionError("apply_plan ran the solver again")

    monkeypatch.setattr(planning, "solve", solver_must_not_run)
    planning.apply_plan(event=event, token=plan.token)

    assert placements(event) == plan.placements


def test_apply_plan_after_a_cancellation_raises_plan_changed_and_writes_nothing(event, crowded):
    first, stranded = crowded
    plan = planning.propose_plan(event)
    services.cancel_meeting(meeting=first)
    before = bookings()

    with pytest.raises(planning.PlanChanged):
        planning.apply_plan(event=event, token=plan.token)

    assert bookings() == before


def test_apply_plan_with_the_token_of_another_event_raises_plan_changed(event, crowded, organizer):
    other = EventFactory(title="Hanoi forum", slug="hanoi-forum", organizers=[organizer])
    SessionFactory(event=other)
    services.set_table_count(event=other, count=2)
    token = planning.propose_plan(event).token
    before = bookings()

    with pytest.raises(planning.PlanChanged):
        planning.apply_plan(event=other, token=token)

    assert bookings() == before


def test_schedule_all_view_after_a_cancellation_goes_back_to_a_fresh_preview(event, crowded, as_role):
    first, stranded = crowded
    client = as_role("organizer")
    url = reverse("events:schedule_all", args=[event.slug])
    token = client.get(url).context["plan"].token
    services.cancel_meeting(meeting=first)
    before = bookings()

    response = client.post(url, {"plan": token})

    assert (response.status_code, response["Location"]) == (302, url)
    assert messages_of(response) == ["The event changed since the preview, so nothing was applied. Here is the "
                                     "plan for its current state."]
    assert bookings() == before


def test_apply_plan_notifies_booked_and_moved_meetings_with_their_new_time(event, crowded):
    plan = planning.propose_plan(event)
    Notification.objects.all().delete()

    planning.apply_plan(event=event, token=plan.token)

    told = sorted((n.kind, n.user.username, n.params["company"],
                   timezone.localtime(datetime.fromisoformat(n.params["slot"]), event.tz).strftime("%H:%M"))
                  for n in Notification.objects.select_related("user"))
    # Ana–Bao is placed for the first time at 9:00; Bao–Cem moves from 9:00 to 9:20.
    assert told == [("meeting_booked", "ana", "Bao", "09:00"), ("meeting_booked", "bao", "Ana", "09:00"),
                    ("meeting_moved", "bao", "Cem", "09:20"), ("meeting_moved", "cem", "Bao", "09:20")]


# 2. No decline with live meetings -----------------------------------------------------------------------------

REFUSED_DECLINE = "Ana has 1 accepted meeting at this event. Cancel it in the plan before declining the company."


def test_decline_with_an_unscheduled_accepted_meeting_is_refused(event, crowded):
    first, stranded = crowded
    ana = stranded.request.requester

    with pytest.raises(EventError) as error:
        services.decide_participation(participation=ana, approve=False)

    assert str(error.value) == REFUSED_DECLINE
    ana.refresh_from_db()
    assert ana.status == "approved"


def test_refused_decline_leaves_the_partner_its_meeting(event, crowded):
    first, stranded = crowded
    ana, bao = stranded.request.requester, stranded.request.recipient

    with pytest.raises(EventError):
        services.decide_participation(participation=ana, approve=False)

    stranded.refresh_from_db()
    assert (stranded.status, stranded.request.status) == ("scheduled", "accepted")
    assert sorted(m.pk for m in agenda_of(bao)) == sorted([first.pk, stranded.pk])


def test_schedule_all_still_plans_after_a_refused_decline(event, crowded):
    with pytest.raises(EventError):
        services.decide_participation(participation=crowded[1].request.requester, approve=False)

    plan = planning.propose_plan(event)

    assert (plan.total, plan.placed) == (2, 2)


def test_decline_with_only_pending_requests_closes_them_and_tells_the_other_side(event):
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    sent = services.request_meeting(requester=ana, recipient=bao)
    received = services.request_meeting(requester=cem, recipient=ana)
    Notification.objects.all().delete()

    services.decide_participation(participation=ana, approve=False)

    ana.refresh_from_db()
    assert ana.status == "declined"
    assert sorted(MeetingRequest.objects.filter(pk__in=[sent.pk, received.pk]).values_list("status", flat=True)) \
        == ["cancelled", "cancelled"]
    assert notifications() == [("participation_declined", "ana"), ("request_closed", "bao"),
                               ("request_closed", "cem")]


def test_decline_view_shows_the_refusal_as_a_message(event, crowded, as_role):
    ana = crowded[1].request.requester

    response = as_role("organizer").post(reverse("events:decide", args=[event.slug, ana.pk]),
                                         {"decision": "decline"})

    assert (response.status_code, response["Location"]) == (302, reverse("events:dashboard", args=[event.slug]))
    assert messages_of(response) == [REFUSED_DECLINE]
    ana.refresh_from_db()
    assert ana.status == "approved"


# 3. Sessions let go of cancelled meetings ---------------------------------------------------------------------

SESSION_HAS_MEETINGS = "This session has booked meetings. Move or cancel them first."
SLOT_HAS_MEETINGS = ("This change would remove the time slot at March 10, 2027, 9 a.m. (Asia/Baku), which has booked "
                     "meetings. Move or cancel those meetings first.")


@pytest.fixture
def cancelled(forum):
    """A meeting booked at 9:00, then cancelled: it keeps its slot and table as a record."""
    meeting = meet(join(forum, "Ana"), join(forum, "Bao"))
    services.cancel_meeting(meeting=meeting)
    meeting.refresh_from_db()
    assert (local_start(meeting), meeting.status, meeting.table.number) == ("09:00", "cancelled", 1)
    return meeting


@pytest.fixture
def rebooked(forum, cancelled):
    """The same pair meets again: the new, live meeting takes the same 9:00 slot and table."""
    meeting = meet(cancelled.request.requester, cancelled.request.recipient)
    assert (meeting.slot_id, meeting.table_id) == (cancelled.slot_id, cancelled.table_id)
    return meeting


def test_update_session_drops_a_slot_that_holds_only_a_cancelled_meeting(forum, cancelled):
    services.update_session(session=forum.sessions.get(), data={"start_time": time(9, 20)})

    cancelled.refresh_from_db()
    assert slot_starts(forum) == ["09:20", "09:40"]
    assert (cancelled.status, cancelled.slot_id, cancelled.table_id) == ("cancelled", None, None)


def test_delete_session_with_only_a_cancelled_meeting(forum, cancelled):
    services.delete_session(session=forum.sessions.get())

    cancelled.refresh_from_db()
    assert (forum.sessions.count(), forum.slots.count()) == (0, 0)
    assert (cancelled.status, cancelled.slot_id, cancelled.table_id) == ("cancelled", None, None)


def test_delete_session_with_a_live_and_a_cancelled_meeting_in_a_slot_is_refused(forum, rebooked):
    before = bookings()

    with pytest.raises(EventError) as error:
        services.delete_session(session=forum.sessions.get())

    assert str(error.value) == SESSION_HAS_MEETINGS
    assert (forum.sessions.count(), forum.slots.count(), bookings()) == (1, 3, before)


def test_update_session_dropping_a_slot_with_a_live_and_a_cancelled_meeting_is_refused(forum, rebooked):
    before = bookings()

    with pytest.raises(EventError) as error:
        services.update_session(session=forum.sessions.get(), data={"start_time": time(9, 20)})

    assert str(error.value) == SLOT_HAS_MEETINGS
    assert (slot_starts(forum), bookings()) == (["09:00", "09:20", "09:40"], before)


@pytest.mark.parametrize(("fixture", "message", "sessions_left"), [
    ("cancelled", "The session and its time slots were deleted.", 0),
    ("rebooked", SESSION_HAS_MEETINGS, 1),
])
def test_delete_session_view(forum, as_role, request, fixture, message, sessions_left):
    request.getfixturevalue(fixture)
    url = reverse("events:delete_session", args=[forum.slug, forum.sessions.get().pk])

    response = as_role("organizer").post(url)

    assert (response.status_code, response["Location"]) == (302, reverse("events:sessions", args=[forum.slug]))
    assert messages_of(response) == [message]
    assert forum.sessions.count() == sessions_left


def test_edit_session_view_drops_a_slot_that_holds_only_a_cancelled_meeting(forum, cancelled, as_role):
    url = reverse("events:edit_session", args=[forum.slug, forum.sessions.get().pk])

    response = as_role("organizer").post(url, session_post(forum, "09:20", "10:00"))

    assert (response.status_code, response["Location"]) == (302, reverse("events:sessions", args=[forum.slug]))
    assert messages_of(response) == ["The session was saved and its time slots updated."]
    assert slot_starts(forum) == ["09:20", "09:40"]


def test_edit_session_view_refusal_is_shown_on_the_form(forum, rebooked, as_role):
    url = reverse("events:edit_session", args=[forum.slug, forum.sessions.get().pk])

    response = as_role("organizer").post(url, session_post(forum, "09:20", "10:00"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [SLOT_HAS_MEETINGS]
    assert slot_starts(forum) == ["09:00", "09:20", "09:40"]


# 4. Bounded dates ---------------------------------------------------------------------------------------------

OUT_OF_RANGE = [
    ("start_date", "0001-01-01"),
    ("start_date", "9999-12-31"),
    ("registration_opens", "0001-01-01T00:00"),
    ("registration_opens", "9999-12-31T23:00"),
]


def date_errors(response, field) -> list[str]:
    """The field's errors, each cut to the words that do not depend on today's date."""
    return [error[:len("Choose a date between")] for error in response.context["form"].errors[field]]


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
def test_create_event_with_a_date_out_of_range_is_a_field_error(db, as_role, organizer, field, value):
    response = as_role("organizer").post(reverse("events:create"),
                                         event_post(time_zone="America/Los_Angeles", **{field: value}))

    assert response.status_code == 200
    assert date_errors(response, field) == ["Choose a date between"]
    assert Event.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
def test_edit_event_with_a_date_out_of_range_is_a_field_error(event, as_role, field, value):
    before = list(Event.objects.values())
    data = event_post(title=event.title, time_zone="America/Los_Angeles", tables=2, **{field: value})

    response = as_role("organizer").post(reverse("events:edit", args=[event.slug]), data)

    assert response.status_code == 200
    assert date_errors(response, field) == ["Choose a date between"]
    assert list(Event.objects.values()) == before


def test_add_session_with_a_date_out_of_range_is_a_field_error(event, as_role):
    response = as_role("organizer").post(reverse("events:sessions", args=[event.slug]),
                                         session_post(event, "14:00", "15:00", date="9999-12-31"))

    assert response.status_code == 200
    assert date_errors(response, "date") == ["Choose a date between"]
    assert event.sessions.count() == 1


@pytest.mark.parametrize(("rows", "change"), [
    (lambda event: Event.objects.filter(pk=event.pk), {"start_date": date(1, 1, 1)}),
    (lambda event: Event.objects.filter(pk=event.pk), {"end_date": date(9999, 12, 31)}),
    (lambda event: Event.objects.filter(pk=event.pk), {"registration_opens": datetime(1, 1, 1, tzinfo=UTC)}),
    (lambda event: Event.objects.filter(pk=event.pk), {"registration_closes": datetime(9999, 12, 31, tzinfo=UTC)}),
    (lambda event: event.sessions.all(), {"date": date(9999, 12, 31)}),
    (lambda event: event.slots.filter(pk=event.slots.last().pk), {"ends_at": datetime(9999, 12, 31, tzinfo=UTC)}),
], ids=["start_date", "end_date", "registration_opens", "registration_closes", "session_date", "slot_end"])
def test_database_refuses_dates_out_of_range(event, rows, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        rows(event).update(**change)


@pytest.fixture
def edge_event(event, request):
    """The event stretched to the widest dates the database accepts, in the zone the test asks for."""
    Event.objects.filter(pk=event.pk).update(
        start_date=date(2000, 1, 1), end_date=date(2100, 12, 31), time_zone=request.param,
        registration_opens=datetime(2000, 1, 1, tzinfo=UTC), registration_closes=datetime(2100, 12, 31, tzinfo=UTC))
    event.refresh_from_db()
    return event


EDGE_PAGES = [
    lambda event: "/en/",
    lambda event: reverse("events:list"),
    lambda event: reverse("events:detail", args=[event.slug]),
    lambda event: reverse("events:dashboard", args=[event.slug]),
    lambda event: reverse("events:edit", args=[event.slug]),
    lambda event: reverse("events:plan", args=[event.slug]),
    lambda event: reverse("events:sessions", args=[event.slug]),
    lambda event: "/en/admin/events/event/",
]


@pytest.mark.parametrize("edge_event", ["Asia/Baku", "Pacific/Kiritimati", "Pacific/Pago_Pago"], indirect=True)
@pytest.mark.parametrize("page", EDGE_PAGES, ids=["home", "list", "detail", "dashboard", "edit", "plan",
                                                  "sessions", "admin"])
def test_pages_of_an_event_at_the_edge_of_the_dates_answer(edge_event, client, staff, page):
    client.force_login(staff)

    assert client.get(page(edge_event)).status_code == 200


# 5. Registration times keep their wall-clock time through the event form -------------------------------------


ZONES = [
    ("Asia/Baku", datetime(2026, 12, 1, 13, 55, tzinfo=UTC)),
    ("Asia/Ho_Chi_Minh", datetime(2026, 12, 1, 10, 55, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 12, 1, 22, 55, tzinfo=UTC)),
]


def create_event_at_1755(client, zone) -> Event:
    """An event created through the form, registration opening at 17:55 on 1 December 2026 in `zone`."""
    response = client.post(reverse("events:create"), event_post(time_zone=zone, registration_opens="2026-12-01T17:55"))
    assert response.status_code == 302
    return Event.objects.get()


@pytest.mark.parametrize(("zone", "utc"), ZONES)
def test_event_form_stores_registration_times_as_the_events_wall_clock(db, as_role, organizer, zone, utc):
    event = create_event_at_1755(as_role("organizer"), zone)

    assert event.registration_opens == utc == datetime(2026, 12, 1, 17, 55, tzinfo=zoneinfo.ZoneInfo(zone))


@pytest.mark.parametrize("language", ["en", "vi", "az"])
@pytest.mark.parametrize(("zone", "utc"), ZONES)
def test_edit_form_shows_registration_times_as_typed(db, as_role, organizer, zone, utc, language):
    client = as_role("organizer")
    event = create_event_at_1755(client, zone)
    with translation.override(language):
        url = reverse("events:edit", args=[event.slug])

    values = form_values(client.get(url))

    assert values["registration_opens"] == "2026-12-01T17:55"


@pytest.mark.parametrize(("zone", "utc"), ZONES)
def test_event_form_round_trip_keeps_the_registration_time(db, as_role, organizer, zone, utc):
    client = as_role("organizer")
    event = create_event_at_1755(client, zone)
    edit = reverse("events:edit", args=[event.slug])

    shown, stored = [], []
    for _ in range(3):
        values = form_values(client.get(edit))
        shown.append(datetime.fromisoformat(values["registration_opens"]))
        assert client.post(edit, values).status_code == 302
        event.refresh_from_db()
        stored.append(event.registration_opens)

    assert shown == [datetime(2026, 12, 1, 17, 55)] * 3  # the wall clock in the event's zone, as typed
    assert stored == [utc] * 3


@pytest.mark.parametrize("zone", ["Asia/Baku", "Asia/Ho_Chi_Minh", "America/New_York"])
def test_edit_form_says_in_which_time_zone_registration_times_are(event, as_role, zone):
    Event.objects.filter(pk=event.pk).update(time_zone=zone)

    page = as_role("organizer").get(reverse("events:edit", args=[event.slug])).content.decode()

    helps = re.findall(r'<div class="help" id="id_registration_(?:opens|closes)_helptext">(.*?)</div>', page)
    assert helps == [f"In the event&#x27;s time zone ({zone})."] * 2


# 6. Daylight saving -------------------------------------------------------------------------------------------

DST_DAYS = [
    # Clocks go back at 02:00 to 01:00: 00:40 EDT is 04:40 UTC, 03:00 EST is 08:00 UTC, 200 minutes.
    pytest.param(date(2026, 11, 1), time(0, 40), time(3, 0), datetime(2026, 11, 1, 4, 40, tzinfo=UTC),
                 datetime(2026, 11, 1, 8, 0, tzinfo=UTC), 10, id="fall-back"),
    # Clocks go forward at 02:00 to 03:00: 01:00 EST is 06:00 UTC, 04:00 EDT is 08:00 UTC, 120 minutes.
    pytest.param(date(2026, 3, 8), time(1, 0), time(4, 0), datetime(2026, 3, 8, 6, 0, tzinfo=UTC),
                 datetime(2026, 3, 8, 8, 0, tzinfo=UTC), 6, id="spring-forward"),
]


def dst_slots(day, start, end) -> list[tuple[datetime, datetime]]:
    event = EventFactory(title="New York Trade Days", slug="ny-days", time_zone="America/New_York",
                         start_date=day, meeting_minutes=20)
    services.add_session(event=event, data={"date": day, "start_time": start, "end_time": end, "pause_minutes": 0})
    return list(event.slots.order_by("starts_at").values_list("starts_at", "ends_at"))


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "start", "end", "first_start", "last_end", "count"), DST_DAYS)
def test_slots_on_a_clock_change_day_last_exactly_the_meeting_length(day, start, end, first_start, last_end,
                                                                      count):
    assert {ends - starts for starts, ends in dst_slots(day, start, end)} == {timedelta(minutes=20)}


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "start", "end", "first_start", "last_end", "count"), DST_DAYS)
def test_slots_on_a_clock_change_day_do_not_overlap(day, start, end, first_start, last_end, count):
    slots = dst_slots(day, start, end)

    assert [later[0] - earlier[1] for earlier, later in pairwise(slots)] == [timedelta(0)] * (count - 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "start", "end", "first_start", "last_end", "count"), DST_DAYS)
def test_slots_on_a_clock_change_day_fill_the_real_duration(day, start, end, first_start, last_end, count):
    slots = dst_slots(day, start, end)

    assert (len(slots), slots[0][0], slots[-1][1]) == (count, first_start, last_end)
    assert (last_end - first_start) / timedelta(minutes=20) == count


# 7. Withdrawn companies leave the events to come --------------------------------------------------------------

MODERATIONS = [
    pytest.param(lambda company: moderate(status="suspended", items=[company], reason="x"), id="suspended"),
    pytest.param(lambda company: moderate(status="deactivated", items=[company], reason="x"), id="deactivated"),
]


@pytest.fixture
def xan(event):
    """Xan has a meeting at 9:00 with Ana, an accepted meeting with Bao that no slot fits (Bao is never free),
    a pending request from Cem, and a meeting with Ana at an event that is over."""
    xan, ana, bao, cem = join(event, "Xan"), join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    bao.unavailable_slots.set(event.slots.all())
    scheduled, unscheduled = meet(xan, ana), meet(xan, bao)
    pending = services.request_meeting(requester=cem, recipient=xan)
    assert (local_start(scheduled), local_start(unscheduled), pending.status) == ("09:00", None, "pending")

    past = EventFactory(title="Last year's forum", slug="last-year")
    SessionFactory(event=past)
    services.set_table_count(event=past, count=1)
    old = meet(join(past, "Xan", company=xan.company), join(past, "Ana", company=ana.company))
    # The past event: the same, 120 days earlier (it ended long ago).
    back = timedelta(days=120)
    Event.objects.filter(pk=past.pk).update(
        start_date=past.start_date - back, end_date=past.end_date - back,
        registration_opens=past.registration_opens - back, registration_closes=past.registration_closes - back)
    Session.objects.filter(event=past).update(date=past.start_date - back)
    TimeSlot.objects.filter(event=past).update(starts_at=F("starts_at") - back, ends_at=F("ends_at") - back)
    Notification.objects.all().delete()
    return {"participation": xan, "scheduled": scheduled, "unscheduled": unscheduled, "pending": pending,
            "old": old, "ana": ana, "bao": bao, "cem": cem}


@pytest.fixture
def withdraw(django_capture_on_commit_callbacks):
    def run(moderate, company):
        with django_capture_on_commit_callbacks(execute=True):
            moderate(company)

    return run


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawn_company_live_meetings_are_cancelled_without_seats(xan, withdraw, moderate):
    meetings = [xan["scheduled"], xan["unscheduled"]]

    withdraw(moderate, xan["participation"].company)

    assert sorted(Meeting.objects.filter(pk__in=[m.pk for m in meetings]).values_list("status", flat=True)) == [
        "cancelled", "cancelled"]
    assert Seat.objects.filter(meeting__in=meetings).count() == 0


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawn_company_pending_request_is_closed(xan, withdraw, moderate):
    withdraw(moderate, xan["participation"].company)

    xan["pending"].refresh_from_db()
    assert xan["pending"].status == "cancelled"


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawn_company_partners_are_told(xan, withdraw, moderate):
    withdraw(moderate, xan["participation"].company)

    assert notifications() == [("meeting_withdrawn", "ana"), ("meeting_withdrawn", "bao"),
                               ("request_closed", "cem")]


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawn_company_leaves_the_participants(event, xan, withdraw, moderate, client):
    withdraw(moderate, xan["participation"].company)
    client.force_login(xan["ana"].company.memberships.get().user)

    page = client.get(reverse("events:participants", args=[event.slug]))

    assert [p.company.name for p in approved_participants(event)] == ["Ana", "Bao", "Cem"]
    assert [p.company.name for p in page.context["page"]] == ["Bao", "Cem"]


@pytest.mark.parametrize("moderate", MODERATIONS)
@pytest.mark.parametrize("xan_asks", [True, False], ids=["from-xan", "to-xan"])
def test_withdrawn_company_cannot_request(xan, withdraw, moderate, xan_asks):
    withdraw(moderate, xan["participation"].company)
    pair = [xan["participation"], xan["cem"]]
    requester, recipient = pair if xan_asks else pair[::-1]

    with pytest.raises(EventError) as error:
        services.request_meeting(requester=requester, recipient=recipient)

    assert str(error.value) == "Both companies must be approved participants of the event."
    assert MeetingRequest.objects.filter(status="pending").count() == 0


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawn_company_cannot_accept(event, xan, withdraw, moderate):
    withdraw(moderate, xan["participation"].company)
    # A request that reached Xan while it was being withdrawn.
    late = MeetingRequest.objects.create(event=event, requester=xan["cem"], recipient=xan["participation"])

    with pytest.raises(EventError) as error:
        services.accept_request(meeting_request=late, by=xan["participation"])

    late.refresh_from_db()
    assert str(error.value) == "Both companies must be approved participants of the event."
    assert (late.status, Meeting.objects.filter(request=late).exists()) == ("pending", False)


@pytest.mark.parametrize("moderate", MODERATIONS)
def test_withdrawal_leaves_past_events_untouched(xan, withdraw, moderate):
    old = xan["old"]
    before = (old.status, old.slot_id, old.table_id, sorted(Seat.objects.filter(meeting=old).values_list(
        "participation_id", "slot_id", "number")))

    withdraw(moderate, xan["participation"].company)

    old.refresh_from_db()
    assert (old.status, old.slot_id, old.table_id, sorted(Seat.objects.filter(meeting=old).values_list(
        "participation_id", "slot_id", "number"))) == before
    assert before[0] == "scheduled"
    assert old.request.status == "accepted"


def test_the_admin_change_form_cannot_change_the_status_around_the_moderation_actions(
        event, xan, client, staff, django_capture_on_commit_callbacks):
    """A status saved in the change form would skip the owners' email and the withdrawal from events: the status
    is read-only there, and changes only through the actions (companies.services)."""
    client.force_login(staff)
    url = reverse("admin:companies_company_change", args=[xan["participation"].company_id])
    values = form_values(client.get(url), form_id="company_form") | {"status": "suspended", "status_reason": "x"}

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, values).status_code == 302

    assert Company.objects.get(pk=xan["participation"].company_id).status == "approved"
    assert Meeting.objects.get(pk=xan["scheduled"].pk).status == "scheduled"
    assert planning.propose_plan(event).total == 2


# 9. Single-line fields ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Forum\nBcc: x@example.com", "Forum\r\nBcc: x@example.com", "Forum\u2028Bcc"])
def test_event_title_with_a_line_break_is_refused(db, as_role, organizer, title):
    response = as_role("organizer").post(reverse("events:create"), event_post(title=title))

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [SINGLE_LINE]
    assert Event.objects.count() == 0


def test_session_name_with_a_line_break_is_refused(event, as_role):
    response = as_role("organizer").post(reverse("events:sessions", args=[event.slug]),
                                         session_post(event, "14:00", "15:00", name="Forum\nBcc: x@example.com"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [SINGLE_LINE]
    assert event.sessions.count() == 1


# 10. A delegate holds one meeting at a time -------------------------------------------------------------------


def test_a_company_down_to_one_delegate_is_not_booked_twice_in_a_slot(event):
    big = join(event, "Big")
    Participation.objects.filter(pk=big.pk).update(delegates=2)
    big.refresh_from_db()
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    for partner in (ana, bao, cem):
        partner.unavailable_slots.set(event.slots.all()[1:])  # all three can meet only at 9:00
    first, second = meet(ana, big), meet(bao, big)
    services.cancel_meeting(meeting=first)
    services.update_participation(participation=big, delegates=1, unavailable_slots=[])

    third = meet(cem, big)

    second.refresh_from_db()
    delegates = Participation.objects.get(pk=big.pk).delegates
    assert (delegates, local_start(second), local_start(third)) == (1, "09:00", None)
