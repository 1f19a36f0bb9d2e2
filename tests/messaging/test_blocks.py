"""Blocking beyond conversations: the requests waiting between the two companies close, and the list of the
companies one blocked, where each can be unblocked."""

import pytest
from django.urls import reverse

from events import services as event_services
from events.models import MeetingRequest, Notification
from messaging import services
from messaging.models import Block
from tests.factories import CompanyFactory, EventFactory, SessionFactory, join, meet
from tests.messaging.conftest import ROLES
from tests.messaging.factories import ThreadFactory


@pytest.fixture
def event(db):
    event = EventFactory(slug="baku-forum")
    SessionFactory(event=event)
    event_services.set_table_count(event=event, count=2)
    return event


@pytest.fixture
def both(event, company, caspian):
    return join(event, "Mekong", company=company), join(event, "Caspian", company=caspian)


def test_block_withdraws_the_blockers_requests_and_declines_those_it_received(event, both, company, caspian):
    mine, theirs = both
    other_event = EventFactory(slug="hcmc-matching")
    SessionFactory(event=other_event)
    sent = event_services.request_meeting(requester=mine, recipient=theirs)
    received = event_services.request_meeting(
        requester=join(other_event, "Caspian", company=caspian), recipient=join(other_event, "Mekong", company=company))

    Notification.objects.all().delete()  # the notices of the requests themselves

    assert services.block_company(company=company, other=caspian) is True

    statuses = dict(MeetingRequest.objects.values_list("pk", "status"))
    assert statuses == {sent.pk: "cancelled", received.pk: "declined"}
    told = Notification.objects.filter(user__membership__company=caspian).values_list("kind", flat=True)
    assert sorted(told) == ["request_cancelled", "request_declined"]


def test_block_leaves_other_companies_requests_and_accepted_meetings(event, both, company, caspian):
    mine, theirs = both
    third = join(event, "Ganja")
    meeting = meet(mine, theirs)
    elsewhere = event_services.request_meeting(requester=mine, recipient=third)

    services.block_company(company=company, other=caspian)

    assert MeetingRequest.objects.get(pk=elsewhere.pk).status == "pending"
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_block_twice_closes_nothing_more(event, both, company, caspian):
    mine, theirs = both
    services.block_company(company=company, other=caspian)
    services.unblock_company(company=company, other=caspian)
    pending = event_services.request_meeting(requester=theirs, recipient=mine)
    Block.objects.create(blocker=caspian, blocked=company)  # the other direction

    assert services.block_company(company=company, other=caspian) is True
    assert MeetingRequest.objects.get(pk=pending.pk).status == "declined"
    assert services.block_company(company=company, other=caspian) is False


@pytest.mark.parametrize("role", ROLES)
def test_blocked_page_permissions(as_role, role, company, caspian):
    Block.objects.create(blocker=company, blocked=caspian)
    response = as_role(role).get(reverse("messaging:blocked"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        expected = 200 if role in {"owner", "member", "other_owner", "outsider"} else 403
        assert response.status_code == expected
    if role in {"owner", "member"}:
        assert [b.blocked.name for b in response.context["blocks"]] == [caspian.name]
    if role in {"other_owner", "outsider"}:
        assert list(response.context["blocks"]) == []


def test_blocked_page_lists_latest_first_and_unblocks_back_to_it(client, owner, company, caspian):
    older = CompanyFactory(name="Ganja Textiles")
    older_thread = ThreadFactory(a=company, b=older)
    thread = ThreadFactory(a=company, b=caspian)
    services.block_company(company=company, other=older)
    services.block_company(company=company, other=caspian)
    client.force_login(owner)

    response = client.get(reverse("messaging:blocked"))
    assert [(b.blocked.name, b.thread_id) for b in response.context["blocks"]] == [
        (caspian.name, thread.pk), ("Ganja Textiles", older_thread.pk)]

    response = client.post(reverse("messaging:unblock", args=[thread.pk]), {"back": "blocked"})
    assert (response.status_code, response["Location"]) == (302, reverse("messaging:blocked"))
    assert list(Block.objects.values_list("blocked__name", flat=True)) == ["Ganja Textiles"]


def test_blocked_page_query_count_is_constant(client, owner, company, django_assert_num_queries):
    client.force_login(owner)
    others = [CompanyFactory(name=f"Company {n}") for n in range(5)]
    Block.objects.create(blocker=company, blocked=others[0])
    client.get(reverse("messaging:blocked"))
    with django_assert_num_queries(4) as one:  # the header's unread counts cached by the first request
        client.get(reverse("messaging:blocked"))
    for other in others[1:]:
        ThreadFactory(a=company, b=other)
        Block.objects.create(blocker=company, blocked=other)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("messaging:blocked"))
    assert len(response.context["blocks"]) == 5
