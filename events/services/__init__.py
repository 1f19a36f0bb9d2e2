"""Writes on events, one module per concept; each function is one transaction, notifications sent after commit.

The functions raise EventError with a message meant for the user when the rules refuse a change; the database
constraints in events.models are the guarantee behind those checks. Every writer of an event's bookings follows
the locking rule of events.locking (event row first, then participations in key order) and is retried there
when it loses a race.

- setup: the event's settings, sessions and their time slots, tables
- participation: registration, the organizer's decision, availability, withdrawal of a company
- waiting_list: places offered to the waiting list of an event with a participant cap, a company withdrawing its
  own registration (imported from its module)
- requests: asking, accepting (booking), declining, withdrawing, expiry
- meetings: the organizer's move, cancel and lock
- reminders: the daily reminder
- attendance: check-in at the door, meetings marked held or no-show
- feedback: feedback after the event, its reminders, the follow-up on outcomes (imported from its module)
- announcements: the organizer's messages to a group of participants, delivered by a task (imported from its module)
- imports: an organizer's list of participants, previewed then applied; the invitations it sends (imported from
  its module)
- questions: the organizer's registration questions and the companies' answers (imported from its module)
"""

from events.errors import EventError
from events.services.attendance import check_in, mark_attendance, mark_own_attendance, undo_check_in
from events.services.meetings import cancel_meeting, move_meeting, set_meeting_lock
from events.services.participation import decide_participation, register, update_participation, withdraw_company
from events.services.reminders import send_reminders
from events.services.requests import (
    accept_request,
    cancel_request,
    decline_request,
    expire_pending_requests,
    open_request_count,
    request_meeting,
)
from events.services.setup import (
    RESERVED_SLUGS,
    add_session,
    create_event,
    delete_session,
    set_table_count,
    slot_times,
    update_event,
    update_session,
)

__all__ = [
    "check_in", "mark_attendance", "mark_own_attendance", "undo_check_in",
    "RESERVED_SLUGS", "EventError", "accept_request", "add_session", "cancel_meeting", "cancel_request", "create_event",
    "decide_participation", "decline_request", "delete_session", "expire_pending_requests", "move_meeting",
    "open_request_count", "register", "request_meeting", "send_reminders",
    "set_meeting_lock", "set_table_count", "slot_times", "update_event", "update_participation", "update_session",
    "withdraw_company",
]
