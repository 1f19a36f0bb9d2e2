"""Feedback after the event and follow-up outcomes (events.services.feedback, events.views.feedback)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from events import services
from events.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    Participation,
    Session,
    TimeSlot,
)
from events.services import feedback
from tests.events.conftest import EVENT_ROLES
from tests.factories import EventFactory, MembershipFactory, SessionFactory, UserFactory, join, meet

SITE = "http://127.0.0.1:8000"


# Helpers -----------------------------------------------------------------------------------------------------


def move_back(event: Event, *, ended_days_ago: int) -> Event:
    """Move the event (dates, sessions, slots) into the past, so that its last day was `ended_days_ago` days
    ago in its time zone; the meetings booked in it keep their slots."""
    today = timezone.localtime(timezone.now(), event.tz).date()
    delta = event.end_date - (today - timedelta(days=ended_days_ago))
    Event.objects.filter(pk=event.pk).update(
        start_date=event.start_date - delta, end_date=event.end_date - delta,
        registration_opens=event.registration_opens - delta, registration_closes=event.registration_closes - delta)
    for session in Session.objects.filter(event=event):
        Session.objects.filter(pk=session.pk).update(date=session.date - delta)
    for slot in TimeSlot.objects.filter(event=event):
        TimeSlot.objects.filter(pk=slot.pk).update(starts_at=slot.starts_at - delta, ends_at=slot.ends_at - delta)
    event.refresh_from_db()
    return event


def on_day(event: Event, days_after_end: int, hour: int = 8, minute: int = 0) -> datetime:
    """A moment `days_after_end` days after the event's last day, at that hour in the event's time zone."""
    day = event.end_date + timedelta(days=days_after_end)
    return datetime.combine(day, time(hour, minute), tzinfo=event.tz)


def direct_meeting(event, a, b, *, like):
    """A meeting of `a` and `b` in the slot of meeting `like`, at the event's last table, written directly (the
    event is over, so the services refuse new requests)."""
    request = MeetingRequest.objects.create(event=event, requester=a, recipient=b, status="accepted")
    return Meeting.objects.create(request=request, event=event, slot=like.slot, table=event.tables.last())


def answer(meeting, side, usefulness="informative", **kwargs):
    return MeetingFeedback.objects.create(meeting=meeting, participation=side, took_place=usefulness != "",
                                          usefulness=usefulness, **kwargs)


def when(meeting, language="en") -> str:
    with translation.override(language):
        local = timezone.localtime(meeting.slot.starts_at, meeting.event.tz)
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} (Asia/Baku)"


def token_in(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.fixture
def meeting(event, coffee, distributor, participant, other_participant):
    """Highland Coffee (VN) meets Caspian Foods (AZ) at 9:00; the event ended two days ago."""
    booked = meet(coffee, distributor)
    move_back(event, ended_days_ago=2)
    booked.refresh_from_db()
    return booked


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run the daily job's two functions with the mail sent at commit, as in production."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return feedback.request_feedback(now=now), feedback.send_follow_ups(now=now)

    return run


# Who is asked about what -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "absent", "asked"), [
    (MeetingStatus.SCHEDULED, None, {"coffee": True, "distributor": True}),
    (MeetingStatus.HELD, None, {"coffee": True, "distributor": True}),
    (MeetingStatus.NO_SHOW, "distributor", {"coffee": True, "distributor": False}),
    (MeetingStatus.NO_SHOW, None, {"coffee": False, "distributor": False}),
    (MeetingStatus.CANCELLED, None, {"coffee": False, "distributor": False}),
])
def test_which_side_is_asked_about_a_meeting(meeting, coffee, distributor, status, absent, asked):
    sides = {"coffee": coffee, "distributor": distributor}
    meeting.status, meeting.absent = status, sides.get(absent)

    assert {name: feedback.is_rated_by(meeting, side.pk) for name, side in sides.items()} == asked


# The feedback request ----------------------------------------------------------------------------------------


def test_feedback_request_is_one_email_per_company_in_its_language(meeting, event, coffee, distributor,
                                                                   participant, other_participant, jobs):
    colleague = MembershipFactory(company=coffee.company, user=UserFactory(username="colleague"),
                                  role="member").user
    MembershipFactory(company=coffee.company, user=UserFactory(username="gone", is_active=False), role="member")
    coffee.company.email_language = "vi"
    coffee.company.save()

    assert jobs(on_day(event, 1)) == ((2, 0), 0)

    by_recipients = {tuple(message.to): message for message in mail.outbox}
    assert sorted(by_recipients) == [(colleague.email, participant.email), (other_participant.email,)]
    english = by_recipients[(other_participant.email,)]
    [link] = [line.strip() for line in english.body.splitlines() if line.strip().startswith(SITE)][:1]
    assert english.subject == "How did your meetings at Vietnam–Azerbaijan B2B Forum, Baku go?"
    assert english.body.splitlines()[4:6] == [f"- Highland Coffee, {when(meeting)}", f"  {link}"]
    assert link.startswith(f"{SITE}/en/events/feedback/")
    assert feedback.feedback_from_token(token_in(link)) == (meeting, distributor)
    assert f"{SITE}/en/events/baku-forum/agenda/" in english.body
    vietnamese = by_recipients[(colleague.email, participant.email)]
    [vi_link] = [line.strip() for line in vietnamese.body.splitlines() if line.strip().startswith(SITE)][:1]
    assert vi_link.startswith(f"{SITE}/vi/events/feedback/")
    assert f"- Caspian Foods, {when(meeting, 'vi')}" in vietnamese.body.splitlines()
    assert feedback.feedback_from_token(token_in(vi_link)) == (meeting, coffee)
    assert Participation.objects.filter(feedback_requested_at=on_day(event, 1)).count() == 2


def test_feedback_request_waits_for_the_last_day_to_pass_in_the_event_time_zone(meeting, event, jobs):
    assert jobs(on_day(event, 0, hour=23, minute=30)) == ((0, 0), 0)  # 19:30 UTC, still the last day in Baku
    assert jobs(on_day(event, 1, hour=0, minute=30)) == ((2, 0), 0)  # 20:30 UTC the same day, the next in Baku


def test_feedback_request_is_not_sent_twice(meeting, event, jobs):
    jobs(on_day(event, 1))
    mail.outbox.clear()

    assert jobs(on_day(event, 1, hour=9)) == ((0, 0), 0)
    assert jobs(on_day(event, 2)) == ((0, 0), 0)
    assert mail.outbox == []


def test_feedback_request_skips_companies_without_a_meeting_to_rate(meeting, event, coffee, distributor, jobs):
    ana = join(event, "Ana")  # takes part, no meeting
    meeting.status, meeting.absent = MeetingStatus.NO_SHOW, distributor
    meeting.save()

    assert jobs(on_day(event, 1)) == ((1, 0), 0)  # only Highland Coffee, which came
    assert [message.to for message in mail.outbox] == [["participant@example.com"]]
    assert Participation.objects.get(pk=ana.pk).feedback_requested_at is None


def test_feedback_request_skips_deactivated_companies_and_old_events(meeting, event, distributor, jobs):
    distributor.company.status = "deactivated"
    distributor.company.save()

    assert jobs(on_day(event, 1)) == ((1, 0), 0)
    other = move_back(EventFactory(slug="old-forum"), ended_days_ago=400)
    SessionFactory(event=other)
    assert jobs(on_day(other, 1) + timedelta(days=400)) == ((0, 0), 0)


def test_feedback_job_ignores_drafts_and_unfinished_events(meeting, event, jobs):
    Event.objects.filter(pk=event.pk).update(status="draft")

    assert jobs(on_day(event, 1)) == ((0, 0), 0)


# Reminders ---------------------------------------------------------------------------------------------------


def test_reminders_come_3_and_7_days_later_and_stop_at_two(meeting, event, jobs):
    jobs(on_day(event, 1))
    sent = [jobs(on_day(event, 1 + days)) for days in range(1, 15)]

    assert [days for days, run in enumerate(sent, start=1) if run != ((0, 0), 0)] == [3, 7]
    assert [run for run in sent if run != ((0, 0), 0)] == [((0, 2), 0), ((0, 2), 0)]
    assert set(Participation.objects.values_list("feedback_reminders_sent", "feedback_reminded_at")) == {
        (2, on_day(event, 8))}
    reminder = mail.outbox[-1]
    assert reminder.subject == "Reminder: your feedback on Vietnam–Azerbaijan B2B Forum, Baku"


def test_reminder_lists_only_unanswered_meetings_and_stops_when_all_are_answered(meeting, event, coffee,
                                                                               distributor, jobs):
    ana = join(event, "Ana")
    second = direct_meeting(event, ana, coffee, like=meeting)
    jobs(on_day(event, 1))
    answer(meeting, coffee)
    answer(meeting, distributor)
    mail.outbox.clear()

    assert jobs(on_day(event, 4)) == ((0, 2), 0)  # Highland Coffee and Ana, about their meeting together
    coffee_reminder = next(m for m in mail.outbox if m.to == ["participant@example.com"])
    assert [line for line in coffee_reminder.body.splitlines() if line.startswith("- ")] == [
        f"- Ana, {when(second)}"]
    answer(second, coffee)
    answer(second, ana)
    assert jobs(on_day(event, 8)) == ((0, 0), 0)


def test_two_reminders_due_at_once_go_out_on_two_days(meeting, event, jobs):
    jobs(on_day(event, 1))

    assert jobs(on_day(event, 10)) == ((0, 2), 0)
    assert jobs(on_day(event, 10, hour=20)) == ((0, 0), 0)  # the same day: nothing new
    assert jobs(on_day(event, 11)) == ((0, 2), 0)


# Follow-up ---------------------------------------------------------------------------------------------------


def test_follow_up_goes_to_the_sides_that_rated_cooperation_possible_after_the_delay(meeting, event, coffee,
                                                                                   distributor, jobs):
    Event.objects.filter(pk=event.pk).update(follow_up_days=30)
    event.refresh_from_db()
    answer(meeting, coffee, "cooperation")
    answer(meeting, distributor, "informative")
    jobs(on_day(event, 1))
    mail.outbox.clear()

    assert jobs(on_day(event, 29)) == ((0, 0), 0)
    assert jobs(on_day(event, 30)) == ((0, 0), 1)
    assert jobs(on_day(event, 31)) == ((0, 0), 0)

    [message] = mail.outbox
    assert message.to == ["participant@example.com"]
    assert message.subject == "What came of your meetings at Vietnam–Azerbaijan B2B Forum, Baku?"
    [link] = [line.strip() for line in message.body.splitlines() if line.strip().startswith(SITE)]
    assert f"- Caspian Foods, {when(meeting)}" in message.body.splitlines()
    assert link.startswith(f"{SITE}/en/events/outcome/")
    assert feedback.outcome_from_token(token_in(link)) == (meeting, coffee)
    assert list(Participation.objects.filter(follow_up_sent_at__isnull=False)) == [coffee]


def test_feedback_closes_on_the_follow_up_day(meeting, event, coffee):
    answer(meeting, coffee, "cooperation")
    coffee.refresh_from_db()

    assert feedback.feedback_is_open(coffee, on_day(event, event.follow_up_days - 1, hour=23)) is True
    assert feedback.feedback_is_open(coffee, on_day(event, event.follow_up_days)) is False


def test_daily_command_runs_the_feedback_jobs(meeting, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")

    assert capsys.readouterr().out == ("Expired 0 pending requests; sent 0 reminders, 2 feedback requests, "
                                       "0 feedback reminders and 0 follow-ups.\n")
    assert len(mail.outbox) == 2


# Signed links ------------------------------------------------------------------------------------------------


def test_signed_link_opens_the_form_without_login(meeting, coffee, client):
    response = client.get(feedback.feedback_link(meeting.pk, coffee.pk))

    assert (response.status_code, response.context["participation"], response.context["state"]) == (
        200, coffee, "open")
    assert response.context["partner"] == meeting.request.recipient.company


def test_signed_link_saves_the_feedback_of_its_side(meeting, coffee, client):
    link = feedback.feedback_link(meeting.pk, coffee.pk)

    response = client.post(link, {"took_place": "yes", "usefulness": "cooperation", "note": "Samples in May."})

    assert (response.status_code, response.url) == (302, link)
    assert list(MeetingFeedback.objects.values_list("participation", "took_place", "usefulness", "note")) == [
        (coffee.pk, True, "cooperation", "Samples in May.")]


def test_tampered_link_is_a_clear_404(meeting, coffee, client):
    token = token_in(feedback.feedback_link(meeting.pk, coffee.pk))
    forged = token.replace(str(meeting.pk), str(meeting.pk + 1), 1)

    response = client.get(reverse("events:feedback_signed", args=[forged + "x"]))

    assert response.status_code == 404
    assert response.context["message"] == str(feedback.LINK_INVALID)
    assert 'href="/en/accounts/login/?next=/en/events/mine/"' in response.content.decode()


def test_expired_link_is_a_clear_410(meeting, coffee, client, settings):
    link = feedback.feedback_link(meeting.pk, coffee.pk)
    settings.FEEDBACK_LINK_MAX_AGE_DAYS = 0  # signed more than 0 days ago: expired

    response = client.get(link)

    assert (response.status_code, response.context["message"]) == (410, str(feedback.LINK_EXPIRED))


def test_a_feedback_link_is_not_an_outcome_link(meeting, coffee, client):
    token = token_in(feedback.feedback_link(meeting.pk, coffee.pk))

    assert client.get(reverse("events:outcome_signed", args=[token])).status_code == 404


def test_signed_link_for_a_company_that_is_not_a_side_of_the_meeting_is_refused(meeting, event, client):
    stranger = join(event, "Ana")
    token = signing.TimestampSigner(salt=feedback.FEEDBACK_SALT).sign_object([meeting.pk, stranger.pk])

    response = client.get(reverse("events:feedback_signed", args=[token]))

    assert (response.status_code, response.context["message"]) == (404, str(feedback.LINK_INVALID))


def test_signed_link_shows_only_its_own_sides_answers(meeting, coffee, distributor, client):
    answer(meeting, distributor, "insufficient", note="Not for us.")

    response = client.get(feedback.feedback_link(meeting.pk, coffee.pk))

    assert (response.context["feedback"], "Not for us." in response.content.decode()) == (None, False)


def test_signed_link_of_a_cancelled_meeting_is_gone(meeting, coffee, client):
    link = feedback.feedback_link(meeting.pk, coffee.pk)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)

    response = client.get(link)

    assert (response.status_code, response.context["message"]) == (410, str(feedback.LINK_GONE))


# The feedback form -------------------------------------------------------------------------------------------


def feedback_url(meeting):
    return reverse("events:feedback", args=[meeting.event.slug, meeting.pk])


def outcome_url(meeting):
    return reverse("events:outcome", args=[meeting.event.slug, meeting.pk])


def answers_url(meeting):
    return reverse("events:meeting_answers", args=[meeting.event.slug, meeting.pk])


def member_matrix():
    expected = {"anonymous": 302, "participant": 200, "other_participant": 200, "non_participant": 403,
                "organizer": 403, "other_organizer": 403, "co_organizer": 403, "viewer": 403, "staff": 403}
    return [(role, expected[role]) for role in EVENT_ROLES]


@pytest.mark.parametrize(("role", "status"), member_matrix())
def test_feedback_and_outcome_forms_permission_matrix(all_roles, meeting, as_role, role, status):
    client = as_role(role)

    assert (client.get(feedback_url(meeting)).status_code, client.get(outcome_url(meeting)).status_code) == (
        status, status)


@pytest.mark.parametrize(("role", "status"), [
    (role, {"anonymous": 302, "organizer": 200, "co_organizer": 200, "viewer": 200, "staff": 200}.get(role, 403))
    for role in EVENT_ROLES])
def test_organizer_answers_page_permission_matrix(all_roles, meeting, as_role, role, status):
    assert as_role(role).get(answers_url(meeting)).status_code == status


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_signed_links_need_no_login_whoever_opens_them(all_roles, meeting, coffee, as_role, role):
    answer(meeting, coffee, "cooperation")
    client = as_role(role)

    assert (client.get(feedback.feedback_link(meeting.pk, coffee.pk)).status_code,
            client.get(feedback.outcome_link(meeting.pk, coffee.pk)).status_code) == (200, 200)


def test_form_of_a_meeting_of_other_companies_is_404(meeting, event, as_role, participant):
    ana, bao = join(event, "Ana"), join(event, "Bao")
    other = direct_meeting(event, ana, bao, like=meeting)

    assert as_role("participant").get(feedback_url(other)).status_code == 404


def test_each_side_sees_and_saves_its_own_feedback(meeting, coffee, distributor, as_role, participant):
    answer(meeting, distributor, "insufficient", note="Prices too high.")
    client = as_role("participant")

    response = client.post(feedback_url(meeting), {"took_place": "yes", "usefulness": "informative", "note": ""})

    assert response.status_code == 302
    assert dict(MeetingFeedback.objects.values_list("participation", "usefulness")) == {
        coffee.pk: "informative", distributor.pk: "insufficient"}
    assert "Prices too high." not in client.get(feedback_url(meeting)).content.decode()


def test_feedback_can_be_changed(meeting, coffee, as_role, participant):
    answer(meeting, coffee, "informative")
    client = as_role("participant")

    assert client.get(feedback_url(meeting)).context["form"].initial == {
        "took_place": "yes", "usefulness": "informative", "note": ""}
    client.post(feedback_url(meeting), {"took_place": "no", "note": "They did not come."})

    assert list(MeetingFeedback.objects.values_list("took_place", "usefulness", "note")) == [
        (False, "", "They did not come.")]


@pytest.mark.parametrize(("data", "errors"), [
    ({"took_place": "yes", "note": ""}, {"usefulness": ["Say how useful the meeting was."]}),
    ({"took_place": "no", "usefulness": "informative"},
     {"usefulness": ["Leave this empty: a meeting that did not take place is not rated."]}),
    ({"usefulness": "informative"}, {"took_place": ["This field is required."]}),
    ({"took_place": "maybe"},
     {"took_place": ["Select a valid choice. maybe is not one of the available choices."]}),
    ({"took_place": "yes", "usefulness": "great"},
     {"usefulness": ["Select a valid choice. great is not one of the available choices."]}),
    ({"took_place": "yes", "usefulness": "informative", "note": "x" * 1001},
     {"note": ["Ensure this value has at most 1000 characters (it has 1001)."]}),
])
def test_feedback_form_bad_input(meeting, as_role, participant, data, errors):
    response = as_role("participant").post(feedback_url(meeting), data)

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    assert MeetingFeedback.objects.count() == 0


def test_feedback_is_read_only_after_the_follow_up(meeting, coffee, as_role, participant):
    answer(meeting, coffee, "cooperation", note="Call in June.")
    Participation.objects.filter(pk=coffee.pk).update(follow_up_sent_at=timezone.now())
    client = as_role("participant")

    page = client.get(feedback_url(meeting))
    refused = client.post(feedback_url(meeting), {"took_place": "no"}, follow=True)

    assert (page.context["state"], "Call in June." in page.content.decode()) == ("closed", True)
    assert [str(m) for m in refused.context["messages"]] == [str(feedback.FEEDBACK_CLOSED)]
    assert list(MeetingFeedback.objects.values_list("took_place", "usefulness")) == [(True, "cooperation")]


def test_the_service_refuses_closed_feedback_too(meeting, coffee):
    Participation.objects.filter(pk=coffee.pk).update(follow_up_sent_at=timezone.now())

    with pytest.raises(services.EventError, match="The feedback on this event is closed"):
        feedback.save_feedback(meeting=meeting, participation=coffee, took_place=True, usefulness="informative",
                               note="")
    assert MeetingFeedback.objects.count() == 0


def test_feedback_on_a_meeting_still_to_come_is_refused(event, coffee, distributor, as_role, participant):
    upcoming = meet(coffee, distributor)
    client = as_role("participant")

    page = client.get(feedback_url(upcoming))
    refused = client.post(feedback_url(upcoming), {"took_place": "yes", "usefulness": "informative"}, follow=True)

    assert page.context["state"] == "not_yet"
    assert [str(m) for m in refused.context["messages"]] == [str(feedback.NOT_YET)]
    assert MeetingFeedback.objects.count() == 0


# The outcome form --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "saved"), [
    ({"result": "negotiation"}, ("negotiation", "", None)),
    ({"result": "agreement", "agreement_kind": "distribution", "value_usd": "250000.50"},
     ("agreement", "distribution", Decimal("250000.50"))),
    ({"result": "agreement", "agreement_kind": "memorandum", "value_usd": ""}, ("agreement", "memorandum", None)),
    ({"result": "nothing"}, ("nothing", "", None)),
])
def test_outcome_is_saved(meeting, coffee, as_role, participant, data, saved):
    answer(meeting, coffee, "cooperation")

    response = as_role("participant").post(outcome_url(meeting), data)

    assert response.status_code == 302
    assert list(MeetingOutcome.objects.values_list("result", "agreement_kind", "value_usd")) == [saved]


@pytest.mark.parametrize(("data", "errors"), [
    ({"result": "agreement", "value_usd": "1000"}, {"agreement_kind": ["Choose the kind of agreement."]}),
    ({"result": "negotiation", "agreement_kind": "sales"},
     {"agreement_kind": ["Leave this empty unless an agreement was signed."]}),
    ({"result": "nothing", "value_usd": "10"}, {"value_usd": ["Leave this empty unless an agreement was signed."]}),
    ({"result": "agreement", "agreement_kind": "sales", "value_usd": "-1"},
     {"value_usd": ["Ensure this value is greater than or equal to 0."]}),
    ({"result": "agreement", "agreement_kind": "sales", "value_usd": "10.555"},
     {"value_usd": ["Ensure that there are no more than 2 decimal places."]}),
    ({"result": "agreement", "agreement_kind": "sales", "value_usd": "1" * 13},
     {"value_usd": ["Ensure that there are no more than 12 digits before the decimal point."]}),
    ({"result": "agreement", "agreement_kind": "sales", "value_usd": "NaN"}, {"value_usd": ["Enter a number."]}),
    ({"result": "agreement", "agreement_kind": "barter"},
     {"agreement_kind": ["Select a valid choice. barter is not one of the available choices."]}),
    ({}, {"result": ["This field is required."]}),
])
def test_outcome_form_bad_input(meeting, coffee, as_role, participant, data, errors):
    answer(meeting, coffee, "cooperation")

    response = as_role("participant").post(outcome_url(meeting), data)

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    assert MeetingOutcome.objects.count() == 0


def test_both_sides_outcomes_are_kept_separately_and_can_be_changed(meeting, coffee, distributor, client):
    answer(meeting, coffee, "cooperation")
    answer(meeting, distributor, "cooperation")
    coffee_link, distributor_link = (feedback.outcome_link(meeting.pk, side.pk) for side in (coffee, distributor))

    client.post(coffee_link, {"result": "negotiation"})
    client.post(distributor_link, {"result": "agreement", "agreement_kind": "sales", "value_usd": "12000"})
    client.post(coffee_link, {"result": "agreement", "agreement_kind": "sales"})

    assert sorted(MeetingOutcome.objects.values_list("participation", "result", "agreement_kind", "value_usd")) == [
        (coffee.pk, "agreement", "sales", None), (distributor.pk, "agreement", "sales", Decimal("12000"))]


def test_outcome_only_for_a_meeting_rated_cooperation_possible(meeting, coffee, as_role, participant):
    answer(meeting, coffee, "informative")
    client = as_role("participant")

    page = client.get(outcome_url(meeting))
    refused = client.post(outcome_url(meeting), {"result": "nothing"}, follow=True)

    assert page.context["promising"] is False
    assert [str(m) for m in refused.context["messages"]] == [str(feedback.NOT_RATED_PROMISING)]
    assert MeetingOutcome.objects.count() == 0


# The agenda and the organizer --------------------------------------------------------------------------------


def test_agenda_links_each_past_meeting_to_its_feedback(meeting, event, coffee, distributor, as_role, participant):
    client = as_role("participant")

    before = client.get(reverse("events:agenda", args=[event.slug])).content.decode()
    answer(meeting, coffee, "cooperation")
    after = client.get(reverse("events:agenda", args=[event.slug])).content.decode()

    assert (f'href="{feedback_url(meeting)}">Give feedback</a>' in before, "What came of it?" in before) == (
        True, False)
    assert (f'href="{feedback_url(meeting)}">Edit your feedback</a>' in after,
            f'href="{outcome_url(meeting)}">What came of it?</a>' in after) == (True, True)


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count_is_constant_with_past_meetings(event, coffee, as_role, participant, count):
    event.max_meetings = 20
    event.save()
    services.set_table_count(event=event, count=10)
    partners = [join(event, f"Partner {n}") for n in range(3)]  # one per slot
    for partner in partners[:count]:
        meet(coffee, partner)
    move_back(event, ended_days_ago=2)
    for meeting in Meeting.objects.filter(event=event):
        answer(meeting, coffee, "cooperation")
    client = as_role("participant")
    agenda = reverse("events:agenda", args=[event.slug])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(agenda)

    assert response.content.decode().count("Edit your feedback") == count
    assert len(queries) == 12  # the agenda's 10, then the side's feedback and its outcomes


def test_organizer_sees_both_sides_answers(meeting, coffee, distributor, as_role, organizer):
    answer(meeting, coffee, "cooperation", note="Samples in May.")
    MeetingOutcome.objects.create(meeting=meeting, participation=coffee, result="agreement", agreement_kind="sales",
                                  value_usd=Decimal("5000"))

    response = as_role("organizer").get(answers_url(meeting))

    answers = [(a["company"].name, a["feedback"] and a["feedback"].usefulness, a["outcome"] and a["outcome"].result)
               for a in response.context["answers"]]
    assert answers == [("Highland Coffee", "cooperation", "agreement"), ("Caspian Foods", None, None)]
    assert "Samples in May." in response.content.decode()


# The event form ----------------------------------------------------------------------------------------------


def test_event_form_sets_the_follow_up_delay_and_refuses_a_bad_one(event, as_role, organizer):
    from events.forms import EventForm

    form = EventForm(instance=event)
    data = {name: form[name].value() for name in form.fields
            if name != "focus_sectors" and form[name].value() is not None}
    client = as_role("organizer")

    refused = client.post(reverse("events:edit", args=[event.slug]), {**data, "follow_up_days": "7"})
    saved = client.post(reverse("events:edit", args=[event.slug]), {**data, "follow_up_days": "120"})

    assert refused.context["form"].errors == {"follow_up_days": ["Ensure this value is greater than or equal to 14."]}
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.follow_up_days == 120


# Concurrency (PostgreSQL) ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
def test_two_runs_at_the_same_time_send_each_email_once(meeting, event):
    from tests.events.test_concurrency import run_together

    now = on_day(event, 1)
    mail.outbox.clear()  # the booking's notices
    outcomes, errors = run_together(lambda: feedback.request_feedback(now=now),
                                    lambda: feedback.request_feedback(now=now))

    assert (errors, sorted(outcomes)) == ([], [(0, 0), (2, 0)])
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
def test_feedback_saved_while_the_follow_up_runs_is_refused_or_followed_up(meeting, event, coffee):
    from tests.events.test_concurrency import run_together

    answer(meeting, coffee, "cooperation")
    Event.objects.filter(pk=event.pk).update(follow_up_days=14)
    event.refresh_from_db()
    now = on_day(event, 14)

    def change():
        try:
            return feedback.save_feedback(meeting=meeting, participation=coffee, took_place=False, usefulness="",
                                          note="", now=on_day(event, 13, hour=23, minute=59))
        except services.EventError as error:
            return str(error)

    outcomes, errors = run_together(change, lambda: feedback.send_follow_ups(now=now))

    # Either the change came first (no promising meeting left, no follow-up) or the follow-up did (change refused).
    follow_ups = outcomes[1]
    assert errors == []
    assert (follow_ups, isinstance(outcomes[0], str)) in {(0, False), (1, True)}
