"""How full an event is: the places its participant cap leaves (Event.participant_cap).

A place is taken by an approved participation; registrations beyond the cap wait (ParticipationStatus.WAITING)
and are offered a place in order of registration when one frees (events.services.waiting_list). Writers call
these inside their booking transaction, after `lock_event`, so that two of them cannot both take the last place.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.errors import EventError
from events.models import Event, Participation, ParticipationStatus


class EventFullError(EventError):
    """An approval refused because every place under the cap is taken (the bulk approval reports these apart)."""

    def __init__(self, event: Event):
        super().__init__(_("The event is full: %(taken)s of %(cap)s places are taken. Raise the maximum or free a "
                           "place first.") % {"taken": approved_count(event), "cap": event.participant_cap})


def approved_count(event: Event) -> int:
    return Participation.objects.filter(event=event, status=ParticipationStatus.APPROVED).count()


def places_left(event: Event) -> int | None:
    """Free places under the cap (never below 0), or None when the event has no cap."""
    if event.participant_cap is None:
        return None
    return max(event.participant_cap - approved_count(event), 0)


def is_full(event: Event) -> bool:
    return places_left(event) == 0


def registration_waits(event: Event) -> bool:
    """Whether a registration made now joins the waiting list: the event is full, or others already wait (a free
    place is theirs: it is offered to them, and newcomers queue behind them). No query without a cap."""
    if event.participant_cap is None:
        return False
    return is_full(event) or Participation.objects.filter(event=event, status=ParticipationStatus.WAITING).exists()


def open_offers(event: Event) -> int:
    """Registrations offered a freed place that still await the organizer's decision."""
    return Participation.objects.filter(event=event, status=ParticipationStatus.PENDING,
                                        offered_at__isnull=False).count()


def cap_below_approved_message(approved: int) -> str:
    """Why a maximum below the companies already approved is refused (the event form, services.setup)."""
    return ngettext("%(count)d company is already approved: the maximum cannot be lower. Decline companies first "
                    "if you need fewer.",
                    "%(count)d companies are already approved: the maximum cannot be lower. Decline companies "
                    "first if you need fewer.", approved) % {"count": approved}
