"""Online and hybrid events: video rooms instead of tables, each side's own time, and who may see a room's link.

The `event` fixture is in Baku (Asia/Baku), one session 9:00–10:00 in three 20-minute slots, two tables; Highland
Coffee (Vietnam, Asia/Ho_Chi_Minh, three hours ahead) and Caspian Foods (Azerbaijan) take part.
"""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from events import planning, services
from events.errors import EventError
from events.forms import EventForm, ParticipationForm, RegisterForm
from events.local_times import outside_working_day
from events.models import Event, Meeting, Notification, Participation, Seat
from tests.factories import join, local_start, meet

pytestmark = pytest.mark.django_db


def make_online(event, *, rooms=None):
    Event.objects.filter(pk=event.pk).update(format=Event.Format.ONLINE, online_rooms=rooms)
    event.refresh_from_db()
    return event


def make_hybrid(event):
    Event.objects.filter(pk=event.pk).update(format=Event.Format.HYBRID)
    event.refresh_from_db()
    return event


def online(participation):
    Participation.objects.filter(pk=participation.pk).update(attendance_mode="online")
    participation.refresh_from_db()
    return participation


def place(meeting):
    meeting.refresh_from_db()
    return (local_start(meeting), meeting.table.number if meeting.table_id else None, meeting.room)


# Booking ------------------------------------------------------------------------------------------------------


def test_an_online_meeting_takes_a_video_room_not_a_table(event, coffee, distributor):
    make_online(event)

    meeting = meet(coffee, distributor)

    assert place(meeting) == ("09:00", None, 1)
    assert meeting.is_online
    assert meeting.place == "Online room 1"
    assert Seat.objects.filter(meeting=meeting).count() == 2


def test_online_rooms_are_unlimited_without_a_cap(event):
    make_online(event)
    meetings = [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(5)]

    assert [place(m) for m in meetings] == [("09:00", None, n) for n in range(1, 6)]


def test_the_rooms_cap_sends_meetings_to_later_slots_then_leaves_them_unscheduled(event):
    make_online(event, rooms=2)
    meetings = [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(7)]

    assert [place(m) for m in meetings] == [
        ("09:00", None, 1), ("09:00", None, 2), ("09:20", None, 1), ("09:20", None, 2),
        ("09:40", None, 1), ("09:40", None, 2), (None, None, None)]


def test_a_freed_room_number_is_taken_again(event):
    make_online(event)
    first, second = (meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(2))
    services.cancel_meeting(meeting=first)

    third = meet(join(event, "Seller 3"), join(event, "Buyer 3"))

    assert place(second) == ("09:00", None, 2)
    assert place(third) == ("09:00", None, 1)


def test_at_a_hybrid_event_a_meeting_with_an_online_side_is_online(event, coffee, distributor):
    make_hybrid(event)
    online(coffee)
    on_site = join(event, "Baku Tea")

    remote = meet(coffee, distributor)
    at_table = meet(distributor, on_site)

    assert place(remote) == ("09:00", None, 1)
    assert place(at_table) == ("09:20", 1, None)  # Caspian Foods is busy at 9:00


def test_tables_do_not_limit_online_meetings_nor_rooms_tables(event):
    """Two tables and a one-room cap: three meetings run at 9:00, two at tables and one online."""
    make_hybrid(event)
    Event.objects.filter(pk=event.pk).update(online_rooms=1)
    event.refresh_from_db()
    at_tables = [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(2)]
    remote = meet(online(join(event, "Remote seller")), join(event, "Buyer 3"))

    assert [place(m) for m in at_tables] == [("09:00", 1, None), ("09:00", 2, None)]
    assert place(remote) == ("09:00", None, 1)


def test_an_in_person_event_ignores_a_stored_online_choice(event, coffee, distributor):
    online(coffee)  # e.g. left over from when the event was hybrid

    assert place(meet(coffee, distributor)) == ("09:00", 1, None)


