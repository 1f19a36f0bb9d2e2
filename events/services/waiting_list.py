"""The waiting list of an event with a participant cap (issue 17, item 6): places offered when they free, and a
company withdrawing its own registration.

A registration made while the event is full waits (ParticipationStatus.WAITING, events.services.participation
.register). When a place frees (an approved company declined or withdrawn, the cap raised or removed), the
earliest waiting registrations are offered the places, in the same transaction as the change that freed them:
they become PENDING again, with `offered_at` set, and the organizer still approves. Offers are never more than
the free places: a place already offered and not yet decided is not offered twice (`offer_freed_places`).
"""

from itertools import chain

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.capacity import open_offers, places_left
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import Event, Participation, ParticipationStatus
from events.notifications import notify_companies, notify_organizers
from events.selectors import live_meetings_of
from events.selectors_waiting import WAITING_ORDER
from events.services.meetings import cancel_locked, partner_of


def offer_freed_places(event: Event) -> list[Participation]:
    """Offer the free places not yet offered to the earliest waiting registrations; returns those offered.

    For writers that already hold the event's lock (`lock_event`), right after the change that may have freed a
    place. Free places are those under the cap (all of them without a cap) less the offers still awaiting the
    organizer's decision; so declining an approved company offers one place, raising the cap from 40 to 45 with
    40 approved offers five, and declining a company that was offered a place offers it to the next in line.
    Each company is told, and the organizers.
    """
    free = places_left(event)
    wanted = None if free is None else free - open_offers(event)
    if wanted is not None and wanted <= 0:
        return []
    waiting = Participation.objects.filter(event=event, status=ParticipationStatus.WAITING).order_by(*WAITING_ORDER)
    ids = list(waiting.values_list("pk", flat=True)[:wanted] if wanted is not None else waiting.values_list(
        "pk", flat=True))
    if not ids:
        return []
    locked = lock_participations(ids)
    now = timezone.now()
    offered = [locked[pk] for pk in ids]  # in waiting-list order
    Participation.objects.filter(pk__in=ids).update(status=ParticipationStatus.PENDING, offered_at=now)
    for participation in offered:
        participation.status, participation.offered_at = ParticipationStatus.PENDING, now
    notify_companies([participation.company for participation in offered], "place_offered",
                     url=reverse("events:participation", args=[event.slug]),
                     params_for=lambda company: {"event": event.title})
    dashboard = reverse("events:dashboard", args=[event.slug])
    for participation in offered:
        notify_organizers(event, "organizer_place_offered", url=dashboard,
                          params={"company": participation.company.name, "event": event.title})
    return offered


@booking_transaction
def withdraw_registration(*, participation: Participation) -> Participation:
    """The company cancels its own registration (approved, awaiting approval, or waiting).

    As when a company leaves every event (participation.withdraw_company): its live meetings are cancelled and
    its pending requests closed, each partner told why. The registration stays, WITHDRAWN, so that the company
    may register again later (the same row: one per company and event). A place it held, or had been offered,
    goes to the next on the waiting list; the organizers are told. A declined registration stays declined, and
    a past event's record is left as it was.
    """
    # Imported here: events.services.participation imports this module (register and decide offer places).
    from events.services.participation import _close_pending_requests

    event = lock_event(participation.event_id)
    live = live_meetings_of(participation.pk)
    pairs = live.values_list("request__requester_id", "request__recipient_id")
    leaving = lock_participations([participation.pk, *chain.from_iterable(pairs)])[participation.pk]
    if leaving.status == ParticipationStatus.WITHDRAWN:
        raise EventError(_("Your registration is already withdrawn."))
    if leaving.status == ParticipationStatus.DECLINED:
        raise EventError(_("Your registration for this event was declined by the organizer."))
    if event.end_date < timezone.localdate():
        raise EventError(_("This event is over; its record stays as it is."))
    meetings = list(live.select_related("event", "slot", "table", "request__requester__company",
                                        "request__recipient__company"))
    for meeting in meetings:
        cancel_locked(meeting, kind="meeting_withdrawn", only=partner_of(meeting, leaving.company))
    _close_pending_requests(leaving, event=event)
    leaving.status = ParticipationStatus.WITHDRAWN
    leaving.save(update_fields=["status"])
    notify_organizers(event, "participation_withdrawn", url=reverse("events:dashboard", args=[event.slug]),
                      params={"company": leaving.company.name, "event": event.title})
    offer_freed_places(event)
    return leaving
