"""Organizer announcements (events.services.announcements, events.views.announcements): who is in each group,
which language each company reads, the form's refusals, the daily limit, delivery through the task after commit,
who may see which page, and how many queries the pages take.

The event (tests/events/conftest.py) is in Baku, in person, with Highland Coffee (VN) and Caspian Foods (AZ)
approved. Emails are sent as in production: the service enqueues the fan-out task at commit, the task renders one
email per member, config.mail enqueues its delivery at commit; the immediate tasks backend runs both at once.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Company
from events.errors import EventError
from events.forms_announcements import AnnouncementForm
from events.models import Announcement, AnnouncementAudience, Event, Meeting, Notification, Participation
from events.notice_counts import unread_notice_count
from events.notifications import MESSAGES
from events.services import announcements as service
from events.services.announcements import DAILY_LIMIT, send_announcement
from tests.events.conftest import EVENT_ROLES
from tests.factories import EventFactory, MembershipFactory, UserFactory, join, meet

APPROVED, PENDING, NO_MEETINGS, ONLINE = (AnnouncementAudience.APPROVED, AnnouncementAudience.PENDING,
                                          AnnouncementAudience.NO_MEETINGS, AnnouncementAudience.ONLINE)
EN = {"en": ("Venue change", "The forum moves to hall B.\nSee you there!")}
EN_VI = EN | {"vi": ("Đổi địa điểm", "Diễn đàn chuyển sang hội trường B.")}


def names(participations) -> list[str]:
    return sorted(p.company.name for p in participations)


def set_language(participation: Participation, language: str) -> None:
    Company.objects.filter(pk=participation.company_id).update(email_language=language)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send as the site does, with what runs at commit (the task, then each email's delivery) run."""

    def run(event, *, author, audience=APPROVED, texts=EN, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_announcement(event=event, author=author, audience=audience, texts=texts, **kwargs)

    return run


# Who is in each group ---------------------------------------------------------------------------------------------


@pytest.fixture
def crowd(event):
    """Every kind of registration of the in-person event."""
    free = join(event, "Free Trade")
    busy, partner = join(event, "Busy Trade"), join(event, "Partner Trade")
    meet(busy, partner)
    cancelled_only = join(event, "Cancelled Trade")
    Meeting.objects.filter(pk=meet(cancelled_only, join(event, "Gone Trade")).pk).update(status="cancelled")
    Participation.objects.filter(company__name="Gone Trade").update(status="declined")
    join(event, "Waiting Trade", status="pending")
    join(event, "Refused Trade", status="declined")
    suspended = join(event, "Suspended Trade")
    Company.objects.filter(pk=suspended.company_id).update(status="suspended")
    return free


def test_audiences_of_an_event_in_person(crowd, event):
    groups = {audience: names(service.audience_participations(event, audience)) for audience in service.GROUPS}

    assert groups == {
        APPROVED: ["Busy Trade", "Cancelled Trade", "Free Trade", "Partner Trade"],
        PENDING: ["Waiting Trade"],
        NO_MEETINGS: ["Cancelled Trade", "Free Trade"],
        ONLINE: [],
    }
    assert service.audience_counts(event) == {APPROVED: 4, PENDING: 1, NO_MEETINGS: 2, ONLINE: 0}


def test_an_accepted_meeting_without_a_slot_counts_as_a_meeting(db):
    event = EventFactory()  # no session, so no slot to book
    first, second = join(event, "First Trade"), join(event, "Second Trade")
    meeting = meet(first, second)
    assert meeting.slot_id is None

    assert names(service.audience_participations(event, NO_MEETINGS)) == []


def test_audiences_of_a_hybrid_event(db):
    event = EventFactory(format="hybrid")
    join(event, "Online Trade", attendance_mode="online")
    join(event, "Onsite Trade", attendance_mode="on_site")
    join(event, "Waiting Online", attendance_mode="online", status="pending")
    join(event, "Refused Online", attendance_mode="online", status="declined")

    assert names(service.audience_participations(event, ONLINE)) == ["Online Trade"]
    assert names(service.audience_participations(event, APPROVED)) == ["Online Trade", "Onsite Trade"]
    assert service.audience_counts(event) == {APPROVED: 2, PENDING: 1, NO_MEETINGS: 2, ONLINE: 1}


def test_every_approved_participant_of_an_online_event_is_online(db):
    event = EventFactory(format="online", venue="")
    join(event, "Alpha Trade", attendance_mode="online")
    join(event, "Beta Trade")  # the default mode does not matter at an online event
    join(event, "Waiting Trade", status="pending")

    assert names(service.audience_participations(event, ONLINE)) == ["Alpha Trade", "Beta Trade"]


def test_unknown_audience_is_refused(event):
    with pytest.raises(ValueError):
        service.audience_participations(event, "everyone")
    with pytest.raises(EventError):
        send_announcement(event=event, author=None, audience="everyone", texts=EN)


# Delivery: the task, the languages, the emails and the notices -----------------------------------------------


@pytest.fixture
def readers(event, organizer):
    """Three companies reading English, Vietnamese and Azerbaijani; the Vietnamese one has two members."""
    en, vi, az = join(event, "English Trade"), join(event, "Viet Trade"), join(event, "Azeri Trade")
    set_language(vi, "vi")
    set_language(az, "az")
    MembershipFactory(company=vi.company, user=UserFactory(username="viet.member", email="viet.member@example.com"),
                      role="member")
    return SimpleNamespace(en=en, vi=vi, az=az)


def outbox() -> list[tuple[str, list[str]]]:
    return sorted((message.subject, message.to) for message in mail.outbox)


def test_each_recipient_gets_its_language_else_the_first_written(readers, event, organizer, send):
    send(event, author=organizer, texts=EN_VI)

    title = event.title
    assert outbox() == [
        (f"[{title}] Venue change", ["azeri.trade@example.com"]),  # no Azerbaijani text: English comes first
        (f"[{title}] Venue change", ["english.trade@example.com"]),
        (f"[{title}] Đổi địa điểm", ["viet.member@example.com"]),
        (f"[{title}] Đổi địa điểm", ["viet.trade@example.com"]),
    ]


def test_without_english_the_fallback_is_the_next_language_written(readers, event, organizer, send):
    texts = {"vi": ("Đổi địa điểm", "Hội trường B."), "az": ("Məkan dəyişir", "B zalı.")}

    send(event, author=organizer, texts=texts)

    by_address = {message.to[0]: message.subject for message in mail.outbox}
    assert by_address["english.trade@example.com"] == f"[{event.title}] Đổi địa điểm"
    assert by_address["azeri.trade@example.com"] == f"[{event.title}] Məkan dəyişir"


def test_the_email_body_is_the_organizers_text_with_who_sent_it_and_why(readers, event, organizer, send):
    organizer.first_name, organizer.last_name = "Leyla", "Mammadova"
    organizer.save()
    texts = {"en": ("Dress code", "Business attire.\n<b>Badge</b> & passport at the door.")}

    announcement = send(event, author=organizer, audience=NO_MEETINGS, texts=texts)

    message = next(m for m in mail.outbox if m.to == ["english.trade@example.com"])
    url = "http://127.0.0.1:8000" + reverse("events:announcements_received", args=[event.slug]) \
        + f"#announcement-{announcement.pk}"
    assert message.body == (
        "Business attire.\n<b>Badge</b> & passport at the door.\n\n-- \n"
        f"Sent by Leyla Mammadova for the organizers of {event.title} through TradeBridge.\n"
        f"You receive this message because English Trade takes part in {event.title} and has no meeting yet.\n"
        f"Read it online: {url}\n"
    )
    html = message.alternatives[0].content
    assert "<p>Business attire.<br>&lt;b&gt;Badge&lt;/b&gt; &amp; passport at the door.</p>" in html
    assert "<b>Badge</b>" not in html


def test_the_email_around_the_text_is_in_the_texts_language(readers, event, organizer, send):
    send(event, author=organizer, texts=EN_VI)

    vietnamese = next(m for m in mail.outbox if m.to == ["viet.trade@example.com"])
    with translation.override("vi"):
        path = reverse("events:announcements_received", args=[event.slug])
    assert path.startswith("/vi/")
    assert f"http://127.0.0.1:8000{path}#announcement-" in vietnamese.body


def test_each_member_gets_a_notice_with_the_subject_in_its_language(readers, event, organizer, send):
    announcement = send(event, author=organizer, texts=EN_VI)

    notices = sorted((n.user.username, n.kind, n.params["subject"]) for n in Notification.objects.all())
    assert notices == [("azeri.trade", "announcement", "Venue change"),
                       ("english.trade", "announcement", "Venue change"),
                       ("viet.member", "announcement", "Đổi địa điểm"),
                       ("viet.trade", "announcement", "Đổi địa điểm")]
    notice = Notification.objects.get(user__username="english.trade")
    assert notice.params == {"event": event.title, "subject": "Venue change", "event_id": event.pk,
                             "announcement": announcement.pk}
    assert notice.url == reverse("events:announcements_received", args=[event.slug]) \
        + f"#announcement-{announcement.pk}"


def test_the_recipients_header_counts_show_the_notice_at_once(readers, event, organizer, send):
    """The notices are created in one batch, without signals: the cached counts are forgotten all the same."""
    members = list(get_user_model().objects.filter(username__in=["viet.trade", "viet.member"]))
    assert [unread_notice_count(user) for user in members] == [0, 0]

    send(event, author=organizer, texts=EN_VI)

    assert [unread_notice_count(user) for user in members] == [1, 1]


@pytest.mark.skipif("announcement" not in MESSAGES, reason="events.notifications.MESSAGES has no 'announcement' "
                                                            "entry yet (reported to the integrator)")
def test_the_notice_reads_event_and_subject(readers, event, organizer, send):
    send(event, author=organizer, texts=EN_VI)

    assert str(Notification.objects.get(user__username="viet.trade")) == f"{event.title}: Đổi địa điểm"


def test_the_recipients_are_those_counted_when_sent(readers, event, organizer, django_capture_on_commit_callbacks):
    """A company approved between the send and the worker's run is not added to the announcement."""
    with django_capture_on_commit_callbacks() as callbacks:
        announcement = send_announcement(event=event, author=organizer, audience=APPROVED, texts=EN)
    join(event, "Late Trade")
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs the task later; its emails at commit
        for callback in callbacks:
            callback()

    assert announcement.recipient_count == 3
    assert sorted({m.to[0] for m in mail.outbox}) == [
        "azeri.trade@example.com", "english.trade@example.com", "viet.member@example.com", "viet.trade@example.com",
    ]


def test_the_announcement_records_what_was_sent(readers, event, organizer, send):
    announcement = send(event, author=organizer, audience=NO_MEETINGS, texts={"vi": ("  Chủ đề ", " Nội dung ")})

    row = Announcement.objects.values("event", "author", "audience", "recipient_count", "subject_en", "body_en",
                                      "subject_vi", "body_vi", "subject_az", "body_az").get(pk=announcement.pk)
    assert row == {"event": event.pk, "author": organizer.pk, "audience": "no_meetings", "recipient_count": 3,
                   "subject_en": "", "body_en": "", "subject_vi": "Chủ đề", "body_vi": "Nội dung",
                   "subject_az": "", "body_az": ""}


def test_nothing_is_sent_when_the_transaction_rolls_back(readers, event, organizer,
                                                        django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        send_announcement(event=event, author=organizer, audience=APPROVED, texts=EN)
        raise RuntimeError("the request failed after the send")

    assert callbacks == []
    assert mail.outbox == []
    assert Announcement.objects.count() == 0
    assert Notification.objects.count() == 0


def test_an_announcement_deleted_before_delivery_is_not_delivered(readers, event, organizer,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        announcement = send_announcement(event=event, author=organizer, audience=APPROVED, texts=EN)
    announcement.delete()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_an_empty_group_is_refused(event, organizer, send):
    with pytest.raises(EventError) as refused:
        send(event, author=organizer, audience=ONLINE)

    assert str(refused.value) == "No company is in this group at the moment, so there is nobody to send it to."
    assert (Announcement.objects.count(), mail.outbox) == (0, [])


@pytest.mark.parametrize(("texts", "message"), [
    ({"vi": ("Chủ đề", "")}, "The Vietnamese text needs both a subject and a message, or neither."),
    ({"en": ("", "Only a message")}, "The English text needs both a subject and a message, or neither."),
    ({"en": ("  ", "  ")}, "Write the announcement in at least one language: a subject and a message."),
    ({}, "Write the announcement in at least one language: a subject and a message."),
    ({"en": ("Two\nlines", "Body")}, "Use a single line: line breaks and control characters are not allowed here."),
    ({"en": ("x" * 151, "Body")}, "Ensure this value has at most 150 characters (it has 151)."),
])
def test_the_service_refuses_incomplete_texts(coffee, event, organizer, send, texts, message):
    with pytest.raises(EventError) as refused:
        send(event, author=organizer, texts=texts)

    assert str(refused.value) == message
    assert (Announcement.objects.count(), mail.outbox) == (0, [])


# The daily limit -------------------------------------------------------------------------------------------------


def test_the_daily_limit_counts_every_organizer_of_the_event(coffee, event, organizer, staff, send):
    now = timezone.now()
    for minutes in range(DAILY_LIMIT):
        send(event, author=organizer if minutes % 2 else staff, now=now + timedelta(minutes=minutes))
    mail.outbox.clear()

    with pytest.raises(EventError) as refused:
        send(event, author=organizer, now=now + timedelta(hours=23))

    assert str(refused.value) == ("This event already had 3 announcements in the last 24 hours, the most there can "
                                  "be. Please send yours later.")
    assert (Announcement.objects.count(), mail.outbox) == (DAILY_LIMIT, [])


def test_the_limit_is_a_rolling_24_hours(coffee, event, organizer, send):
    now = timezone.now()
    for minutes in range(DAILY_LIMIT):
        send(event, author=organizer, now=now + timedelta(minutes=minutes))

    send(event, author=organizer, now=now + timedelta(hours=24, seconds=1))

    assert Announcement.objects.count() == DAILY_LIMIT + 1


def test_the_limit_is_per_event(coffee, event, organizer, send):
    other = EventFactory(organizers=[organizer])
    join(other, "Other Trade")
    for _ in range(DAILY_LIMIT):
        send(event, author=organizer)

    send(other, author=organizer)

    assert Announcement.objects.filter(event=other).count() == 1


# The form --------------------------------------------------------------------------------------------------------


COUNTS = {APPROVED: 2, PENDING: 0, NO_MEETINGS: 2, ONLINE: 0}


def form_data(**changes) -> dict:
    data = {"audience": "approved", "subject_en": "Venue change", "body_en": "Hall B.", "subject_vi": "",
            "body_vi": "", "subject_az": "", "body_az": ""}
    return data | changes


def test_the_form_labels_each_group_with_its_count():
    form = AnnouncementForm(counts={APPROVED: 1, PENDING: 0, NO_MEETINGS: 23, ONLINE: 2})

    assert [str(label) for _, label in form.fields["audience"].choices] == [
        "All approved participants (1 company)",
        "Registrations awaiting approval (0 companies)",
        "Approved participants without a meeting yet (23 companies)",
        "Approved participants taking part online (2 companies)",
    ]


def test_a_valid_form_gives_the_written_languages():
    form = AnnouncementForm(form_data(subject_az=" Məkan ", body_az="B zalı."), counts=COUNTS)

    assert form.is_valid()
    assert form.texts() == {"en": ("Venue change", "Hall B."), "az": ("Məkan", "B zalı.")}


@pytest.mark.parametrize(("changes", "errors"), [
    ({"subject_vi": "Đổi địa điểm"},
     {"body_vi": ["Write the message in Vietnamese too, or leave its subject empty."]}),
    ({"body_az": "B zalı."}, {"subject_az": ["Write the subject in Azerbaijani too, or leave its message empty."]}),
    ({"subject_en": "", "body_en": ""},
     {"__all__": ["Write the announcement in at least one language: a subject and a message."]}),
    ({"subject_en": "   ", "body_en": " \n "},
     {"__all__": ["Write the announcement in at least one language: a subject and a message."]}),
    ({"subject_en": "Line one\nline two"},
     {"subject_en": ["Use a single line: line breaks and control characters are not allowed here."]}),
    ({"subject_en": "x" * 151},
     {"subject_en": ["Ensure this value has at most 150 characters (it has 151)."]}),
    ({"body_en": "x" * 5001}, {"body_en": ["Ensure this value has at most 5000 characters (it has 5001)."]}),
    ({"audience": "pending"}, {"audience": ["No company is in this group at the moment."]}),
    ({"audience": "everyone"},
     {"audience": ["Select a valid choice. everyone is not one of the available choices."]}),
    ({"audience": ""}, {"audience": ["This field is required."]}),
])
def test_the_form_refuses_bad_input(changes, errors):
    form = AnnouncementForm(form_data(**changes), counts=COUNTS)

    assert form.errors == errors


# The organizer's page ------------------------------------------------------------------------------------------


# The event's viewer reads the sent announcements (PAGE_ACCESS) but neither previews nor sends one (POST_ACCESS).
PAGE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 200), ("staff", 200)]
POST_ACCESS = [(role, 403 if role == "viewer" else status) for role, status in PAGE_ACCESS]
SEND_ACCESS = [(role, 302 if status == 200 else status) for role, status in POST_ACCESS]


def page(event) -> str:
    return reverse("events:announcements", args=[event.slug])


def test_access_tables_cover_every_role():
    assert [role for role, _ in PAGE_ACCESS] == [role for role, _ in POST_ACCESS] == EVENT_ROLES
    assert [role for role, _ in SEND_ACCESS] == EVENT_ROLES


@pytest.mark.parametrize(("role", "status"), PAGE_ACCESS)
def test_page_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).get(page(event)).status_code == status


