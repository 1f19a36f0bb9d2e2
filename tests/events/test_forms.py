from datetime import UTC, date, datetime, time, timedelta

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


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "vi", "az"])
def test_event_form_shows_dates_and_times_in_the_browsers_input_format_in_every_language(language):
    """A date input takes only 2026-12-21: a language's own format (21.12.2026) would show an empty field."""
    from django.utils import translation

    from tests.factories import EventFactory

    event = EventFactory(start_date=date(2026, 12, 21), end_date=date(2026, 12, 22),
                         registration_opens=datetime(2026, 11, 20, 14, 59, tzinfo=UTC),
                         registration_closes=datetime(2026, 12, 19, 14, 59, tzinfo=UTC))
    with translation.override(language):
        form = EventForm(instance=event)
        values = {name: form[name].value() for name in ("start_date", "registration_opens")}
        html = str(form["start_date"]) + str(form["registration_opens"])

    assert 'value="2026-12-21"' in html
    assert 'value="2026-11-20T18:59"' in html  # 14:59 UTC is 18:59 in Baku
    assert values["registration_opens"] == datetime(2026, 11, 20, 18, 59)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "az"])
def test_session_form_shows_times_in_the_browsers_input_format(language):
    from django.utils import translation

    from events.forms import SessionForm
    from tests.factories import EventFactory, SessionFactory

    event = EventFactory(start_date=date(2026, 12, 21), end_date=date(2026, 12, 21))
    session = SessionFactory(event=event, start_time=time(9, 5), end_time=time(12, 30))
    with translation.override(language):
        html = str(SessionForm(instance=session, event=event).as_div())

    assert 'value="2026-12-21"' in html
    assert 'value="09:05"' in html and 'value="12:30"' in html
    assert "Asia/Baku" in html


@pytest.mark.django_db
def test_a_new_event_in_the_past_is_refused_but_a_past_event_can_still_be_edited():
    from tests.factories import EventFactory

    yesterday = (datetime.now() - timedelta(days=1)).date()
    form = EventForm(event_data(start_date=yesterday.isoformat(), end_date=yesterday.isoformat()))
    assert form.errors["start_date"] == ["The first day is in the past."]

    past = EventFactory(start_date=yesterday, end_date=yesterday)
    edit = EventForm(event_data(title="Renamed", start_date=yesterday.isoformat(), end_date=yesterday.isoformat()),
                     instance=past)
    assert "start_date" not in edit.errors


# Slot pickers: grouped by session, hours in the language's format, booked slots marked ------------------------


def _slot_groups(field):
    """(group label, [(label, disabled)…]) as the widget renders them."""
    widget = field.field.widget
    return [(group, [(option["label"], bool(option["attrs"].get("disabled"))) for option in options])
            for group, options, _index in widget.optgroups(field.html_name, widget.format_value(field.value()))
            if group]


def test_availability_slots_are_grouped_by_session_with_booked_ones_marked_and_locked(event, coffee, distributor):
    from django.utils import formats, translation

    from events.forms import ParticipationForm
    from events.models import Session
    from tests.factories import SessionFactory, meet

    afternoon = SessionFactory(event=event, name="Afternoon", start_time=time(14, 0), end_time=time(14, 40))
    morning = Session.objects.get(event=event, name="")
    coffee.time_zone = "Asia/Baku"
    coffee.save()
    meet(distributor, coffee)  # booked in the first free slot, 9:00

    with translation.override("en"):
        day_en = formats.date_format(morning.date, "DATE_FORMAT")  # "Dec. 30, 2026"
        groups = _slot_groups(ParticipationForm(instance=coffee)["unavailable_slots"])
    assert groups == [
        (f"{day_en}, 9 a.m.–10 a.m.", [("9 a.m.–9:20 a.m. — meeting with Caspian Foods", True),
                                       ("9:20 a.m.–9:40 a.m.", False), ("9:40 a.m.–10 a.m.", False)]),
        (f"Afternoon ({day_en}, 2 p.m.–2:40 p.m.)", [("2 p.m.–2:20 p.m.", False), ("2:20 p.m.–2:40 p.m.", False)]),
    ]
    assert afternoon.slots.count() == 2


def test_availability_slots_show_the_participants_own_time_beside_the_events(event, coffee):
    from django.utils import translation

    from events.forms import ParticipationForm

    coffee.time_zone = "Asia/Ho_Chi_Minh"  # three hours ahead of Baku
    coffee.save()
    with translation.override("vi"):
        [(_group, options)] = _slot_groups(ParticipationForm(instance=coffee)["unavailable_slots"])
    assert [label for label, _disabled in options] == [
        "09:00–09:20 (12:00–12:20 giờ của bạn)", "09:20–09:40 (12:20–12:40 giờ của bạn)",
        "09:40–10:00 (12:40–13:00 giờ của bạn)",
    ]


def test_a_booked_slot_posted_anyway_is_refused_and_nothing_changes(event, coffee, distributor, participant, client):
    from tests.factories import meet

    meeting = meet(distributor, coffee)
    client.force_login(participant)
    response = client.post(f"/en/events/{event.slug}/participation/", {
        "delegates": 1, "unavailable_slots": [meeting.slot_id], "time_zone": ""})
    assert response.status_code == 200
    assert list(coffee.unavailable_slots.all()) == []


def test_move_form_lists_only_free_slots_by_session_in_the_languages_format(event, coffee, distributor):
    from django.utils import translation

    from events.forms import MoveMeetingForm
    from tests.factories import join, meet

    busy = join(event, "Dilara")
    meet(busy, coffee)  # 9:00: Highland Coffee is busy
    meeting = meet(distributor, coffee)  # 9:20
    with translation.override("az"):
        [(_group, options)] = _slot_groups(MoveMeetingForm(meeting=meeting)["slot"])
    assert [label for label, _disabled in options] == ["9:20–9:40", "9:40–10:00"]
