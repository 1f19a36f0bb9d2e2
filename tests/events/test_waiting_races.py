"""The participant cap under concurrent writers, on PostgreSQL (events.services.waiting_list, events.capacity).

Approvals, withdrawals and cap changes all lock the event row first (events.locking), so they take the places one
after the other: whatever the interleaving, the approved companies never exceed the cap and a freed place is
offered to the first on the waiting list. Run as tests/events/test_concurrency.py runs its races: every job starts
at the same instant in its own thread and connection, and the outcome is read back from the database.
"""

import pytest
from django.db import connection

from events import services
from events.models import Event, Participation
from events.services import bulk
from events.services.waiting_list import withdraw_registration
from tests.events.test_concurrency import (
    accept,
    assert_left_with_nothing,
    leaving_with_requests,
    refused_or,
    run_together,
)
from tests.factories import CompanyFactory, EventFactory, ParticipationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections"),
]

COMPETITORS = 20
CAP = 5
RUNS = 5  # each mixed race below is run this many times, on fresh data

FULL = "refused: The event is full: 5 of 5 places are taken. Raise the maximum or free a place first."


def join(event, name, status):
    return ParticipationFactory(event=event, company=CompanyFactory(name=name), status=status)


def capped_event(*, approved: int, waiting: int, pending: int):
    """An event capped at CAP with that many approved, waiting (in this order) and pending registrations."""
    event = EventFactory(participant_cap=CAP)
    rows = {status: [join(event, f"{status.title()} {n:02d}", status) for n in range(count)]
            for status, count in (("approved", approved), ("waiting", waiting), ("pending", pending))}
    return event, rows


def statuses(rows) -> list[str]:
    return [Participation.objects.get(pk=row.pk).status for row in rows]


def approved(event) -> int:
    return Participation.objects.filter(event=event, status="approved").count()


def approve(participation):
    return refused_or(lambda: services.decide_participation(participation=participation, approve=True).status)


def withdraw(participation):
    return refused_or(lambda: withdraw_registration(participation=participation).status)


def raise_cap(event, cap):
    def job():
        fresh = Event.objects.get(pk=event.pk)
        fresh.participant_cap = cap  # as the event form leaves it before the service runs
        return services.update_event(event=fresh, data={"participant_cap": cap}).participant_cap

    return job


def test_twenty_concurrent_approvals_against_a_cap_of_five_approve_exactly_five():
    event, rows = capped_event(approved=0, waiting=0, pending=COMPETITORS)

    outcomes, errors = run_together(*(approve(row) for row in rows["pending"]))

    assert errors == []
    assert sorted(outcomes) == ["approved"] * CAP + [FULL] * (COMPETITORS - CAP)
    assert approved(event) == CAP


def test_two_organizers_bulk_approving_at_once_approve_exactly_the_cap():
    event, rows = capped_event(approved=0, waiting=0, pending=COMPETITORS)
    ids = [row.pk for row in rows["pending"]]

    def bulk_approve(chosen):
        return lambda: bulk.decide_participations(event=event, participation_ids=chosen, approve=True)

    # One organizer ticks every registration, the other the second half, in the opposite order of names.
    outcomes, errors = run_together(bulk_approve(ids), bulk_approve(ids[COMPETITORS // 2:]))

    assert errors == []
    assert approved(event) == CAP
    # A company both ticked may be reported approved by both (decide_participation leaves an approved one as it is).
    assert set(outcomes[0].decided) | set(outcomes[1].decided) == set(
        Participation.objects.filter(event=event, status="approved").values_list("company__name", flat=True))
    assert all(len(result.decided) + len(result.unchanged) + len(result.full) == len(chosen)
               for result, chosen in zip(outcomes, (ids, ids[COMPETITORS // 2:]), strict=True))


def test_approvals_racing_a_withdrawal_never_pass_the_cap_and_offer_the_place_to_the_first_waiting():
    for _ in range(RUNS):
        event, rows = capped_event(approved=CAP, waiting=3, pending=5)
        outcomes, errors = run_together(withdraw(rows["approved"][0]), *(approve(row) for row in rows["pending"]))

        assert errors == []
        assert outcomes[0] == "withdrawn"
        # The place went to the first waiting as an offer; a pending company may have taken it meanwhile.
        assert statuses(rows["waiting"]) == ["pending", "waiting", "waiting"]
        assert Participation.objects.get(pk=rows["waiting"][0].pk).offered_at is not None
        assert approved(event) in {CAP - 1, CAP}
        assert outcomes[1:].count("approved") == approved(event) - (CAP - 1)


def test_a_cap_raise_racing_approvals_offers_the_new_places_in_order_and_never_passes_the_new_cap():
    for _ in range(RUNS):
        event, rows = capped_event(approved=CAP, waiting=5, pending=10)

        outcomes, errors = run_together(raise_cap(event, CAP + 3), *(approve(row) for row in rows["pending"]))

        assert errors == []
        assert outcomes[0] == CAP + 3
        # The approvals that ran first were refused (full); the raise then offered three places, in order.
        assert statuses(rows["waiting"]) == ["pending", "pending", "pending", "waiting", "waiting"]
        assert CAP <= approved(event) <= CAP + 3
        assert outcomes[1:].count("approved") == approved(event) - CAP


def test_a_company_withdrawing_while_its_partners_accept_is_left_with_no_live_meeting():
    """The withdrawal cancels what was accepted before it; an accept after it is refused. Either way the withdrawn
    company keeps no meeting, seat or open request, and nothing is double booked."""
    for _ in range(RUNS):
        event, leaving, requests = leaving_with_requests()

        outcomes, errors = run_together(withdraw(leaving), *(accept(r) for r in requests))

        assert errors == []
        assert outcomes[0] == "withdrawn"
        assert_left_with_nothing(event, leaving)
