"""The one locking rule for every writer of an event's bookings, and the retry behind it.

Every transaction that writes an event's participations, meeting requests, meetings, seats, sessions or tables
(accept, decline, cancel, move, lock, decide participation, register, apply a plan, session changes…):

1. locks the event row first (`lock_event`), with FOR NO KEY UPDATE: the event's writers queue here, one
   after the other, instead of each holding part of what the others need;
2. then locks the participations it changes, in primary-key order (`lock_participations`);
3. then the request or meeting rows it changes;
4. and locks only the rows it means: `of=("self",)`, so the joins of a `select_related` do not lock the event
   or company rows too, and `no_key=True`, since no writer changes a key (inserts that reference a locked row
   take a KEY SHARE lock, which NO KEY UPDATE does not block).

Writers of different events share no locked row, so they never wait for each other. PostgreSQL may still abort
a transaction that loses a deadlock or a serialization race (for instance against a direct SQL or admin write
that follows no rule); `booking_transaction` runs such a writer again, a bounded number of times, and then
gives up with BusyError, whose message tells the user that nothing changed. SQLite serialises all writers, so
there these locks are no-ops.
"""

import random
import time
from collections.abc import Iterable
from functools import wraps

from django.db import OperationalError, connection, transaction

from events.errors import BusyError
from events.models import Event, Participation

ATTEMPTS = 5

# SQLSTATE codes of the errors after which running the transaction again can succeed.
DEADLOCK_DETECTED = "40P01"
SERIALIZATION_FAILURE = "40001"


def booking_transaction(func):
    """Run `func` in a transaction of its own, again when it loses a race; BusyError after ATTEMPTS tries.

    Called inside a transaction that is already open (a service calling another, or a test), `func` runs in a
    savepoint of it, so that a refused change still leaves nothing behind; only the outermost transaction can
    be retried as a whole, so there a lost race is left to the caller.
    """

    @wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as error:
                if not lost_race(error):
                    raise
                if attempt < ATTEMPTS:
                    # Random back-off, so that the transactions that collided do not collide again.
                    time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise BusyError

    return wrapper


def lost_race(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in {DEADLOCK_DETECTED, SERIALIZATION_FAILURE}


def lock_event(event_id: int) -> Event:
    """Step 1 of the rule: the event row, locked until the transaction ends."""
    return Event.objects.select_for_update(no_key=True).get(pk=event_id)


def lock_participations(ids: Iterable[int]) -> dict[int, Participation]:
    """Step 2: the participations (with their company, not locked), in primary-key order; id → row."""
    rows = (Participation.objects.select_for_update(of=("self",), no_key=True).select_related("company")
            .filter(pk__in=set(ids)).order_by("pk"))
    return {row.pk: row for row in rows}


def lock_all_participations(event: Event) -> dict[int, Participation]:
    """Step 2 for a writer of the whole event (a new plan): every participation, in primary-key order."""
    rows = (Participation.objects.select_for_update(of=("self",), no_key=True).select_related("company")
            .filter(event=event).order_by("pk"))
    return {row.pk: row for row in rows}
