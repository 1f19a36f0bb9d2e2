"""At the event: companies checked in at the door, and meetings marked held or no-show.

Check-in is idempotent (checking in a company twice keeps the first time and person), so two staff members at the
door, or a double tap, do no harm. Attendance is recorded by the organizer from the plan, or by either company from
its agenda once the meeting's time has come. A company's word is the first one: it may correct its own mark, but
not one made by the other company or by the organizer (it asks the organizer, whose word is final).

Both follow the locking rule of events.locking (event row, then participations, then the meeting), so that a mark
never meets a move or a cancellation of the same meeting halfway.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import Event, Meeting, MeetingStatus, Participation
from events.services.meetings import locked_meeting

# What the organizer may record; a company records only HELD or its partner's no-show.
MARKABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.SCHEDULED)


# Check-in ------------------------------------------------------------------------------------------------------


@booking_transaction
def check_in(*, event: Event, participation: Participation, by) -> Participation:
    """Record that the company of `participation` arrived at `event`, checked in by user `by`.

    Only an approved participation (of an approved company) of this very event can be checked in. Checking in a
    company already checked in changes nothing.
    """
    locked = _locked_participation(event, participation)
    if locked.checked_in_at is None:
        locked.checked_in_at, locked.checked_in_by = timezone.now(), by
        locked.save(update_fields=["checked_in_at", "checked_in_by"])
    return locked


@booking_transaction
def undo_check_in(*, event: Event, participation: Participation) -> Participation:
    """Take back a check-in made by mistake; a company not checked in stays so."""
    locked = _locked_participation(event, participation)
    if locked.checked_in_at is not None:
        locked.checked_in_at, locked.checked_in_by = None, None
        locked.save(update_fields=["checked_in_at", "checked_in_by"])
    return locked


def _locked_participation(event: Event, participation: Participation) -> Participation:
    if participation.event_id != event.pk:
        raise EventError(_("This company is registered for another event."))
    lock_event(event.pk)
    locked = lock_participations([participation.pk])[participation.pk]
    if not (locked.is_approved and locked.company.is_public):
        raise EventError(_("%(company)s is not an approved participant of this event, so it cannot be checked "
                           "in.") % {"company": locked.company.name})
    return locked


# Attendance of meetings ----------------------------------------------------------------------------------------


@booking_transaction
def mark_attendance(*, meeting: Meeting, status: str, absent: Participation | None = None, by) -> Meeting:
    """The organizer records how a meeting went: HELD; NO_SHOW with `absent` the side that did not come, or None
    when neither came; or SCHEDULED to take back an earlier mark."""
    if status not in MARKABLE_STATUSES:
        raise EventError(_("Choose held, no-show or not marked."))
    meeting = locked_meeting(meeting)
    sides = (meeting.request.requester_id, meeting.request.recipient_id)
    if absent is not None and (status != MeetingStatus.NO_SHOW or absent.pk not in sides):
        raise EventError(_("Only a company of this meeting can be marked absent, and only for a no-show."))
    _check_markable(meeting, reset=status == MeetingStatus.SCHEDULED)
    _record(meeting, status=status, absent_id=absent.pk if absent else None, by=by)
    return meeting


@booking_transaction
def mark_own_attendance(*, meeting: Meeting, participation: Participation, partner_came: bool, by) -> Meeting:
    """One of the two companies records its meeting: held, or its partner did not come.

    It may change a mark that its own user made, not one made by anybody else: the other company's word stands
    until the organizer decides.
    """
    meeting = locked_meeting(meeting)
    request = meeting.request
    if participation.pk not in (request.requester_id, request.recipient_id):
        raise EventError(_("This meeting is not one of yours."))
    _check_markable(meeting, reset=False)
    if meeting.status != MeetingStatus.SCHEDULED and meeting.attendance_marked_by_id != by.pk:
        raise EventError(_("This meeting's attendance was already recorded. If it is wrong, please ask the "
                           "organizer to correct it."))
    partner_id = request.recipient_id if participation.pk == request.requester_id else request.requester_id
    if partner_came:
        _record(meeting, status=MeetingStatus.HELD, absent_id=None, by=by)
    else:
        _record(meeting, status=MeetingStatus.NO_SHOW, absent_id=partner_id, by=by)
    return meeting


def _check_markable(meeting: Meeting, *, reset: bool) -> None:
    """A meeting with a time and not cancelled; held or no-show only once its time has come."""
    if not meeting.is_scheduled:
        raise EventError(_("Only a meeting with a time and a table, not cancelled, can be marked."))
    if not reset and meeting.slot.starts_at > timezone.now():
        raise EventError(_("This meeting has not started yet: its attendance can be recorded from its start "
                           "time."))


def _record(meeting: Meeting, *, status: str, absent_id: int | None, by) -> None:
    if status == MeetingStatus.SCHEDULED:  # back to unmarked: nobody said anything yet
        meeting.attendance_marked_at, meeting.attendance_marked_by = None, None
    else:
        meeting.attendance_marked_at, meeting.attendance_marked_by = timezone.now(), by
    meeting.status, meeting.absent_id = status, absent_id
    meeting.save(update_fields=["status", "absent", "attendance_marked_at", "attendance_marked_by"])
