"""Addresses of online meetings' video rooms, without tying the site to one video vendor.

A room is `VIDEO_ROOM_BASE_URL` + a name made of the meeting's `room_key` (128 random bits, stable for the
meeting's life): any Jitsi-compatible server opens a room by its address alone, so nothing is called at booking
time, and nobody who is not told the address can guess it. The address is shown only to the two companies'
members and the event's organizers (their agenda, plan, emails and calendar file); no public page carries it.
"""

from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from events.models import Meeting


def room_url(meeting: "Meeting") -> str:
    """The meeting's video room, or "" for a meeting that does not take place online (or is not scheduled)."""
    if meeting.room is None:
        return ""
    return f"{settings.VIDEO_ROOM_BASE_URL}/TradeBridge-{meeting.room_key}"
