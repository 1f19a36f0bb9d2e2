"""Writers of bookings racing each other on PostgreSQL: no deadlock reaches a user, nothing is double-booked.

SQLite serialises all writers, so these races only exist on a real multi-connection database. Every writer
follows the locking rule of events.locking; these tests run each writer against accepts at the same instant,
repeatedly, and check the outcome by SQL. `RACE_REPEAT=50` repeats the last-slot race (docs/performance.md).
"""

import os
import threading
import time
from datetime import time as time_of_day

import pytest
from django.db import connection, connections, transaction

from companies.models import Company
from companies.moderation import moderate
from events import planning, services
from events.errors import EventError
from events.models import Event, Meeting, MeetingRequest, Participation, Seat
from tests.factories import CompanyFactory, EventFactory, ParticipationFactory, SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections"),
]

COMPETITORS = 20
RUNS = 10  # each mixed-writer race below is run this many times, on fresh data
LAST_SLOT_REPEAT = int(os.environ.get("RACE_REPEAT", "1"))


def run_together(*jobs):
    """Start every job at the same instant, each in its own thread (and database connection).

    Returns what each job returned, and the errors that escaped them: a job catches the refusals it expects
    (EventError) and returns them, so an error here is one a user would have seen as a 500.
    """
    barrier = threading.Barrier(len(jobs))
    outcomes, errors = [None] * len(jobs), []

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting: deadlock"
    return outcomes, errors


def refused_or(call):
    """A job that returns the call's result, or the EventError's message when the rules refuse it."""

    def job():
        try:
            return call()
        except EventError as error:
            return f"refused: {error}"

    return job


