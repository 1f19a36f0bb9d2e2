"""Double booking is impossible even when many accepts race for the same seat (PostgreSQL only).

SQLite serialises all writers, so the race only exists on a real multi-connection database.
"""

import threading

import pytest
from django.db import connection, connections

from events import services
from events.models import Meeting, Seat
from tests.factories import CompanyFactory, EventFactory, ParticipationFactory, SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections"),
]

COMPETITORS = 20


def test_concurrent_accepts_for_the_last_free_slot_book_exactly_one():
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event)  # three slots
    services.set_table_count(event=event, count=30)
    busy = ParticipationFactory(event=event, company=CompanyFactory(name="Busy Distributor"))
    busy.unavailable_slots.set(list(event.slots.all())[:2])  # only the last slot is free
    requests = [
        services.request_meeting(requester=ParticipationFactory(event=event, company=CompanyFactory()),
                                 recipient=busy)
        for _ in range(COMPETITORS)
    ]
    barrier = threading.Barrier(COMPETITORS)
    outcomes, errors = [], []

    def accept(meeting_request):
        try:
            barrier.wait()
            meeting = services.accept_request(meeting_request=meeting_request, by=busy)
            outcomes.append(meeting.is_scheduled)
        except Exception as error:  # noqa: BLE001 - any error is a failure of the test, reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == [False] * (COMPETITORS - 1) + [True]
    assert Seat.objects.filter(participation=busy).count() == 1
    assert Meeting.objects.filter(slot__isnull=False).count() == 1
    assert Meeting.objects.filter(slot__isnull=True).count() == COMPETITORS - 1


def test_concurrent_accepts_of_disjoint_pairs_never_share_a_table():
    """Twenty pairs race for one slot with ten tables: ten are booked there, the rest go later, none clash."""
    event = EventFactory(max_meetings=50)
    SessionFactory(event=event)
    services.set_table_count(event=event, count=10)
    pairs = []
    for _ in range(COMPETITORS):
        a, b = (ParticipationFactory(event=event, company=CompanyFactory()) for _ in range(2))
        pairs.append((services.request_meeting(requester=a, recipient=b), b))
    barrier = threading.Barrier(COMPETITORS)
    errors = []

    def accept(meeting_request, recipient):
        try:
            barrier.wait()
            services.accept_request(meeting_request=meeting_request, by=recipient)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    per_slot = sorted(Meeting.objects.filter(slot__isnull=False).values_list("slot__starts_at", flat=True))
    first_slot = event.slots.first().starts_at
    assert per_slot.count(first_slot) == 10
    assert Meeting.objects.filter(slot__isnull=False).count() == COMPETITORS
    cells = list(Meeting.objects.values_list("slot_id", "table_id"))
    assert len(cells) == len(set(cells))
