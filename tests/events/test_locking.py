"""The retry behind the locking rule: a transaction that loses a race runs again, then gives up cleanly."""

import pytest
from django.db import OperationalError, transaction
from django.urls import reverse

from events import locking, services
from events.errors import BusyError
from events.models import Event
from events.services import requests
from tests.factories import EventFactory


class SqlError(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def lost(sqlstate):
    """An OperationalError as Django raises it from psycopg: the driver's error, with its SQLSTATE, as cause."""
    error = OperationalError("could not serialize access")
    error.__cause__ = SqlError(sqlstate)
    return error


@pytest.fixture(autouse=True)
def no_back_off(monkeypatch):
    monkeypatch.setattr(locking.time, "sleep", lambda seconds: None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sqlstate", [locking.DEADLOCK_DETECTED, locking.SERIALIZATION_FAILURE])
def test_a_transaction_that_loses_a_race_runs_again(sqlstate):
    calls = []

    @locking.booking_transaction
    def write():
        calls.append(transaction.get_connection().in_atomic_block)
        if len(calls) < 3:
            raise lost(sqlstate)
        return "written"

    assert write() == "written"
    assert calls == [True, True, True]  # each attempt in a transaction of its own


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_the_user_gets_a_clear_message_and_nothing_is_written():
    event = EventFactory(title="Forum")
    attempts = []

    @locking.booking_transaction
    def write():
        attempts.append(1)
        Event.objects.update(title="Half-written")
        raise lost(locking.DEADLOCK_DETECTED)

    with pytest.raises(BusyError) as busy:
        write()

    assert len(attempts) == locking.ATTEMPTS
    assert str(busy.value) == ("Many changes are being made to this event at this moment, and yours could not go "
                               "through. Nothing was changed: please try again.")
    event.refresh_from_db()
    assert event.title == "Forum"


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    attempts = []

    @locking.booking_transaction
    def write():
        attempts.append(1)
        raise lost("53300")  # too many connections: running again would not help

    with pytest.raises(OperationalError):
        write()
    assert attempts == [1]


@pytest.mark.django_db
def test_inside_an_open_transaction_a_refused_change_rolls_back_only_its_savepoint():
    event = EventFactory(title="Forum")

    @locking.booking_transaction
    def write():
        Event.objects.filter(pk=event.pk).update(title="Half-written")
        raise services.EventError("refused")

    with pytest.raises(services.EventError):
        write()
    event.refresh_from_db()
    assert event.title == "Forum"


def test_a_busy_accept_is_a_message_not_a_500(event, coffee, distributor, other_participant, as_role, monkeypatch):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    def busy(**kwargs):
        raise BusyError

    monkeypatch.setattr(requests, "_accept_locked", busy)
    response = as_role("other_participant").post(
        reverse("events:accept_request", args=[event.slug, meeting_request.pk]), follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Many changes are being made to this event at this moment, and yours could not go through. Nothing was "
        "changed: please try again."]