def assert_nothing_double_booked(event):
    """The invariants of a plan, read by SQL: a cell holds one live meeting, a seat one meeting, and every
    scheduled meeting has exactly its two seats in its own slot."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT slot_id, table_id, room FROM events_meeting WHERE event_id = %s AND status <> 'cancelled' "
            "AND slot_id IS NOT NULL GROUP BY slot_id, table_id, room HAVING count(*) > 1", [event.pk])
        assert cursor.fetchall() == []
        cursor.execute(  # an online event's cap on simultaneous online meetings
            "SELECT m.slot_id FROM events_meeting m JOIN events_event e ON e.id = m.event_id WHERE m.event_id = %s "
            "AND m.status <> 'cancelled' AND m.room IS NOT NULL AND e.online_rooms IS NOT NULL "
            "GROUP BY m.slot_id, e.online_rooms HAVING max(m.room) > e.online_rooms", [event.pk])
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT s.participation_id, s.slot_id FROM events_seat s JOIN events_participation p "
            "ON p.id = s.participation_id WHERE p.event_id = %s GROUP BY s.participation_id, s.slot_id, p.delegates "
            "HAVING count(*) > p.delegates", [event.pk])
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT m.id FROM events_meeting m "
            "LEFT JOIN events_seat s ON s.meeting_id = m.id AND s.slot_id = m.slot_id "
            "WHERE m.event_id = %s AND m.status <> 'cancelled' AND m.slot_id IS NOT NULL "
            "GROUP BY m.id HAVING count(s.id) <> 2", [event.pk])
        assert cursor.fetchall() == []
        cursor.execute(
            "SELECT s.id FROM events_seat s JOIN events_meeting m ON m.id = s.meeting_id WHERE m.event_id = %s "
            "AND (m.status = 'cancelled' OR m.slot_id IS NULL OR s.slot_id <> m.slot_id)", [event.pk])
        assert cursor.fetchall() == []


def join(event, name=None):
    return ParticipationFactory(event=event, company=CompanyFactory(**({"name": name} if name else {})))


def apply(event, token):
    """A job applying a previewed plan: "applied", or "changed" when the event changed since the preview."""

    def job():
        try:
            planning.apply_plan(event=event, token=token)
        except planning.PlanChanged:
            return "changed"
        return "applied"

    return job


def accept(meeting_request):
    return refused_or(lambda: services.accept_request(meeting_request=meeting_request,
                                                      by=meeting_request.recipient))


# Accepts against accepts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", range(LAST_SLOT_REPEAT))
def test_concurrent_accepts_for_the_last_free_slot_book_exactly_one(run):
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event)  # three slots
    services.set_table_count(event=event, count=30)
    busy = join(event, "Busy Distributor")
    busy.unavailable_slots.set(list(event.slots.all())[:2])  # only the last slot is free
    requests = [services.request_meeting(requester=join(event), recipient=busy) for _ in range(COMPETITORS)]

    outcomes, errors = run_together(*(accept(r) for r in requests))

    assert errors == []
    assert sorted(meeting.is_scheduled for meeting in outcomes) == [False] * (COMPETITORS - 1) + [True]
    assert Seat.objects.filter(participation=busy).count() == 1
    assert Meeting.objects.filter(slot__isnull=False).count() == 1
    assert Meeting.objects.filter(slot__isnull=True).count() == COMPETITORS - 1
    assert_nothing_double_booked(event)


def test_concurrent_accepts_of_disjoint_pairs_never_share_a_table():
    """Twenty pairs race for one slot with ten tables: ten are booked there, the rest go later, none clash."""
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event)
    services.set_table_count(event=event, count=10)
    requests = [services.request_meeting(requester=join(event), recipient=join(event)) for _ in range(COMPETITORS)]

    outcomes, errors = run_together(*(accept(r) for r in requests))

    assert errors == []
    assert all(meeting.is_scheduled for meeting in outcomes)
    per_slot = sorted(Meeting.objects.filter(slot__isnull=False).values_list("slot__starts_at", flat=True))
    assert per_slot.count(event.slots.first().starts_at) == 10
    assert_nothing_double_booked(event)


# "Schedule all" against accepts -------------------------------------------------------------------------------


def crowded_event():
    """An event where first-come-first-served stranded one meeting (Ana–Bao) that "Schedule all" places,
    and ten pending requests between other companies. Four slots (9:00–10:20), four tables."""
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event, end_time=time_of_day(10, 20))
    services.set_table_count(event=event, count=4)
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    ana.unavailable_slots.set(event.slots.all()[1:])
    services.accept_request(meeting_request=services.request_meeting(requester=bao, recipient=cem), by=cem)
    stranded = services.accept_request(meeting_request=services.request_meeting(requester=ana, recipient=bao),
                                       by=bao)
    assert not stranded.is_scheduled
    pending = [services.request_meeting(requester=join(event), recipient=join(event)) for _ in range(10)]
    return event, stranded, pending


def test_schedule_all_applied_while_ten_companies_accept():
    """Each run ends with the plan applied or refused as changed; accepts all go through; nothing clashes."""
    endings = []
    for _ in range(RUNS):
        event, stranded, pending = crowded_event()
        token = planning.propose_plan(event, time_limit=0.5).token

        outcomes, errors = run_together(apply(event, token), *(accept(r) for r in pending))

        assert errors == []
        assert outcomes[0] in {"applied", "changed"}
        assert all(isinstance(meeting, Meeting) for meeting in outcomes[1:]), outcomes[1:]
        stranded.refresh_from_db()
        assert stranded.is_scheduled == (outcomes[0] == "applied")
        assert_nothing_double_booked(event)
        endings.append(outcomes[0])
    assert len(endings) == RUNS


def test_cancel_during_apply_leaves_the_plan_unapplied_with_the_changed_message():
    for _ in range(RUNS):
        event, stranded, _pending = crowded_event()
        token = planning.propose_plan(event, time_limit=0.5).token
        other = Meeting.objects.filter(event=event).exclude(pk=stranded.pk).get()

        cancel = refused_or(lambda other=other: services.cancel_meeting(meeting=other))
        outcomes, errors = run_together(apply(event, token), cancel)

        assert errors == []
        other.refresh_from_db()
        stranded.refresh_from_db()
        assert other.status == Meeting.Status.CANCELLED  # the cancel always goes through, before or after
        if outcomes[0] == "applied":  # the plan went first, then the cancel
            assert stranded.is_scheduled
        else:
            assert not stranded.is_scheduled
        assert_nothing_double_booked(event)


# The organizer's decline against accepts ----------------------------------------------------------------------


def test_decline_of_a_participant_while_its_partners_accept():
    """Either the decline goes first (no accept goes through) or an accept does (the decline is refused)."""
    for _ in range(RUNS):
        event = EventFactory(max_meetings=50)
        SessionFactory(event=event)
        services.set_table_count(event=event, count=10)
        declined = join(event, "Late Registrant")
        requests = [services.request_meeting(requester=declined, recipient=join(event)) for _ in range(6)]

        decide = refused_or(lambda declined=declined: services.decide_participation(participation=declined,
                                                                                     approve=False))
        outcomes, errors = run_together(decide, *(accept(r) for r in requests))

        assert errors == []
        accepted = [o for o in outcomes[1:] if isinstance(o, Meeting)]
        declined.refresh_from_db()
        if declined.status == Participation.Status.DECLINED:
            assert accepted == []
            assert set(MeetingRequest.objects.filter(requester=declined).values_list("status", flat=True)) == {
                "cancelled"}
        else:
            assert outcomes[0].startswith("refused: Late Registrant has")
            assert len(accepted) >= 1
        assert Meeting.objects.filter(event=event).exclude(status="cancelled").count() == len(accepted)
        assert_nothing_double_booked(event)


# Two events, crossed accepts, a third transaction holding a company row ---------------------------------------


def test_crossed_accepts_at_two_events_while_company_rows_are_held():
    for _ in range(RUNS):
        first, second = (EventFactory(max_meetings=50) for _ in range(2))
        for event in (first, second):
            SessionFactory(event=event)
            services.set_table_count(event=event, count=2)
        a, b = CompanyFactory(name="Ana Foods"), CompanyFactory(name="Baku Trade")
        a1, b1 = (ParticipationFactory(event=first, company=c) for c in (a, b))
        a2, b2 = (ParticipationFactory(event=second, company=c) for c in (a, b))
        at_first = services.request_meeting(requester=a1, recipient=b1)
        at_second = services.request_meeting(requester=b2, recipient=a2)

        def hold_company_rows(a=a.pk, b=b.pk):
            """A moderator's bulk change of both companies, one row after the other."""
            with transaction.atomic():
                Company.objects.select_for_update().get(pk=a)
                time.sleep(0.1)
                Company.objects.filter(pk=b).update(city="Hà Nội")
                time.sleep(0.1)
            return "held"

        outcomes, errors = run_together(hold_company_rows, accept(at_first), accept(at_second))

        assert errors == []
        assert outcomes[0] == "held"
        assert all(isinstance(meeting, Meeting) and meeting.is_scheduled for meeting in outcomes[1:])


