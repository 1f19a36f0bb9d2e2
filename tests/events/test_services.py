from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Meeting, MeetingRequest, Notification, Participation, Seat, TimeSlot
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipationFactory,
    UserFactory,
    join,
    meet,
)

pytestmark = pytest.mark.django_db


def slot_starts(event):
    return [timezone.localtime(s.starts_at, event.tz).strftime("%H:%M") for s in event.slots.all()]






# Sessions and slots -----------------------------------------------------------------------------------------


def test_add_session_cuts_slots_in_event_time_with_pause(event):
    services.add_session(event=event, data={"date": event.start_date, "start_time": time(14, 0),
                                            "end_time": time(15, 30), "pause_minutes": 5})

    assert slot_starts(event) == ["09:00", "09:20", "09:40", "14:00", "14:25", "14:50"]
    first = event.slots.get(starts_at__hour=10, starts_at__minute=0)  # 14:00 in Baku (UTC+4) is 10:00 UTC
    assert (first.ends_at - first.starts_at) == timedelta(minutes=20)


def test_add_session_refuses_overlap_and_dates_outside_the_event(event):
    with pytest.raises(services.EventError, match="overlaps another session"):
        services.add_session(event=event, data={"date": event.start_date, "start_time": time(9, 30),
                                                "end_time": time(11, 0), "pause_minutes": 0})
    with pytest.raises(services.EventError, match="within the event's dates"):
        services.add_session(event=event, data={"date": event.start_date + timedelta(days=5),
                                                "start_time": time(9, 0), "end_time": time(10, 0),
                                                "pause_minutes": 0})

    assert event.sessions.count() == 1


def test_update_session_keeps_booked_slots_and_refuses_to_drop_them(event, coffee, distributor):
    meeting = meet(coffee, distributor)
    session = event.sessions.get()
    assert timezone.localtime(meeting.slot.starts_at, event.tz).strftime("%H:%M") == "09:00"

    # Extending the session keeps the 9:00 slot (same row) and adds new ones.
    services.update_session(session=session, data={"end_time": time(10, 40)})
    assert slot_starts(event) == ["09:00", "09:20", "09:40", "10:00", "10:20"]
    assert TimeSlot.objects.filter(pk=meeting.slot_id).exists()

    # Starting later would remove the booked 9:00 slot: refused, nothing changes.
    with pytest.raises(services.EventError, match="has booked meetings"):
        services.update_session(session=session, data={"start_time": time(9, 10)})
    session.refresh_from_db()
    assert session.start_time == time(9, 0)
    assert slot_starts(event) == ["09:00", "09:20", "09:40", "10:00", "10:20"]


def test_delete_session_with_booked_meeting_is_refused(event, coffee, distributor):
    meet(coffee, distributor)

    with pytest.raises(services.EventError, match="booked meetings"):
        services.delete_session(session=event.sessions.get())

    assert event.slots.count() == 3


def test_set_table_count_adds_and_removes_free_tables(event):
    services.set_table_count(event=event, count=4)
    assert list(event.tables.values_list("number", flat=True)) == [1, 2, 3, 4]

    services.set_table_count(event=event, count=1)
    assert list(event.tables.values_list("number", flat=True)) == [1]


def test_set_table_count_refuses_to_remove_a_table_with_a_meeting(event, coffee, distributor):
    other_a, other_b = join(event, "Saigon Chips"), join(event, "Baku Steel")
    meet(coffee, distributor)
    second = meet(other_a, other_b)
    assert second.table.number == 2

    with pytest.raises(services.EventError, match="have meetings"):
        services.set_table_count(event=event, count=1)

    assert event.tables.count() == 2


# Registration -----------------------------------------------------------------------------------------------


def test_register_creates_pending_participation_and_tells_the_organizer(event, organizer):
    company = CompanyFactory(name="Mekong Rice")

    participation = services.register(event=event, company=company, delegates=2)

    assert (participation.status, participation.delegates) == ("pending", 2)
    assert Notification.objects.get(user=organizer).kind == "participation_pending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "draft"}, "not open for registration"),
        ({"registration_opens": timezone.now() + timedelta(days=1),
          "registration_closes": timezone.now() + timedelta(days=2)}, "Registration opens on"),
        ({"registration_opens": timezone.now() - timedelta(days=3),
          "registration_closes": timezone.now() - timedelta(days=1)}, "Registration for this event is closed."),
    ],
)
def test_register_outside_the_window_or_unpublished_is_refused(change, message):
    event = EventFactory(**change)

    with pytest.raises(services.EventError, match=message):
        services.register(event=event, company=CompanyFactory())

    assert Participation.objects.count() == 0


