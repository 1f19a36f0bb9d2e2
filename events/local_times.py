"""Times for people far apart: each side's own zone, and whether a meeting falls in its working day.

Hanoi is three hours ahead of Baku: a 9:00 meeting in Baku is noon in Hanoi, an 18:00 one is 21:00 there. The
agenda, the booking confirmation and the availability form say so (08:00–20:00, WORKING_DAY) rather than let
a company find out at night.
"""

import zoneinfo
from datetime import datetime, time

from events.models import Participation
from events.selectors import viewer_timezone

WORKING_DAY = (time(8), time(20))


def zone_of(participation: Participation) -> str:
    """The participant's own time zone: the one it chose, else its company's country's."""
    return viewer_timezone(participation).key


def outside_working_day(starts_at: datetime, ends_at: datetime, zone_name: str) -> bool:
    """Whether a meeting from `starts_at` to `ends_at` is not wholly within 08:00–20:00 in the zone."""
    zone = zoneinfo.ZoneInfo(zone_name)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    opens, closes = WORKING_DAY
    return start.date() != end.date() or start.time() < opens or end.time() > closes