# A company withdrawn (suspended) while its partners accept --------------------------------------------------


def leaving_with_requests():
    """An event with ten tables per slot and a company, "Leaving Co", that asked five others for a meeting: what
    leaves it (a suspension, a withdrawal) races the five accepting."""
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event)
    services.set_table_count(event=event, count=10)
    leaving = join(event, "Leaving Co")
    return event, leaving, [services.request_meeting(requester=leaving, recipient=join(event)) for _ in range(5)]


def assert_left_with_nothing(event, leaving):
    """The company that left keeps no live meeting, seat or open request, and nothing is double booked."""
    assert Meeting.objects.filter(event=event).exclude(status="cancelled").count() == 0
    assert not Seat.objects.filter(participation=leaving).exists()
    assert not MeetingRequest.objects.filter(requester=leaving, status="pending").exists()
    assert_nothing_double_booked(event)


def test_suspension_of_a_company_while_its_partners_accept_leaves_it_no_live_meeting():
    for _ in range(RUNS):
        event, leaving, requests = leaving_with_requests()

        def suspend(company=leaving.company):
            return moderate(status="suspended", items=[Company.objects.get(pk=company.pk)], reason="Documents expired")

        outcomes, errors = run_together(suspend, *(accept(r) for r in requests))

        assert errors == []
        assert outcomes[0] == 1
        assert_left_with_nothing(event, leaving)


# Session and availability changes against accepts ------------------------------------------------------------


def test_a_session_change_while_companies_accept():
    """The organizer extends the day while six accepts book into it: every accept is booked or cleanly left
    unscheduled, the session change goes through, nothing clashes."""
    for _ in range(RUNS):
        event = EventFactory(max_meetings=50)
        session = SessionFactory(event=event)  # 9:00–10:00, three slots
        services.set_table_count(event=event, count=1)
        pending = [services.request_meeting(requester=join(event), recipient=join(event)) for _ in range(6)]

        def extend(session=session):
            return services.update_session(session=session, data={"end_time": time_of_day(11, 0)})

        outcomes, errors = run_together(extend, *(accept(r) for r in pending))

        assert errors == []
        assert event.slots.count() == 6
        assert all(isinstance(meeting, Meeting) for meeting in outcomes[1:])
        assert_nothing_double_booked(event)


def test_an_availability_change_while_partners_accept():
    """A company marks 9:00 unavailable while its partners accept its requests: either the mark goes first (no
    meeting is booked at 9:00 for it) or a meeting does (and the mark is refused); never both."""
    for _ in range(RUNS):
        event = EventFactory(max_meetings=50)
        SessionFactory(event=event)
        services.set_table_count(event=event, count=5)
        busy = join(event, "Busy Co")
        nine = event.slots.order_by("starts_at").first()
        requests = [services.request_meeting(requester=busy, recipient=join(event)) for _ in range(3)]

        def mark_unavailable(busy=busy, nine=nine):
            return services.update_participation(participation=busy, delegates=1, unavailable_slots=[nine])

        outcomes, errors = run_together(refused_or(mark_unavailable), *(accept(r) for r in requests))

        assert errors == []
        at_nine = Seat.objects.filter(participation=busy, slot=nine).exists()
        marked = busy.unavailable_slots.filter(pk=nine.pk).exists()
        assert at_nine != marked  # exactly one of the two won
        assert isinstance(outcomes[0], str) == at_nine  # the refusal, when a meeting took 9:00 first
        assert_nothing_double_booked(event)


