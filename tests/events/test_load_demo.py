from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from companies.demo_data import DEMO_COMPANIES
from companies.models import Company, Membership
from events.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    Notification,
    Participation,
    SuccessStory,
    SuccessStoryText,
)
from events.story_selectors import featured_stories, public_stories
from matchmaking.models import CandidateKey


@pytest.fixture(autouse=True)
def development(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_load_demo_creates_companies_and_accounts_once(capsys):
    call_command("load_demo", "--no-logos")
    first = capsys.readouterr().out
    call_command("load_demo", "--no-logos")
    second = capsys.readouterr().out

    assert Company.objects.count() == len(DEMO_COMPANIES) == 60
    assert get_user_model().objects.count() == 6
    assert EmailAddress.objects.filter(verified=True).count() == 6
    assert "Demo companies: 60 created, 0 already there." in first
    assert "Demo companies: 0 created, 60 already there." in second
    assert "owner.vn@tradebridge.example" in second and "demo-owner-vn-2026" in second


@pytest.mark.django_db
def test_load_demo_companies_are_realistic():
    call_command("load_demo", "--no-logos")

    assert {"VN", "AZ"} <= set(Company.objects.values_list("country", flat=True))
    assert Company.objects.filter(women_led=True).count() >= 10
    assert Company.objects.approved().count() == 57
    assert all(c.sectors.exists() and c.languages.exists() for c in Company.objects.all())
    owners = Membership.objects.filter(role="owner").select_related("company", "user")
    assert sorted((m.user.email, m.company.country) for m in owners) == [
        ("owner.az@tradebridge.example", "AZ"), ("owner.vn@tradebridge.example", "VN"),
    ]


@pytest.mark.django_db
def test_load_demo_creates_two_living_events_once():
    call_command("load_demo", "--no-logos")
    call_command("load_demo", "--no-logos")

    events = Event.objects.filter(start_date__gte=timezone.localdate()).order_by("start_date")
    assert [(e.city, e.status, e.time_zone) for e in events] == [
        ("Bakı", "published", "Asia/Baku"), ("Thành phố Hồ Chí Minh", "published", "Asia/Ho_Chi_Minh")]
    baku = events[0]
    assert baku.tables.count() == 30
    assert baku.sessions.count() == 2
    assert baku.participations.filter(status="pending").exists()
    assert set(baku.requests.values_list("status", flat=True)) == {"accepted", "pending", "declined"}
    assert Meeting.objects.filter(event=baku, slot__isnull=False).count() >= 8
    # Bookings went through the services, so the demo owners find notices waiting for them.
    assert Notification.objects.filter(user__email="owner.vn@tradebridge.example").exists()
    # The Baku forum shows who is coming (those who agreed); the Ho Chi Minh City event is hybrid.
    assert baku.public_participant_list is True
    assert 0 < baku.participations.filter(listed_publicly=True).count() < baku.participations.count()
    assert (events[1].format, events[1].participations.filter(attendance_mode="online").exists()) == ("hybrid", True)


@pytest.mark.django_db
def test_load_demo_draws_logos(media_root):
    call_command("load_demo")

    company = Company.objects.exclude(logo="").first()
    assert company.logo.name.endswith(".webp")
    assert (media_root / company.logo_thumbnail.name).exists()


@pytest.mark.django_db
def test_load_demo_synthetic_companies_are_bulk_created(capsys):
    call_command("load_demo", "--no-logos", "--companies", "250")
    call_command("load_demo", "--no-logos", "--companies", "10")

    synthetic = Company.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 260
    assert synthetic.approved().count() == 260
    assert all(1 <= c.sectors.count() <= 3 for c in synthetic[:50])
    assert "Synthetic companies: 10 created, with " in capsys.readouterr().out
    assert CandidateKey.objects.filter(company__in=synthetic).count() == 260


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("load_demo")

    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_owners_take_part_in_every_event():
    call_command("load_demo", "--no-logos")

    for email in ("owner.vn@tradebridge.example", "owner.az@tradebridge.example"):
        company = Membership.objects.get(user__email=email).company
        assert sorted(company.participations.values_list("status", flat=True)) == ["approved"] * 3


@pytest.mark.django_db
def test_load_demo_leaves_one_meeting_for_schedule_all_to_place():
    from events.planning import propose_plan

    call_command("load_demo", "--no-logos")

    baku = Event.objects.get(title="Vietnam–Azerbaijan B2B Forum, Baku")
    plan = propose_plan(baku)
    assert Meeting.objects.filter(event=baku, slot__isnull=True).count() == 1
    assert (plan.placed_before, plan.placed, plan.left_out) == (plan.total - 1, plan.total, 0)


PAST_FORUM = "Vietnam–Azerbaijan Agri-Food Forum, Baku"


@pytest.mark.django_db
def test_load_demo_creates_a_past_event_with_attendance_once():
    call_command("load_demo", "--no-logos")
    call_command("load_demo", "--no-logos")

    forum = Event.objects.get(title=PAST_FORUM)
    assert (forum.status, forum.start_date < timezone.localdate() - timedelta(days=90)) == ("published", True)
    participations = Participation.objects.filter(event=forum)
    assert participations.count() == 16
    assert participations.filter(checked_in_at__isnull=True).count() == 1
    meetings = Meeting.objects.filter(event=forum)
    assert meetings.filter(slot__isnull=True).count() == 0
    assert set(meetings.values_list("status", flat=True)) == {"held", "no_show"}
    assert meetings.filter(status="held").count() > meetings.filter(status="no_show").count() >= 3
    assert not meetings.filter(status="no_show", absent__isnull=True).exists()
    assert meetings.filter(status="held", absent__isnull=False).count() == 0


@pytest.mark.django_db
def test_load_demo_past_event_has_feedback_and_outcomes():
    call_command("load_demo", "--no-logos")

    forum = Event.objects.get(title=PAST_FORUM)
    feedback = MeetingFeedback.objects.filter(meeting__event=forum)
    assert set(feedback.values_list("usefulness", flat=True)) == {"", "insufficient", "informative", "cooperation"}
    assert not feedback.filter(took_place=False).exclude(usefulness="").exists()
    outcomes = MeetingOutcome.objects.filter(meeting__event=forum)
    assert set(outcomes.values_list("result", flat=True)) == {"negotiation", "agreement", "nothing"}
    assert outcomes.filter(result="agreement", value_usd__isnull=False).exists()
    assert not outcomes.filter(result="agreement", agreement_kind="").exists()


@pytest.mark.django_db
def test_load_demo_publishes_three_stories_once():
    call_command("load_demo", "--no-logos")
    call_command("load_demo", "--no-logos")

    stories = SuccessStory.objects.order_by("-published_at")
    assert [s.pk for s in public_stories()] == [s.pk for s in stories]
    assert stories.count() == 3
    assert [s.author.name for s in featured_stories()] == ["Abşeron Qəhvə Evi MMC"]
    assert stories.filter(author__women_led=True, women_led=True).exists()
    assert sorted(SuccessStoryText.objects.values_list("language", flat=True)) == ["az"] * 3 + ["en"] * 3 + ["vi"] * 3
    # Each is told from a meeting of the forum for which an agreement was recorded.
    assert all(s.meeting.event.title == PAST_FORUM and s.meeting.outcomes.filter(result="agreement").exists()
               for s in stories)


@pytest.mark.django_db
def test_load_demo_shows_the_organizers_tools_at_the_baku_forum():
    call_command("load_demo", "--no-logos")

    event = Event.objects.get(title="Vietnam–Azerbaijan B2B Forum, Baku")
    assert sorted(event.organizers.values_list("email", flat=True)) == [
        "colleague@tradebridge.example", "organizer@tradebridge.example"]
    assert list(event.viewers.values_list("email", flat=True)) == ["observer@tradebridge.example"]
    assert list(event.organizer_invitations.filter(accepted_at__isnull=True).values_list("email", "role")) == [
        ("trade.office@vn-embassy.example", "viewer")]
    # Full at 24; one company withdrew, and its place went to the first of the three in line.
    statuses = {status: event.participations.filter(status=status) for status in Participation.Status.values}
    assert (event.participant_cap, statuses["approved"].count()) == (24, 23)
    assert statuses["withdrawn"].count() == 1
    offered = statuses["pending"].filter(offered_at__isnull=False)
    assert offered.count() == 1
    assert statuses["waiting"].count() == 2
    assert offered.get().registered_at < statuses["waiting"].order_by("registered_at").first().registered_at
    questions = list(event.questions.order_by("position"))
    assert [q.kind for q in questions] == ["yes_no", "choice", "text"]
    assert all(q.text_en and q.text_vi and q.text_az for q in questions)
    # every registration answered the two required questions
    registrations = event.participations.count()
    assert [q.answers.count() for q in questions[:2]] == [registrations, registrations]
    assert event.participant_invitations.count() == 2