def test_register_requires_an_approved_company_and_only_once(event, coffee):
    with pytest.raises(services.EventError, match="must be approved"):
        services.register(event=event, company=CompanyFactory(status="pending"))
    with pytest.raises(services.EventError, match="already registered"):
        services.register(event=event, company=coffee.company)

    assert event.participations.count() == 1


def test_decide_participation_notifies_the_company(event, coffee, participant, django_capture_on_commit_callbacks):
    pending = join(event, "Mekong Rice", status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_participation(participation=pending, approve=True)

    pending.refresh_from_db()
    assert pending.status == "approved"
    assert [m.to for m in mail.outbox] == [["mekong.rice@example.com"]]


def test_update_participation_refuses_to_drop_a_booked_slot(event, coffee, distributor):
    meeting = meet(coffee, distributor)

    with pytest.raises(services.EventError, match="You have a meeting at"):
        services.update_participation(participation=coffee, delegates=1, unavailable_slots=[meeting.slot])

    assert list(coffee.unavailable_slots.all()) == []


def test_update_participation_refuses_fewer_delegates_than_parallel_meetings(event, coffee):
    services.update_participation(participation=coffee, delegates=2, unavailable_slots=[])
    coffee.refresh_from_db()
    meet(join(event, "A"), coffee)
    meet(join(event, "B"), coffee)
    assert Seat.objects.filter(participation=coffee).values("slot").distinct().count() == 1

    with pytest.raises(services.EventError, match="at least that many delegates"):
        services.update_participation(participation=coffee, delegates=1, unavailable_slots=[])

    coffee.refresh_from_db()
    assert coffee.delegates == 2


# Requests ---------------------------------------------------------------------------------------------------


def test_request_meeting_is_pending_and_notifies_the_recipient(coffee, distributor, other_participant,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request = services.request_meeting(requester=coffee, recipient=distributor, message=" Coffee? ")

    assert (meeting_request.status, meeting_request.message) == ("pending", "Coffee?")
    assert [m.to for m in mail.outbox] == [[other_participant.email]]
    assert "Highland Coffee asks you for a meeting" in mail.outbox[0].body


@pytest.mark.parametrize("case", ["self", "same-company", "pending-recipient", "other-event", "long-message"])
def test_request_meeting_bad_input_is_refused(event, coffee, distributor, case):
    recipient, message = distributor, ""
    if case == "self":
        recipient = coffee
    elif case == "same-company":
        recipient = ParticipationFactory(event=EventFactory(), company=coffee.company)
        recipient.event = event  # pretend: the service must still compare companies and events
    elif case == "pending-recipient":
        recipient = join(event, "Pending Co", status="pending")
    elif case == "other-event":
        recipient = ParticipationFactory(event=EventFactory())
    elif case == "long-message":
        message = "x" * 501

    with pytest.raises(services.EventError):
        services.request_meeting(requester=coffee, recipient=recipient, message=message)

    assert MeetingRequest.objects.count() == 0


def test_only_one_open_request_per_pair_whoever_asks(coffee, distributor):
    services.request_meeting(requester=coffee, recipient=distributor)

    with pytest.raises(services.EventError, match="already an open request"):
        services.request_meeting(requester=distributor, recipient=coffee)

    assert MeetingRequest.objects.count() == 1


def test_request_beyond_the_cap_is_refused(event, coffee):
    event.max_meetings = 2
    event.save()
    for name in ["A", "B"]:
        services.request_meeting(requester=coffee, recipient=join(event, name))

    with pytest.raises(services.EventError, match="limit of 2 meetings"):
        services.request_meeting(requester=coffee, recipient=join(event, "C"))

    assert MeetingRequest.objects.filter(requester=coffee).count() == 2


def test_accept_books_earliest_common_free_slot_and_a_free_table(event, coffee, distributor):
    first_slot = event.slots.first()
    coffee.unavailable_slots.add(first_slot)

    meeting = meet(coffee, distributor)

    assert timezone.localtime(meeting.slot.starts_at, event.tz).time() == time(9, 20)
    assert meeting.table.number == 1
    assert sorted(Seat.objects.filter(meeting=meeting).values_list("participation_id", "number")) == sorted(
        [(coffee.pk, 0), (distributor.pk, 0)])
    assert MeetingRequest.objects.get().status == "accepted"


def test_accept_twice_is_refused(coffee, distributor):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
    services.accept_request(meeting_request=meeting_request, by=distributor)

    with pytest.raises(services.EventError, match="already accepted"):
        services.accept_request(meeting_request=meeting_request, by=distributor)

    assert Meeting.objects.count() == 1


def test_accept_on_someone_elses_behalf_is_refused(coffee, distributor):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    with pytest.raises(services.EventError, match="Only the company the request was sent to"):
        services.accept_request(meeting_request=meeting_request, by=coffee)

    assert MeetingRequest.objects.get().status == "pending"


def test_accept_without_common_free_slot_stays_unscheduled_and_tells_the_organizer(
        event, coffee, distributor, organizer, participant, other_participant, django_capture_on_commit_callbacks):
    coffee.unavailable_slots.set(event.slots.all()[:2])
    distributor.unavailable_slots.set(event.slots.all()[2:])

    with django_capture_on_commit_callbacks(execute=True):
        meeting = meet(coffee, distributor)

    assert (meeting.slot, meeting.table, meeting.is_scheduled) == (None, None, False)
    assert Notification.objects.filter(user=organizer, kind="organizer_unscheduled").count() == 1
    assert sorted(Notification.objects.filter(kind="meeting_unscheduled").values_list("user__username",
                                                                                      flat=True)) == [
        "other_participant", "participant"]


def test_accept_respects_delegate_capacity(event, coffee):
    coffee.delegates = 2
    coffee.save()
    meetings = [meet(join(event, name), coffee) for name in ["A", "B", "C"]]

    starts = [timezone.localtime(m.slot.starts_at, event.tz).strftime("%H:%M") for m in meetings]
    assert starts == ["09:00", "09:00", "09:20"]
    assert [m.table.number for m in meetings] == [1, 2, 1]


def test_auto_accept_policy_books_at_once(event, coffee, distributor):
    event.request_policy = "auto"
    event.save()

    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)

    assert meeting_request.status == "accepted"
    assert meeting_request.meeting.is_scheduled


def test_decline_and_cancel(coffee, distributor):
    declined = services.request_meeting(requester=coffee, recipient=distributor)
    services.decline_request(meeting_request=declined, by=distributor, reason="Not our market.")
    withdrawn = services.request_meeting(requester=coffee, recipient=distributor)
    services.cancel_request(meeting_request=withdrawn, by=coffee)

    declined.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (declined.status, declined.decline_reason) == ("declined", "Not our market.")
    assert withdrawn.status == "cancelled"
    with pytest.raises(services.EventError, match="already cancelled"):
        services.accept_request(meeting_request=withdrawn, by=distributor)


def test_pending_requests_expire_when_the_event_starts(event, coffee, distributor):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
    start = event.slots.first().starts_at

    assert services.expire_pending_requests(now=start - timedelta(minutes=1)) == 0
    assert services.expire_pending_requests(now=start) == 1
    meeting_request.refresh_from_db()
    assert meeting_request.status == "expired"


def test_accepting_after_the_start_expires_the_request(event, coffee, distributor):
    meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
    TimeSlot.objects.filter(pk=event.slots.first().pk).update(starts_at=timezone.now() - timedelta(minutes=5),
                                                              ends_at=timezone.now() + timedelta(minutes=15))

    with pytest.raises(services.EventError, match="expired"):
        services.accept_request(meeting_request=meeting_request, by=distributor)

    meeting_request.refresh_from_db()
    assert meeting_request.status == "expired"


# Organizer actions ------------------------------------------------------------------------------------------


def test_move_meeting_to_a_free_slot_and_table(event, coffee, distributor, participant, other_participant,
                                               django_capture_on_commit_callbacks):
    meeting = meet(coffee, distributor)
    target_slot, target_table = event.slots.last(), event.tables.last()

    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(meeting=meeting, slot=target_slot, table=target_table)

    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table) == (target_slot, target_table)
    assert set(Seat.objects.filter(meeting=meeting).values_list("slot_id", flat=True)) == {target_slot.pk}
    moved = [m for m in mail.outbox if "was moved to" in m.body]
    assert sorted(m.to[0] for m in moved) == sorted([participant.email, other_participant.email])


