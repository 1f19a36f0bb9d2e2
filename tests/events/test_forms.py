from datetime import datetime, timedelta

import pytest

from events.forms import EventForm


def event_data(**overrides):
    day = (datetime.now() + timedelta(days=30)).date().isoformat()
    return {
        "title": "Forum", "city": "Bakı", "venue": "Expo", "country": "AZ", "time_zone": "Asia/Baku",
        "start_date": day, "end_date": day, "registration_opens": "2026-12-01T09:00",
        "registration_closes": "2026-12-20T18:00", "meeting_minutes": "20", "request_policy": "approval",
        "max_meetings": "10", "status": "published", "tables": "10", **overrides,
    }


@pytest.mark.django_db
def test_event_form_reads_registration_times_in_the_events_time_zone():
    form = EventForm(event_data())

    assert form.is_valid(), form.errors
    closes = form.cleaned_data["registration_closes"]
    assert (str(closes.tzinfo), closes.hour) == ("Asia/Baku", 18)
    assert closes.utcoffset() == timedelta(hours=4)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"time_zone": "Mars/Olympus"}, "time_zone",
         "Select a valid choice. Mars/Olympus is not one of the available choices."),
        ({"end_date": "2020-01-01"}, "end_date", "The last day cannot be before the first day."),
        ({"registration_closes": "2026-11-30T09:00"}, "registration_closes",
         "Registration must close after it opens."),
        ({"meeting_minutes": "25"}, "meeting_minutes",
         "Select a valid choice. 25 is not one of the available choices."),
        ({"max_meetings": "0"}, "max_meetings", "Ensure this value is greater than or equal to 1."),
        ({"tables": "0"}, "tables", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_event_form_bad_input(overrides, field, message):
    form = EventForm(event_data(**overrides))

    assert not form.is_valid()
    assert form.errors[field] == [message]