@pytest.mark.parametrize(("role", "status"), POST_ACCESS)
def test_preview_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).post(page(event), form_data()).status_code == status
    assert Announcement.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), SEND_ACCESS)
def test_send_permission_matrix(all_roles, event, as_role, role, status, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).post(page(event), form_data(confirm="1"))

    assert response.status_code == status
    assert Announcement.objects.count() == (1 if status == 302 and role != "anonymous" else 0)
    assert len(mail.outbox) == (2 if status == 302 and role != "anonymous" else 0)


def test_anonymous_visitor_is_sent_to_log_in(event, client):
    response = client.get(page(event))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={page(event)}"


def test_unknown_event_is_404(organizer, as_role):
    assert as_role("organizer").get(reverse("events:announcements", args=["no-such-forum"])).status_code == 404


def test_other_methods_are_refused(event, as_role):
    assert as_role("organizer").put(page(event)).status_code == 405


def test_the_form_shows_the_live_count_of_each_group(all_roles, event, as_role):
    response = as_role("organizer").get(page(event))

    assert [str(label) for _, label in response.context["form"].fields["audience"].choices] == [
        "All approved participants (2 companies)", "Registrations awaiting approval (0 companies)",
        "Approved participants without a meeting yet (2 companies)",
    ]  # an in-person event: nobody to reach online
    assert response.context["left_today"] == DAILY_LIMIT
    Event.objects.filter(pk=event.pk).update(format="hybrid")
    response = as_role("organizer").get(page(event))
    assert str(response.context["form"].fields["audience"].choices[-1][1]) == (
        "Approved participants taking part online (0 companies)")