def test_move_meeting_into_a_taken_table_is_refused(event, coffee, distributor):
    first = meet(coffee, distributor)
    second = meet(join(event, "A"), join(event, "B"))

    with pytest.raises(services.EventError, match="table is already taken"):
        services.move_meeting(meeting=second, slot=first.slot, table=first.table)

    second.refresh_from_db()
    assert (second.slot.starts_at, second.table.number) == (first.slot.starts_at, 2)
    assert Seat.objects.filter(meeting=second).count() == 2


def test_move_meeting_where_a_side_is_busy_is_refused(event, coffee, distributor):
    first = meet(coffee, distributor)
    second = meet(coffee, join(event, "A"))

    with pytest.raises(services.EventError) as refused:
        services.move_meeting(meeting=second, slot=first.slot, table=event.tables.last())

    assert str(refused.value) == "Highland Coffee is not free at that time."  # which of the two, by name

    second.refresh_from_db()
    assert timezone.localtime(second.slot.starts_at, event.tz).time() == time(9, 20)


def test_cancel_meeting_frees_seats_and_allows_a_new_request(coffee, distributor):
    meeting = meet(coffee, distributor)

    services.cancel_meeting(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert Seat.objects.count() == 0
    again = meet(coffee, distributor)
    assert again.slot == meeting.slot
    with pytest.raises(services.EventError, match="already cancelled"):
        services.cancel_meeting(meeting=meeting)


def test_lock_only_scheduled_meetings(event, coffee, distributor):
    coffee.unavailable_slots.set(event.slots.all())
    unscheduled = meet(coffee, distributor)

    with pytest.raises(services.EventError, match="Only a scheduled meeting"):
        services.set_meeting_lock(meeting=unscheduled, locked=True)


def test_send_reminders_once_the_day_before(event, coffee, participant, django_capture_on_commit_callbacks):
    day_before = timezone.make_aware(
        timezone.datetime.combine(event.start_date - timedelta(days=1), time(9, 0)), event.tz)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(now=day_before) == 1
        assert services.send_reminders(now=day_before) == 0

    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "starts tomorrow" in mail.outbox[0].body


def test_send_reminders_not_two_days_before(event, coffee):
    two_days = timezone.make_aware(
        timezone.datetime.combine(event.start_date - timedelta(days=2), time(9, 0)), event.tz)

    assert services.send_reminders(now=two_days) == 0
    assert date.today() < event.start_date


def test_decide_participation_twice_notifies_once(event, coffee, participant):
    pending = join(event, "Mekong Rice", status="pending")

    services.decide_participation(participation=pending, approve=True)
    services.decide_participation(participation=pending, approve=True)

    assert Notification.objects.filter(kind="participation_approved").count() == 1


def test_declining_a_company_with_meetings_is_refused(event, coffee, distributor):
    meet(coffee, distributor)

    with pytest.raises(services.EventError) as refused:
        services.decide_participation(participation=distributor, approve=False)

    assert str(refused.value) == ("Caspian Foods has 1 accepted meeting at this event. Cancel it in the plan "
                                  "before declining the company.")

    distributor.refresh_from_db()
    assert distributor.status == "approved"


def test_moving_a_meeting_to_where_it_is_changes_and_sends_nothing(event, coffee, distributor, participant,
                                                                   django_capture_on_commit_callbacks):
    meeting = meet(coffee, distributor)

    with django_capture_on_commit_callbacks(execute=True):
        services.move_meeting(meeting=meeting, slot=meeting.slot, table=meeting.table)

    assert not [m for m in mail.outbox if "was moved to" in m.body]


def test_update_event_recuts_slots_when_the_meeting_length_changes(event):
    event.meeting_minutes = 30  # as a model form leaves it, before the service runs

    services.update_event(event=event, data={"meeting_minutes": 30})

    assert slot_starts(event) == ["09:00", "09:30"]


def test_organizer_role_exists_for_admins_to_assign_and_grants_the_permission():
    from django.contrib.auth.models import Group

    from events.models import ORGANIZERS_GROUP

    group = Group.objects.get(name=ORGANIZERS_GROUP)
    assert [p.codename for p in group.permissions.all()] == ["organize_events"]


def test_organizer_rights_come_from_the_permission_not_the_group_name():
    from django.contrib.auth.models import Group, Permission

    from events.permissions import is_organizer

    direct = UserFactory(username="direct")
    direct.user_permissions.add(Permission.objects.get(codename="organize_events"))
    renamed = UserFactory(username="renamed")
    renamed.groups.add(Group.objects.create(name="Organisateurs"))  # a look-alike group without the permission

    assert (is_organizer(direct), is_organizer(renamed)) == (True, False)


@pytest.mark.parametrize("title", ["Mine", "New", "Notifications"])
def test_event_slug_never_takes_a_fixed_path(title, organizer):
    event = services.create_event(organizer=organizer, data={
        "title": title, "city": "Bakı", "venue": "Expo", "country": "AZ", "time_zone": "Asia/Baku",
        "start_date": date(2027, 3, 1), "end_date": date(2027, 3, 1),
        "registration_opens": timezone.now(), "registration_closes": timezone.now() + timedelta(days=9)})

    assert event.slug == f"{title.lower()}-2"
