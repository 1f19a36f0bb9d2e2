"""Times as people read them: in the event's zone, which is named, and in the reader's own when it differs."""

import zoneinfo

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def event_time(moment, event_zone: str, viewer_zone: str = "") -> str:
    """"12/21/2026 9 a.m. (Asia/Baku)", followed by "· 1 p.m. your time (Asia/Ho_Chi_Minh)" for a reader in
    another zone (the day too when it is another day there)."""
    if moment is None:
        return ""
    at_event = timezone.localtime(moment, zoneinfo.ZoneInfo(event_zone))
    text = f"{formats.date_format(at_event, 'SHORT_DATETIME_FORMAT')} ({event_zone})"
    if viewer_zone and viewer_zone != event_zone:
        at_viewer = timezone.localtime(moment, zoneinfo.ZoneInfo(viewer_zone))
        shown = formats.time_format(at_viewer, "TIME_FORMAT") if at_viewer.date() == at_event.date() \
            else formats.date_format(at_viewer, "SHORT_DATETIME_FORMAT")
        text += " · " + _("%(time)s your time (%(zone)s)") % {"time": shown, "zone": viewer_zone}
    return text
