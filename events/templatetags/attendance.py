"""Attendance in templates: where a meeting stands, and whether it can be marked yet (events.services.attendance)."""

from django import template
from django.utils import timezone

from events.forms_attendance import current_mark

register = template.Library()


@register.filter
def attendance_mark(meeting) -> str:
    """Where the meeting stands, as a value of forms_attendance.ORGANIZER_MARKS: "held", "requester_absent",
    "recipient_absent", "both_absent" or "scheduled"."""
    return current_mark(meeting)


@register.filter
def has_started(meeting) -> bool:
    """Whether the meeting's time slot has begun: held or no-show can be recorded from then on."""
    return meeting.slot_id is not None and meeting.slot.starts_at <= timezone.now()
