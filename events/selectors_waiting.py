"""Reads of an event's waiting list (issue 17, item 6): who waits, in which order, and at which position.

The order is the order of registration (registered_at, then pk for registrations of the same instant); a
position counts from 1. Only WAITING registrations are in the list: one offered a place is PENDING again.
"""

from django.db.models import Q, QuerySet

from events.models import Event, Participation, ParticipationStatus

WAITING_ORDER = ("registered_at", "pk")


def waiting_list(event: Event) -> QuerySet[Participation]:
    """The event's waiting registrations in order, with their company."""
    return (Participation.objects.filter(event=event, status=ParticipationStatus.WAITING)
            .select_related("company").order_by(*WAITING_ORDER))


def waiting_position(participation: Participation) -> int | None:
    """The registration's position on its event's waiting list (1 = next to be offered a place); None when it is
    not waiting. One query."""
    if participation.status != ParticipationStatus.WAITING:
        return None
    ahead = Q(registered_at__lt=participation.registered_at) | Q(registered_at=participation.registered_at,
                                                                  pk__lt=participation.pk)
    return Participation.objects.filter(ahead, event_id=participation.event_id,
                                        status=ParticipationStatus.WAITING).count() + 1


def with_waiting_positions(event: Event, participations) -> list[Participation]:
    """The event's waiting list (as `waiting_list`, each with `waiting_position`), and the same position set on
    each of `participations` that waits (None on the others). One query, and none for an event without a cap:
    its registrations never wait (removing the cap offers every waiting one a place)."""
    waiting = list(waiting_list(event)) if event.participant_cap is not None else []
    positions = {row.pk: position for position, row in enumerate(waiting, start=1)}
    for row in waiting:
        row.waiting_position = positions[row.pk]
    for participation in participations:
        participation.waiting_position = positions.get(participation.pk)
    return waiting
