"""How full an event is: the places its participant cap leaves (Event.participant_cap).

A place is taken by an approved participation; registrations beyond the cap wait (ParticipationStatus.WAITING)
and are offered a place in order of registration when one frees (events.services.waiting_list). Writers call
these inside their booking transaction, after `lock_event`, so that two of them cannot both take the last place.
"""

from events.models import Event, Participation, ParticipationStatus


def approved_count(event: Event) -> int:
    return Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED).count()


def places_left(event: Event) -> int | None:
    """Free places under the cap (never below 0), or None when the event has no cap."""
    if event.participant_cap is None:
        return None
    return max(event.participant_cap - approved_count(event), 0)


def is_full(event: Event) -> bool:
    return places_left(event) == 0
