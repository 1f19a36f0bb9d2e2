"""The header's unread count is cached per user (events.notice_counts) and changes at once with every write."""

from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from events import services
from events.context_processors import notifications
from events.models import Notification
from events.notice_counts import unread_notice_count


def header_count(client) -> str:
    """The unread counter of the header of a signed-in page ("" when there is none)."""
    html = client.get(reverse("events:mine")).content.decode()
    marker = '<span class="counter" aria-hidden="true">'
    after_notifications = html.split(reverse("events:notifications"), 1)[1].split("</a>", 1)[0]
    return after_notifications.split(marker, 1)[1].split("<", 1)[0] if marker in after_notifications else ""


def test_the_count_is_read_once_then_served_from_the_cache(event, coffee, distributor, other_participant,
                                                            django_assert_num_queries):
    services.request_meeting(requester=coffee, recipient=distributor)

    with django_assert_num_queries(1):
        assert unread_notice_count(other_participant) == 1
    with django_assert_num_queries(0):
        assert unread_notice_count(other_participant) == 1


def test_the_context_processor_gives_the_cached_count(event, coffee, distributor, other_participant,
                                                       django_assert_num_queries):
    services.request_meeting(requester=coffee, recipient=distributor)
    request = RequestFactory().get("/")
    request.user = other_participant
    unread_notice_count(other_participant)

    with django_assert_num_queries(0):
        assert notifications(request)["unread_notifications"] == 1


def test_a_new_notice_shows_at_once(event, coffee, distributor, other_participant):
    assert unread_notice_count(other_participant) == 0

    services.request_meeting(requester=coffee, recipient=distributor)

    assert unread_notice_count(other_participant) == 1


def test_a_notice_deleted_leaves_the_count_at_once(event, coffee, distributor, other_participant):
    services.request_meeting(requester=coffee, recipient=distributor)
    assert unread_notice_count(other_participant) == 1

    Notification.objects.get().delete()

    assert unread_notice_count(other_participant) == 0


def test_marking_all_read_clears_the_header_at_once(event, coffee, distributor, as_role, other_participant):
    services.request_meeting(requester=coffee, recipient=distributor)
    client = as_role("other_participant")
    assert header_count(client) == "1"

    client.post(reverse("events:notifications"))

    assert header_count(client) == ""
    assert unread_notice_count(other_participant) == 0


def test_one_users_count_is_not_anothers(event, coffee, distributor, participant, other_participant):
    services.request_meeting(requester=coffee, recipient=distributor)

    assert (unread_notice_count(participant), unread_notice_count(other_participant)) == (0, 1)


def test_a_write_without_a_signal_shows_within_the_timeout(event, other_participant, monkeypatch):
    """A queryset update sends no signal: the count is only stored for a minute."""
    stored = []
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: stored.append((value, timeout)))

    unread_notice_count(other_participant)

    assert stored == [(0, 60)]