def test_a_valid_form_is_previewed_first_and_nothing_is_sent(all_roles, event, as_role,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organizer").post(page(event), form_data(subject_vi="Đổi", body_vi="B."))

    assert response.status_code == 200
    assert response.templates[0].name == "events/announcements/confirm.html"
    assert response.context["count"] == 2
    assert response.context["preview"] == [("en", "English", f"[{event.title}] Venue change", "Hall B."),
                                           ("vi", "Vietnamese", f"[{event.title}] Đổi", "B.")]
    assert "Send to 2 companies?" in response.content.decode()
    assert (Announcement.objects.count(), mail.outbox) == (0, [])


def test_the_confirmation_sends(all_roles, event, as_role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role("organizer").post(page(event), form_data(confirm="1"))

    assert response.status_code == 302
    assert response["Location"] == page(event)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The announcement is on its way to 2 companies."]
    assert outbox() == [(f"[{event.title}] Venue change", ["other_participant@example.com"]),
                        (f"[{event.title}] Venue change", ["participant@example.com"])]


def test_change_the_text_shows_the_form_filled_in(all_roles, event, as_role):
    response = as_role("organizer").post(page(event), form_data(edit="1", confirm="1"))

    assert response.status_code == 200
    assert response.templates[0].name == "events/announcements/organizer.html"
    assert response.context["form"]["subject_en"].value() == "Venue change"
    assert Announcement.objects.count() == 0


def test_bad_input_shows_the_errors_and_sends_nothing(all_roles, event, as_role):
    response = as_role("organizer").post(page(event), form_data(subject_vi="Đổi", confirm="1"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "body_vi": ["Write the message in Vietnamese too, or leave its subject empty."]}
    assert (Announcement.objects.count(), mail.outbox) == (0, [])


def test_the_limit_shows_on_the_form(all_roles, event, organizer, as_role, send):
    for _ in range(DAILY_LIMIT):
        send(event, author=organizer)
    mail.outbox.clear()

    response = as_role("organizer").post(page(event), form_data(confirm="1"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This event already had 3 announcements in the last 24 hours, the most there can be. Please send yours "
        "later."]
    assert response.context["left_today"] == 0
    assert (Announcement.objects.count(), mail.outbox) == (DAILY_LIMIT, [])


def test_at_the_limit_the_preview_is_refused_too(all_roles, event, organizer, as_role, send):
    for _ in range(DAILY_LIMIT):
        send(event, author=organizer)

    response = as_role("organizer").post(page(event), form_data())

    assert response.templates[0].name == "events/announcements/organizer.html"
    assert response.context["form"].non_field_errors() == [
        "This event already had 3 announcements in the last 24 hours, the most there can be. Please send yours "
        "later."]


def test_the_page_lists_what_was_sent(all_roles, event, organizer, as_role, send):
    organizer.first_name, organizer.last_name = "Leyla", "Mammadova"
    organizer.save()
    send(event, author=organizer, audience=NO_MEETINGS, texts=EN_VI)

    response = as_role("organizer").get(page(event))

    rows = [(str(a), a.get_audience_display(), [str(name) for name in a.languages], a.recipient_count, a.sender)
            for a in response.context["sent"]]
    assert rows == [("Venue change", "Approved participants without a meeting yet", ["English", "Vietnamese"], 2,
                     "Leyla Mammadova")]


@pytest.mark.parametrize("count", [1, 4])
def test_organizer_page_queries_do_not_grow(all_roles, event, organizer, as_role, send, count,
                                            django_assert_num_queries):
    now = timezone.now() - timedelta(days=10)
    for day in range(count):
        send(event, author=organizer, now=now + timedelta(days=day))
    client = as_role("organizer")

    with django_assert_num_queries(11):
        response = client.get(page(event))

    assert len(response.context["sent"]) == count


# The participants' page -----------------------------------------------------------------------------------------


READ_ACCESS = [("anonymous", 302), ("participant", 200), ("other_participant", 404), ("non_participant", 404),
               ("organizer", 404), ("other_organizer", 404), ("co_organizer", 404), ("viewer", 404), ("staff", 404)]


def received_page(event) -> str:
    return reverse("events:announcements_received", args=[event.slug])


@pytest.fixture
def to_coffee_only(all_roles, event, coffee, distributor, organizer, send):
    """An announcement to the approved participants while Caspian Foods awaited approval: Highland Coffee's only."""
    Participation.objects.filter(pk=distributor.pk).update(status="pending")
    announcement = send(event, author=organizer, texts=EN_VI)
    Participation.objects.filter(pk=distributor.pk).update(status="approved")
    return announcement


def test_read_access_table_covers_every_role():
    assert [role for role, _ in READ_ACCESS] == EVENT_ROLES


@pytest.mark.parametrize(("role", "status"), READ_ACCESS)
def test_received_permission_matrix(to_coffee_only, event, as_role, role, status):
    assert as_role(role).get(received_page(event)).status_code == status


def test_received_page_answers_post_with_405(to_coffee_only, event, as_role):
    assert as_role("participant").post(received_page(event)).status_code == 405


def test_a_new_member_of_a_recipient_company_reads_it(to_coffee_only, event, coffee, client):
    newcomer = MembershipFactory(company=coffee.company, user=UserFactory(username="newcomer"), role="member").user
    client.force_login(newcomer)

    assert client.get(received_page(event)).status_code == 200


def test_announcements_of_another_event_are_not_shown(to_coffee_only, organizer, coffee, as_role, send):
    other = EventFactory(organizers=[organizer])
    join(other, "Other Trade")

    assert as_role("participant").get(received_page(other)).status_code == 404


def test_the_reader_sees_its_language_and_the_others_below(to_coffee_only, event, as_role):
    with translation.override("vi"):
        path = received_page(event)
    response = as_role("participant").get(path)

    [shown] = response.context["announcements"]
    assert (shown.subject, shown.body) == ("Đổi địa điểm", "Diễn đàn chuyển sang hội trường B.")
    assert [(str(name), subject, body) for name, subject, body in shown.others] == [
        ("Tiếng Anh", "Venue change", "The forum moves to hall B.\nSee you there!")]


def test_a_language_not_written_falls_back(to_coffee_only, event, as_role):
    with translation.override("az"):
        path = received_page(event)
    response = as_role("participant").get(path)

    [shown] = response.context["announcements"]
    assert shown.subject == "Venue change"
    assert [subject for _, subject, _ in shown.others] == ["Đổi địa điểm"]


def test_the_text_is_escaped_on_the_page(all_roles, event, organizer, as_role, send):
    send(event, author=organizer, texts={"en": ("Note", "<script>alert(1)</script>")})

    content = as_role("participant").get(received_page(event)).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content


@pytest.mark.parametrize("count", [1, 4])
def test_received_page_queries_do_not_grow(all_roles, event, organizer, as_role, send, count,
                                           django_assert_num_queries):
    now = timezone.now() - timedelta(days=10)
    for day in range(count):
        send(event, author=organizer, now=now + timedelta(days=day), texts=EN_VI)
    client = as_role("participant")

    with django_assert_num_queries(7):
        response = client.get(received_page(event))

    assert len(response.context["announcements"]) == count


# The admin -----------------------------------------------------------------------------------------------------


def test_admin_shows_announcements_read_only(all_roles, event, organizer, staff, client, send):
    announcement = send(event, author=organizer)
    client.force_login(staff)

    assert client.get(reverse("admin:events_announcement_changelist")).status_code == 200
    assert client.get(reverse("admin:events_announcement_change", args=[announcement.pk])).status_code == 200
    assert client.get(reverse("admin:events_announcement_add")).status_code == 403
    client.post(reverse("admin:events_announcement_change", args=[announcement.pk]), {"subject_en": "Changed"})
    announcement.refresh_from_db()
    assert announcement.subject_en == "Venue change"