# The database's guarantees --------------------------------------------------------------------------------------


def test_the_database_refuses_a_meeting_with_both_a_table_and_a_room(event, coffee, distributor):
    meeting = meet(coffee, distributor)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(room=1)


def test_the_database_refuses_a_room_without_a_slot(event, coffee, distributor):
    make_online(event)
    meeting = meet(coffee, distributor)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(slot=None)


def test_the_database_refuses_two_meetings_in_one_room_at_once(event):
    make_online(event)
    first, second = (meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(2))

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=second.pk).update(room=1)
    assert first.room == 1


def test_the_database_refuses_room_zero_and_an_unknown_format(event, coffee, distributor):
    make_online(event)
    meeting = meet(coffee, distributor)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(room=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(format="metaverse")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(pk=coffee.pk).update(attendance_mode="by_phone")


def test_the_database_refuses_an_on_site_event_without_a_venue(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(venue="")
    make_online(event)
    Event.objects.filter(pk=event.pk).update(venue="")  # online: no venue needed


# Video rooms ----------------------------------------------------------------------------------------------------


def test_every_meeting_has_its_own_unguessable_room_which_stays(event, settings):
    settings.VIDEO_ROOM_BASE_URL = "https://video.example.org"
    make_online(event)
    meetings = [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(4)]
    urls = [m.video_url for m in meetings]

    assert len(set(urls)) == 4
    assert all(url.startswith("https://video.example.org/TradeBridge-") for url in urls)
    # 128 random bits, URL-safe
    assert all(len(url.removeprefix("https://video.example.org/TradeBridge-")) == 22 for url in urls)
    moved = meetings[0]
    services.move_meeting(meeting=moved, slot=event.slots.order_by("starts_at")[2])
    moved.refresh_from_db()
    assert (local_start(moved), moved.video_url) == ("09:40", urls[0])


def test_an_on_site_meeting_has_no_video_link(event, coffee, distributor):
    assert meet(coffee, distributor).video_url == ""


def test_the_room_link_is_in_both_agendas_and_nowhere_else(event, coffee, distributor, participant,
                                                           other_participant, non_participant, organizer, client):
    make_online(event)
    meeting = meet(coffee, distributor)
    third = join(event, "Baku Tea")
    outsider_meeting = meet(third, join(event, "Hanoi Silk"))
    link = meeting.video_url

    def page(user, name):
        client.force_login(user)
        return client.get(reverse(f"events:{name}", args=[event.slug])).content.decode()

    assert link in page(participant, "agenda")
    assert link in page(other_participant, "agenda")
    assert link in page(organizer, "plan")
    assert link not in page(third.company.memberships.get().user, "agenda")
    assert outsider_meeting.video_url in page(third.company.memberships.get().user, "agenda")
    for name in ("detail", "participants"):
        assert link not in page(non_participant, name)
        assert link not in page(participant, name)
    client.logout()
    assert link not in client.get(reverse("events:detail", args=[event.slug])).content.decode()


def test_the_calendar_file_has_the_room_as_location_and_url(event, coffee, distributor, participant, client):
    make_online(event)
    meeting = meet(coffee, distributor)
    client.force_login(participant)

    calendar = Calendar.from_ical(client.get(reverse("events:agenda_ics", args=[event.slug])).content)

    [entry] = calendar.walk("VEVENT")
    assert str(entry["location"]) == meeting.video_url
    assert str(entry["url"]) == meeting.video_url


def test_the_booking_email_has_the_link_and_both_local_times(event, coffee, distributor, participant,
                                                             other_participant, django_capture_on_commit_callbacks):
    make_online(event)

    with django_capture_on_commit_callbacks(execute=True):
        meeting = meet(coffee, distributor)

    booked = [m for m in mail.outbox if "Online meeting booked" in m.subject]
    assert sorted(m.to[0] for m in booked) == sorted([participant.email, other_participant.email])
    to_coffee = next(m for m in booked if m.to[0] == participant.email)
    assert meeting.video_url in to_coffee.body
    notice = str(Notification.objects.get(user=participant, kind="meeting_booked_online"))
    assert notice.startswith("Your online meeting with Caspian Foods at Vietnam–Azerbaijan B2B Forum, Baku is "
                                  "booked for ")
    assert "(Asia/Ho_Chi_Minh), " in notice  # its own time first
    assert "(Asia/Baku) for them" in notice


# Time zones -------------------------------------------------------------------------------------------------


def test_outside_working_day():
    from datetime import UTC, datetime

    nine_baku = datetime(2027, 1, 15, 5, 0, tzinfo=UTC)  # 9:00 in Baku, 12:00 in Hanoi
    late = datetime(2027, 1, 15, 13, 30, tzinfo=UTC)  # 17:30 in Baku, 20:30 in Hanoi
    end = datetime(2027, 1, 15, 16, 0, tzinfo=UTC)  # 20:00 in Baku

    assert outside_working_day(nine_baku, nine_baku.replace(minute=20), "Asia/Baku") is False
    assert outside_working_day(late, late.replace(minute=50), "Asia/Baku") is False
    assert outside_working_day(late, late.replace(minute=50), "Asia/Ho_Chi_Minh") is True
    assert outside_working_day(end.replace(hour=15, minute=40), end, "Asia/Baku") is False  # ends at 20:00 sharp
    assert outside_working_day(datetime(2027, 1, 15, 3, 59, tzinfo=UTC), nine_baku, "Asia/Baku") is True


def test_the_agenda_shows_the_partners_time_and_warns_outside_working_hours(event, coffee, distributor,
                                                                               participant, client):
    make_online(event)
    Participation.objects.filter(pk=distributor.pk).update(time_zone="America/New_York")  # 9:00 Baku = 0:00 NY
    meet(coffee, distributor)
    client.force_login(participant)

    html = client.get(reverse("events:agenda", args=[event.slug])).content.decode()

    assert "midnight for them (America/New_York)" in html
    assert "Outside 08:00–20:00 for them" in html
    assert "Outside 08:00–20:00 for you" not in html  # noon in Hanoi
    assert "Join the video room" in html


def test_an_online_participant_enters_availability_in_its_own_time(event, coffee):
    make_online(event)
    Participation.objects.filter(pk=coffee.pk).update(time_zone="America/New_York")
    coffee = Participation.objects.select_related("event", "company").get(pk=coffee.pk)

    labels = [label for _group, options in ParticipationForm(instance=coffee).fields["unavailable_slots"].choices
              for _value, label in options]

    assert labels[0] == "midnight–12:20 a.m. your time (9 a.m.–9:20 a.m. at the event) — outside 08:00–20:00 for you"


def test_an_on_site_participant_keeps_the_events_time_first(event, coffee):
    coffee = Participation.objects.select_related("event", "company").get(pk=coffee.pk)

    labels = [label for _group, options in ParticipationForm(instance=coffee).fields["unavailable_slots"].choices
              for _value, label in options]

    assert labels[0] == "9 a.m.–9:20 a.m. (noon–12:20 p.m. your time)"


# Changing how one takes part ------------------------------------------------------------------------------------


def test_switching_to_online_moves_the_meetings_to_rooms_in_the_same_slot(event, coffee, distributor, participant,
                                                                           other_participant):
    make_hybrid(event)
    meeting = meet(coffee, distributor)
    assert place(meeting) == ("09:00", 1, None)
    Notification.objects.all().delete()

    services.update_participation(participation=coffee, delegates=1, unavailable_slots=[],
                                  attendance_mode="online")

    assert place(meeting) == ("09:00", None, 1)
    assert sorted(Notification.objects.values_list("kind", flat=True)) == ["meeting_moved_online"] * 2
    services.update_participation(participation=coffee, delegates=1, unavailable_slots=[],
                                  attendance_mode="on_site")
    assert place(meeting) == ("09:00", 1, None)
    assert Seat.objects.filter(meeting=meeting).count() == 2


def test_switching_back_on_site_when_the_tables_are_full_takes_a_later_slot(event, coffee, distributor):
    make_hybrid(event)
    online(coffee)
    meeting = meet(coffee, distributor)
    [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(2)]  # both tables at 9:00

    services.update_participation(participation=coffee, delegates=1, unavailable_slots=[],
                                  attendance_mode="on_site")

    assert place(meeting) == ("09:20", 1, None)


def test_a_participant_of_an_in_person_event_cannot_switch_online(event, coffee, distributor):
    meeting = meet(coffee, distributor)

    services.update_participation(participation=coffee, delegates=1, unavailable_slots=[],
                                  attendance_mode="online")

    coffee.refresh_from_db()
    assert coffee.attendance_mode == "on_site"
    assert place(meeting) == ("09:00", 1, None)


def test_an_event_turned_online_moves_every_meeting_to_a_room(event, coffee, distributor):
    meetings = [meet(coffee, distributor), meet(join(event, "Seller"), join(event, "Buyer"))]

    services.update_event(event=event, data={"format": Event.Format.ONLINE})

    assert [place(m) for m in meetings] == [("09:00", None, 1), ("09:00", None, 2)]
    assert set(Participation.objects.values_list("attendance_mode", flat=True)) == {"online"}


def test_a_rooms_cap_below_the_rooms_in_use_is_refused(event):
    make_online(event)
    [meet(join(event, f"Seller {n}"), join(event, f"Buyer {n}")) for n in range(3)]

    with pytest.raises(EventError, match="More online meetings than that already run at the same time"):
        services.update_event(event=event, data={"online_rooms": 2})
    services.update_event(event=event, data={"online_rooms": 3})
    event.refresh_from_db()
    assert event.online_rooms == 3


def test_register_at_a_hybrid_event_records_the_choice_and_elsewhere_the_only_way(event):
    make_hybrid(event)
    company = join(Event.objects.create(**{f.name: getattr(event, f.name) for f in Event._meta.concrete_fields
                                           if f.name not in ("id", "slug")}, slug="other"), "Spare").company

    hybrid = services.register(event=event, company=company, attendance_mode="online")
    assert hybrid.attendance_mode == "online"
    online_event = make_online(Event.objects.get(slug="other"))
    assert online_event.participations.get().attendance_mode == "on_site"  # created before the switch
    assert Participation.objects.get(pk=hybrid.pk).is_online is True


# Moving and planning ------------------------------------------------------------------------------------------


def test_the_organizer_moves_an_online_meeting_without_choosing_a_table(event, coffee, distributor):
    make_online(event, rooms=1)
    meeting = meet(coffee, distributor)
    other = meet(join(event, "Seller"), join(event, "Buyer"))  # 9:20, the 9:00 room is taken
    assert place(other) == ("09:20", None, 1)

    with pytest.raises(EventError, match="Every online room is taken at that time"):
        services.move_meeting(meeting=other, slot=event.slots.order_by("starts_at")[0])
    services.move_meeting(meeting=meeting, slot=event.slots.order_by("starts_at")[2])

    assert place(meeting) == ("09:40", None, 1)


def test_schedule_all_places_online_meetings_in_rooms_and_applies_them(event):
    make_hybrid(event)
    Event.objects.filter(pk=event.pk).update(online_rooms=1)
    event.refresh_from_db()
    ana, bao = online(join(event, "Ana")), join(event, "Bao")
    ana.unavailable_slots.set(event.slots.order_by("starts_at")[1:])  # Ana: 9:00 only
    first = meet(bao, online(join(event, "Cem")))  # takes the one room at 9:00
    stranded = meet(ana, bao)
    assert place(stranded) == (None, None, None)

    plan = planning.propose_plan(event, time_limit=1)
    planning.apply_plan(event=event, token=plan.token)

    assert place(stranded) == ("09:00", None, 1)
    assert place(first)[0] in {"09:20", "09:40"}
    assert place(first)[1:] == (None, 1)


def test_a_preview_token_of_the_old_shape_is_a_changed_plan(event):
    from django.core import signing

    token = signing.dumps({"event_id": event.pk, "placements": [[1, 2, 3]]}, salt=planning._SIGNING_SALT,
                          compress=True)

    with pytest.raises(planning.PlanChanged):
        planning.Plan.from_token(token, event=event)


# Forms ------------------------------------------------------------------------------------------------------------


def event_form_data(**overrides):
    data = {"title": "Online forum", "description": "", "format": "online", "city": "Bakı", "venue": "",
            "country": "AZ", "time_zone": "Asia/Baku", "start_date": "2030-05-14", "end_date": "2030-05-14",
            "registration_opens": "2030-04-01T09:00", "registration_closes": "2030-05-10T18:00",
            "meeting_minutes": "20", "request_policy": "approval", "max_meetings": "10", "status": "draft",
            "tables": "", "online_rooms": ""}
    return data | overrides


def test_an_online_event_needs_neither_venue_nor_tables(db):
    form = EventForm(event_form_data())

    assert form.is_valid(), form.errors
    assert form.cleaned_data["online_rooms"] is None


@pytest.mark.parametrize("fmt", ["in_person", "hybrid"])
def test_an_event_with_meetings_on_site_needs_a_venue_and_tables(db, fmt):
    form = EventForm(event_form_data(format=fmt))

    assert not form.is_valid()
    assert form.errors["venue"] == ["An event with meetings on site needs a venue."]
    assert form.errors["tables"] == ["An event with meetings on site needs at least one table."]


@pytest.mark.parametrize(("rooms", "message"), [
    ("0", "Ensure this value is greater than or equal to 1."),
    ("1001", "Ensure this value is less than or equal to 1000."),
    ("two", "Enter a whole number."),
])
def test_the_rooms_cap_refuses_bad_input(db, rooms, message):
    form = EventForm(event_form_data(online_rooms=rooms))

    assert not form.is_valid()
    assert form.errors["online_rooms"] == [message]


def test_the_format_refuses_an_unknown_value(db):
    form = EventForm(event_form_data(format="metaverse"))

    assert form.errors["format"] == ["Select a valid choice. metaverse is not one of the available choices."]


def test_only_a_hybrid_event_asks_how_one_takes_part(event, coffee):
    assert "attendance_mode" not in RegisterForm(event=event).fields
    assert "attendance_mode" not in ParticipationForm(instance=coffee).fields
    make_hybrid(event)
    coffee.refresh_from_db()
    assert "attendance_mode" in RegisterForm(event=event).fields
    assert "attendance_mode" in ParticipationForm(instance=coffee).fields
    assert RegisterForm({"delegates": "1", "attendance_mode": "by_phone"}, event=event).errors == {
        "attendance_mode": ["Select a valid choice. by_phone is not one of the available choices."]}


def test_registering_online_through_the_event_page(event, non_participant, client):
    make_hybrid(event)
    client.force_login(non_participant)

    client.post(reverse("events:register", args=[event.slug]), {"delegates": "1", "attendance_mode": "online"})

    assert Participation.objects.get(company__name="Mekong Rice").attendance_mode == "online"


def test_the_meetings_export_names_rooms_and_links_for_the_organizer(event, coffee, distributor, organizer, client):
    make_online(event)
    meeting = meet(coffee, distributor)
    client.force_login(organizer)

    rows = client.get(reverse("events:export_meetings", args=[event.slug])).content.decode("utf-8-sig").splitlines()

    assert rows[0].split(",")[1] == "Place"
    assert rows[0].split(",")[-1] == "Video room"
    assert rows[1].split(",")[1] == "Online room 1"
    assert rows[1].split(",")[-1] == meeting.video_url
