import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from events import services
from events.models import Notification
from events.notifications import render_text

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_notification_text_is_rendered_in_the_readers_language(event, coffee, distributor, other_participant):
    services.request_meeting(requester=coffee, recipient=distributor)
    notification = Notification.objects.get()

    with translation.override("en"):
        english = str(notification)
    with translation.override("vi"):
        vietnamese = str(notification)

    assert english == "Highland Coffee asks you for a meeting at Vietnam–Azerbaijan B2B Forum, Baku."
    assert vietnamese != english
    assert "Highland Coffee" in vietnamese


def test_booking_times_are_shown_in_the_event_time_zone(event, coffee, distributor):
    meeting = services.accept_request(meeting_request=services.request_meeting(requester=coffee,
                                                                               recipient=distributor),
                                      by=distributor)

    text = render_text("meeting_booked", {"company": "X", "event": "Y", "slot": meeting.slot.starts_at.isoformat(),
                                          "tz": "Asia/Baku", "table_number": 1, "table_name": ""})

    assert text.endswith(", 9 a.m. (Asia/Baku) at Table 1.")  # the zone is named


def test_emails_go_out_only_after_commit(event, coffee, distributor, other_participant,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_meeting(requester=coffee, recipient=distributor)
    assert len(mail.outbox) == 0

    for callback in callbacks:  # the commit
        callback()
    assert [m.to for m in mail.outbox] == [[other_participant.email]]


@pytest.mark.django_db(transaction=True)
def test_production_task_backend_queues_and_the_worker_sends(event, coffee, distributor, other_participant):
    with override_settings(TASKS=DATABASE_TASKS):
        services.request_meeting(requester=coffee, recipient=distributor)
        assert len(mail.outbox) == 0

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert [m.to for m in mail.outbox] == [[other_participant.email]]


def test_each_kind_of_email_says_what_happened_in_its_subject(event, coffee, distributor, participant,
                                                              other_participant,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request = services.request_meeting(requester=coffee, recipient=distributor)
        services.accept_request(meeting_request=meeting_request, by=distributor)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([other_participant.email], "Highland Coffee asks you for a meeting at Vietnam–Azerbaijan B2B Forum, Baku"),
        ([participant.email], "Caspian Foods accepted your meeting request"),
        ([participant.email], f"Meeting booked with Caspian Foods on {booked_at(event)}"),
        ([other_participant.email], f"Meeting booked with Highland Coffee on {booked_at(event)}"),
    ]


def booked_at(event):
    from django.utils import formats, timezone

    local = timezone.localtime(event.slots.first().starts_at, event.tz)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} (Asia/Baku)"


def test_a_vietnamese_company_gets_its_email_and_link_in_vietnamese(event, coffee, distributor, participant,
                                                                    django_capture_on_commit_callbacks):
    coffee.company.email_language = "vi"
    coffee.company.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_participation(participation=coffee, approve=False)

    [message] = mail.outbox
    assert message.subject == "Đơn đăng ký tham gia Vietnam–Azerbaijan B2B Forum, Baku của bạn đã bị từ chối"
    assert "/vi/events/baku-forum/" in message.body


def test_notification_links_keep_the_readers_language(event, coffee, distributor, other_participant, client):
    with translation.override("az"):  # the company that asks uses the site in Azerbaijani
        services.request_meeting(requester=coffee, recipient=distributor)
    assert Notification.objects.get().url == "/az/events/baku-forum/requests/"
    client.force_login(other_participant)

    page = client.get("/vi/events/notifications/").content.decode()

    assert 'href="/vi/events/baku-forum/requests/"' in page
    assert "/az/events/baku-forum/requests/" not in page


def test_the_notification_list_shows_times_in_the_readers_zone_and_names_it(event, coffee, distributor,
                                                                            other_participant, client):
    from datetime import UTC, datetime

    services.request_meeting(requester=coffee, recipient=distributor)
    Notification.objects.update(created_at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    client.force_login(other_participant)  # Caspian Foods, in Azerbaijan

    page = client.get("/en/events/notifications/").content.decode()

    assert '<span class="meta">12/01/2026 2 p.m. (Asia/Baku)</span>' in page