# Online rooms: accepts against accepts, against a switch to online, against "Schedule all" ---------------------


def online_event(*, rooms=None, format="online"):
    event = EventFactory(max_meetings=50, format=format, online_rooms=rooms)
    SessionFactory(event=event)  # three slots
    services.set_table_count(event=event, count=2)
    return event


def test_concurrent_online_accepts_respect_the_rooms_cap():
    """Twenty pairs race for three slots of three rooms: nine are booked, rooms 1–3 each slot, none shared."""
    event = online_event(rooms=3)
    requests = [services.request_meeting(requester=join(event), recipient=join(event)) for _ in range(COMPETITORS)]

    outcomes, errors = run_together(*(accept(r) for r in requests))

    assert errors == []
    assert sorted(meeting.is_scheduled for meeting in outcomes) == [False] * 11 + [True] * 9
    rooms = sorted(Meeting.objects.filter(room__isnull=False).values_list("room", flat=True))
    assert rooms == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert Meeting.objects.filter(table__isnull=False).count() == 0
    assert_nothing_double_booked(event)


def test_a_switch_to_online_while_partners_accept():
    """A hybrid participant moves online while ten partners accept its requests: each run ends with every
    meeting of that company in a video room (or waiting), the others at tables, and nothing double booked."""
    for _ in range(RUNS):
        event = online_event(format="hybrid")
        services.set_table_count(event=event, count=10)
        hub = join(event, "Hub")
        hub.delegates = 4
        hub.save(update_fields=["delegates"])
        booked = [services.accept_request(meeting_request=services.request_meeting(requester=hub, recipient=p),
                                          by=p) for p in (join(event) for _ in range(3))]
        pending = [services.request_meeting(requester=join(event), recipient=hub) for _ in range(10)]

        switch = refused_or(lambda hub=hub: services.update_participation(
            participation=hub, delegates=4, unavailable_slots=[], attendance_mode="online"))
        outcomes, errors = run_together(switch, *(accept(r) for r in pending))

        assert errors == []
        assert isinstance(outcomes[0], Participation), outcomes[0]
        hubs = Meeting.objects.filter(request__requester=hub) | Meeting.objects.filter(request__recipient=hub)
        assert hubs.filter(table__isnull=False).count() == 0
        assert hubs.filter(room__isnull=False).count() + hubs.filter(slot__isnull=True).count() == 13
        assert all(m.slot_id for m in booked)
        assert_nothing_double_booked(event)


def test_schedule_all_on_a_hybrid_event_while_online_companies_accept():
    for _ in range(RUNS):
        event, stranded, pending = crowded_event()
        Event.objects.filter(pk=event.pk).update(format="hybrid", online_rooms=2)
        event.refresh_from_db()
        Participation.objects.filter(pk__in=[r.requester_id for r in pending]).update(attendance_mode="online")
        token = planning.propose_plan(event, time_limit=0.5).token

        outcomes, errors = run_together(apply(event, token), *(accept(r) for r in pending))

        assert errors == []
        assert outcomes[0] in {"applied", "changed"}
        online = Meeting.objects.filter(event=event, request__in=pending)
        assert online.filter(table__isnull=False).count() == 0
        assert_nothing_double_booked(event)


def test_an_event_turned_online_while_companies_accept():
    """The organizer switches an in-person event to online while ten pairs accept: each run ends with every live
    meeting in a video room or waiting, none at a table, and nothing double booked."""
    for _ in range(RUNS):
        event = online_event(format="in_person")
        services.set_table_count(event=event, count=10)
        booked = []
        for _ in range(3):
            recipient = join(event)
            booked.append(services.accept_request(
                meeting_request=services.request_meeting(requester=join(event), recipient=recipient), by=recipient))
        pending = [services.request_meeting(requester=join(event), recipient=join(event)) for _ in range(10)]

        switch = refused_or(lambda event=event: services.update_event(event=event, data={"format": "online"}))
        outcomes, errors = run_together(switch, *(accept(r) for r in pending))

        assert errors == []
        assert isinstance(outcomes[0], Event), outcomes[0]
        live = Meeting.objects.filter(event=event).exclude(status="cancelled")
        assert live.filter(table__isnull=False).count() == 0
        assert live.filter(room__isnull=False).count() + live.filter(slot__isnull=True).count() == 13
        assert all(Meeting.objects.get(pk=m.pk).room is not None for m in booked)
        assert_nothing_double_booked(event)
