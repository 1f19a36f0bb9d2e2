"""Duplicating an event (events.services.duplication, events.views.duplication): a new edition with the same
settings, sessions and tables moved to the new dates, as a draft; participants only when invited again.

The source is the Baku forum of tests/events/conftest.py: one session 9:00–10:00 (three 20-minute slots), two
tables, 30 days from now.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.errors import EventError
from events.models import Event, Notification, Participation, Session
from events.services import set_table_count
from events.services.duplication import duplicate_event
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ParticipationFactory,
    SectorFactory,
    SessionFactory,
    UserFactory,
    join,
)

WRITE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403), ("staff", 302)]
PAGE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 403), ("staff", 200)]


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def source(event, organizer):
    """The Baku forum made rich: two days, a second organizer, sectors, named tables, an afternoon session on
    day two with a pause, every setting away from its default."""
    co_organizer = UserFactory(username="co_organizer")
    event.organizers.add(co_organizer)
    event.viewers.add(UserFactory(username="observer"))
    Event.objects.filter(pk=event.pk).update(
        end_date=event.start_date + timedelta(days=1), description="Coffee, tea and spices.", format="hybrid",
        online_rooms=4, meeting_minutes=20, request_policy="auto", max_meetings=7, follow_up_days=60,
        public_participant_list=True, participant_cap=40,
        registration_opens=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        registration_closes=datetime.combine(event.start_date - timedelta(days=3), time(18, 0), tzinfo=event.tz))
    event.refresh_from_db()
    event.focus_sectors.set([SectorFactory(slug="coffee"), SectorFactory(slug="spices")])
    set_table_count(event=event, count=3)
    event.tables.filter(number=2).update(name="Ministry table")
    SessionFactory(event=event, name="Afternoon", date=event.end_date, start_time=time(14, 0),
                   end_time=time(15, 30), pause_minutes=10)
    return event


def sessions_of(event: Event) -> list[tuple]:
    return list(event.sessions.order_by("date", "start_time")
                .values_list("name", "date", "start_time", "end_time", "pause_minutes"))


def local_slots(event: Event) -> list[tuple[date, str]]:
    return [(timezone.localtime(s.starts_at, event.tz).date(), timezone.localtime(s.starts_at, event.tz)
             .strftime("%H:%M")) for s in event.slots.order_by("starts_at")]


# The service --------------------------------------------------------------------------------------------------


def test_duplicate_copies_settings_and_moves_the_dates(source, organizer):
    new_start = source.start_date + timedelta(days=365)
    copy = duplicate_event(source=source, title="Baku Forum 2028", start_date=new_start)
    copy.refresh_from_db()
    shift = timedelta(days=365)
    assert (copy.title, copy.slug, copy.status) == ("Baku Forum 2028", "baku-forum-2028", "draft")
    assert (copy.start_date, copy.end_date) == (new_start, new_start + timedelta(days=1))
    assert copy.registration_opens == datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
    assert timezone.localtime(copy.registration_closes, copy.tz).replace(tzinfo=None) == datetime.combine(
        source.start_date - timedelta(days=3) + shift, time(18, 0))
    copied = ["description", "city", "venue", "country", "time_zone", "format", "online_rooms", "meeting_minutes",
              "request_policy", "max_meetings", "follow_up_days", "public_participant_list", "participant_cap"]
    assert {f: getattr(copy, f) for f in copied} == {f: getattr(source, f) for f in copied}
    assert sorted(copy.organizers.values_list("username", flat=True)) == ["co_organizer", "organizer"]
    assert list(copy.viewers.values_list("username", flat=True)) == ["observer"]
    assert sorted(copy.focus_sectors.values_list("slug", flat=True)) == ["coffee", "spices"]


def test_duplicate_recreates_sessions_slots_and_tables(source):
    copy = duplicate_event(source=source, title="Baku Forum 2028", start_date=source.start_date + timedelta(days=7))
    day1, day2 = copy.start_date, copy.end_date
    assert sessions_of(copy) == [("", day1, time(9, 0), time(10, 0), 0),
                                 ("Afternoon", day2, time(14, 0), time(15, 30), 10)]
    # 14:00, 14:30, 15:00 (20 minutes and a 10-minute pause)
    assert local_slots(copy) == [(day1, "09:00"), (day1, "09:20"), (day1, "09:40"),
                                 (day2, "14:00"), (day2, "14:30"), (day2, "15:00")]
    assert list(copy.tables.values_list("number", "name")) == [(1, ""), (2, "Ministry table"), (3, "")]
    # The source is untouched.
    assert (source.sessions.count(), source.slots.count(), source.tables.count()) == (2, 6, 3)


def test_duplicate_copies_no_participants_unless_asked(source, coffee, distributor, participant):
    copy = duplicate_event(source=source, title="Baku Forum 2028", start_date=in_days(100))
    assert (copy.participations.count(), Notification.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_duplicate_invites_the_approved_companies_again_as_pending(
        source, coffee, distributor, participant, other_participant, django_capture_on_commit_callbacks):
    Participation.objects.filter(pk=coffee.pk).update(delegates=3, attendance_mode="online",
                                                      time_zone="Asia/Ho_Chi_Minh", listed_publicly=True)
    pending = join(source, "Pending Tea", status="pending")
    declined = join(source, "Declined Spice", status="declined")
    suspended = join(source, "Suspended Rice")
    suspended.company.status = "suspended"
    suspended.company.save()
    with django_capture_on_commit_callbacks(execute=True):
        copy = duplicate_event(source=source, title="Baku Forum 2028", start_date=in_days(100),
                               invite_participants=True)
    invited = list(copy.participations.order_by("company__name").values_list(
        "company__name", "status", "delegates", "attendance_mode", "time_zone", "listed_publicly"))
    assert invited == [("Caspian Foods", "pending", 1, "on_site", "", False),
                       ("Highland Coffee", "pending", 3, "online", "Asia/Ho_Chi_Minh", False)]
    notices = Notification.objects.order_by("user__username")
    assert [(n.user.username, n.kind, n.url) for n in notices] == [
        ("other_participant", "participation_invited", "/en/events/baku-forum-2028/"),
        ("participant", "participation_invited", "/en/events/baku-forum-2028/"),
    ]
    assert str(notices[0]) == (
        "You are invited to Baku Forum 2028, the new edition of Vietnam–Azerbaijan B2B Forum, Baku. Your registration "
        "awaits the organizer's approval; check your delegates and availability once the event is published.")
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (other_participant.email, "You are invited to Baku Forum 2028"),
        (participant.email, "You are invited to Baku Forum 2028"),
    ]
    assert {p.company.name for p in (pending, declined, suspended)}.isdisjoint(name for name, *_ in invited)


def test_duplicate_keeps_the_wall_clock_across_a_change_of_clocks(organizer):
    """Berlin in winter to Berlin in summer: registration still opens at 10:00 local, the session at 9:00."""
    winter = date(2027, 1, 20)
    source = EventFactory(time_zone="Europe/Berlin", start_date=winter, end_date=winter, organizers=[organizer],
                          registration_opens=datetime(2027, 1, 5, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
                          registration_closes=datetime(2027, 1, 15, 18, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    SessionFactory(event=source)
    copy = duplicate_event(source=source, title="Summer edition", start_date=date(2027, 7, 21))
    copy.refresh_from_db()
    assert copy.registration_opens == datetime(2027, 7, 6, 8, 0, tzinfo=UTC)  # 10:00 summer time
    assert copy.registration_closes == datetime(2027, 7, 16, 16, 0, tzinfo=UTC)
    assert local_slots(copy) == [(date(2027, 7, 21), "09:00"), (date(2027, 7, 21), "09:20"),
                                 (date(2027, 7, 21), "09:40")]


def test_duplicate_same_title_gets_a_new_slug(source):
    first = duplicate_event(source=source, title="Baku Forum 2028", start_date=in_days(100))
    second = duplicate_event(source=source, title="Baku Forum 2028", start_date=in_days(101))
    assert (first.slug, second.slug) == ("baku-forum-2028", "baku-forum-2028-2")


def test_duplicate_refuses_dates_out_of_range_and_leaves_nothing(source):
    before = (Event.objects.count(), Session.objects.count())
    with pytest.raises(EventError):
        duplicate_event(source=source, title="Far future", start_date=date(2100, 12, 31))
    assert (Event.objects.count(), Session.objects.count()) == before


# The view -----------------------------------------------------------------------------------------------------


def duplicate_url(event: Event) -> str:
    return reverse("events:duplicate", args=[event.slug])


@pytest.mark.parametrize(("role", "status"), PAGE_ACCESS)
def test_duplicate_page_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).get(duplicate_url(event)).status_code == status


@pytest.mark.parametrize(("role", "status"), WRITE_ACCESS)
def test_duplicate_post_permission_matrix(all_roles, event, as_role, role, status):
    before = Event.objects.count()
    response = as_role(role).post(duplicate_url(event), {"title": "Baku Forum 2028", "start_date": in_days(60)})
    assert response.status_code == status
    created = Event.objects.count() - before
    assert created == (1 if status == 302 and role != "anonymous" else 0)
    if created:
        copy = Event.objects.get(slug="baku-forum-2028")
        assert response.url == reverse("events:edit", args=[copy.slug])


def test_duplicate_page_offers_the_title_and_the_invitation(event, as_role):
    response = as_role("organizer").get(duplicate_url(event))
    form = response.context["form"]
    assert (form.initial["title"], list(form.fields)) == (event.title,
                                                          ["title", "start_date", "invite_participants"])
    assert response.context["event"] == event


def test_duplicate_post_with_invitation_registers_participants(event, coffee, distributor, as_role):
    as_role("organizer").post(duplicate_url(event), {"title": "Baku Forum 2028", "start_date": in_days(60),
                                                     "invite_participants": "on"})
    copy = Event.objects.get(slug="baku-forum-2028")
    assert list(copy.participations.order_by("company__name").values_list("company__name", "status")) == [
        ("Caspian Foods", "pending"), ("Highland Coffee", "pending")]


def test_duplicate_works_for_a_draft_event(organizer, as_role):
    draft = EventFactory(slug="draft-forum", status="draft", organizers=[organizer])
    response = as_role("organizer").post(duplicate_url(draft), {"title": "Next", "start_date": in_days(60)})
    assert (response.status_code, response.url) == (302, reverse("events:edit", args=["next"]))


@pytest.mark.parametrize(("data", "field", "error"), [
    ({"title": "", "start_date": "2031-05-20"}, "title", "This field is required."),
    ({"title": "Two\nlines", "start_date": "2031-05-20"}, "title", None),
    ({"title": "Next", "start_date": ""}, "start_date", "This field is required."),
    ({"title": "Next", "start_date": "20/05/2031"}, "start_date", "Enter a valid date."),
    ({"title": "Next", "start_date": "yesterday"}, "start_date", "Enter a valid date."),
    ({"title": "Next", "start_date": str(timezone.localdate() - timedelta(days=1))}, "start_date",
     "The first day is in the past."),
    ({"title": "Next", "start_date": "0001-01-01"}, "start_date", None),
    ({"title": "Next", "start_date": "2999-01-01"}, "start_date", None),
    ({"title": "x" * 201, "start_date": "2031-05-20"}, "title", None),
])
def test_duplicate_bad_input_changes_nothing(event, as_role, data, field, error):
    before = Event.objects.count()
    response = as_role("organizer").post(duplicate_url(event), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if error:
        assert errors[field] == [error]
    assert Event.objects.count() == before


def test_duplicate_refuses_a_last_day_beyond_the_plausible_range(event, as_role):
    """The first day is plausible, the last one (moved with it) is not."""
    from events.validators import PLAUSIBLE_DAYS

    Event.objects.filter(pk=event.pk).update(end_date=event.start_date + timedelta(days=5))
    start = timezone.localdate() + timedelta(days=PLAUSIBLE_DAYS - 2)
    response = as_role("organizer").post(duplicate_url(event), {"title": "Next", "start_date": start})
    assert (response.status_code, list(response.context["form"].errors)) == (200, ["start_date"])


def test_duplicate_unknown_event_is_404(all_roles, as_role):
    assert as_role("organizer").get(reverse("events:duplicate", args=["no-such-event"])).status_code == 404


def test_organizer_nav_links_to_duplicate(event, as_role):
    response = as_role("organizer").get(reverse("events:dashboard", args=[event.slug]))
    assert f'href="{duplicate_url(event)}"' in response.content.decode()


def test_invitation_needs_a_member_to_notify(event, organizer):
    """A company without members is invited all the same (nobody to tell)."""
    ParticipationFactory(event=event, company=CompanyFactory(name="Nobody Home"))
    copy = duplicate_event(source=event, title="Next", start_date=in_days(60), invite_participants=True)
    assert (list(copy.participations.values_list("company__name", flat=True)),
            Notification.objects.count()) == (["Nobody Home"], 0)
