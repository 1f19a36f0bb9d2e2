"""The organizer's actions on meetings (move, cancel, lock), and cancelling and notifying, which other
writers share."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from companies.models import Company
from events.booking import book_in_slot, free_slots, meets_online, place
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import (
    Meeting,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    Seat,
    Table,
    TimeSlot,
)
from events.notifications import meeting_kind, meeting_params, notify_companies


@booking_transaction
def move_meeting(*, meeting: Meeting, slot: TimeSlot, table: Table | None = None) -> Meeting:
    """The organizer moves a meeting to a slot and a table; an online meeting takes a free video room of the slot
    instead (the table is ignored)."""
    if slot.event_id != meeting.event_id or (table is not None and table.event_id != meeting.event_id):
        raise EventError(_("That time slot or table belongs to another event."))
    meeting = locked_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise EventError(_("A cancelled meeting cannot be moved."))
    a, b = meeting.request.requester, meeting.request.recipient
    online = meets_online(meeting.event, a, b)
    if not online and table is None:
        raise EventError(_("Choose a table."))
    if meeting.slot_id == slot.pk and (meeting.room is not None if online else meeting.table_id == table.pk):
        return meeting
    Seat.objects.filter(meeting=meeting).delete()  # its own seats do not make the pair busy
    free = {s.pk: (seat_a, seat_b) for s, seat_a, seat_b in free_slots(meeting.event, a, b)}
    if slot.pk not in free:
        busy = [p.company.name for p in (a, b) if slot.pk not in {s.pk for s, _, _ in free_slots(meeting.event, p, p)}]
        raise EventError(_("%(company)s is not free at that time.") % {"company": busy[0]})
    if online:
        if meeting.slot_id != slot.pk:
            # Let go of its place before looking for a room in the new slot.
            meeting.slot_id = meeting.table_id = meeting.room = None
            meeting.save(update_fields=["slot", "table", "room"])
        if not book_in_slot(meeting, slot, *free[slot.pk]):
            raise EventError(_("Every online room is taken at that time."))
    else:
        try:
            with transaction.atomic():
                place(meeting, slot.pk, *free[slot.pk], table_id=table.pk)
        except IntegrityError:
            raise EventError(_("That table is already taken at that time.")) from None
    notify_meeting(meeting, "meeting_moved")
    return meeting


@booking_transaction
def cancel_meeting(*, meeting: Meeting, reason: str = "") -> Meeting:
    """The organizer cancels a meeting; both companies are told (with the reason, if given), and the pair may
    ask each other again."""
    meeting = locked_meeting(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise EventError(_("This meeting is already cancelled."))
    reason = " ".join(reason.split())[:300]
    cancel_locked(meeting, kind="meeting_cancelled_reason" if reason else "meeting_cancelled",
                  extra={"reason": reason} if reason else None)
    return meeting


@booking_transaction
def set_meeting_lock(*, meeting: Meeting, locked: bool) -> Meeting:
    meeting = locked_meeting(meeting)
    if locked and not meeting.is_scheduled:
        raise EventError(_("Only a scheduled meeting can be locked."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting, locked after its event and both participations (the locking rule)."""
    event = lock_event(meeting.event_id)
    pair = Meeting.objects.filter(pk=meeting.pk).values_list("request__requester_id", "request__recipient_id").get()
    participations = lock_participations(pair)
    locked = Meeting.objects.select_for_update(of=("self",), no_key=True).select_related(
        "request", "slot", "table").get(pk=meeting.pk)
    locked.event = event
    locked.request.requester, locked.request.recipient = participations[pair[0]], participations[pair[1]]
    return locked


def cancel_locked(meeting: Meeting, *, kind: str, only: Company | None = None, extra: dict | None = None) -> None:
    """Cancel a live meeting whose event and participations the caller holds locked; tell both sides (or `only`).

    The meeting keeps its slot and table as a record, but gives up its seats, so the time is free again.
    """
    Seat.objects.filter(meeting=meeting).delete()
    meeting.status = MeetingStatus.CANCELLED
    meeting.locked = False
    meeting.save(update_fields=["status", "locked"])
    MeetingRequest.objects.filter(pk=meeting.request_id).update(status=RequestStatus.CANCELLED)
    notify_meeting(meeting, kind, companies=[only] if only else None, extra=extra)


def partner_of(meeting: Meeting, company: Company) -> Company:
    request = meeting.request
    return request.recipient.company if request.requester.company_id == company.pk else request.requester.company


def notify_meeting(meeting: Meeting, kind: str, *, companies=None, extra: dict | None = None) -> None:
    request = meeting.request
    notify_companies(companies or [request.requester.company, request.recipient.company], meeting_kind(meeting, kind),
                     url=reverse("events:agenda", args=[meeting.event.slug]),
                     params_for=lambda company: meeting_params(meeting, viewer_company=company) | (extra or {}))
