"""Bounds on the dates of events: what a form accepts, and the wider bounds the database enforces."""

from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# A form accepts dates within this many days of today (about ten years either way): nobody plans a B2B event
# further ahead, and an event further back is a typing mistake (year 1, year 9999), which would also break
# every time-zone conversion near the ends of the calendar.
PLAUSIBLE_DAYS = 3652

# The database refuses anything outside these, whatever wrote it (checks in events.models).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
EARLIEST_TIME = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(2101, 1, 1, tzinfo=UTC)


def validate_plausible_date(value: date | datetime) -> None:
    """Refuse a date (or the date of a date-time) more than about ten years from today."""
    day = value.date() if isinstance(value, datetime) else value
    today = timezone.localdate()
    earliest, latest = today - timedelta(days=PLAUSIBLE_DAYS), today + timedelta(days=PLAUSIBLE_DAYS)
    if not earliest <= day <= latest:
        raise ValidationError(
            _("Choose a date between %(earliest)s and %(latest)s.")
            % {"earliest": date_format(earliest, "DATE_FORMAT"), "latest": date_format(latest, "DATE_FORMAT")},
            code="implausible_date",
        )
