import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from messaging import services
from messaging.context_processors import unread
from messaging.models import BODY_MAX, Block, Message, ReadState, Thread, ThreadReport
from tests.factories import CompanyFactory, EventFactory, ListingFactory, MembershipFactory, join, meet
from tests.messaging.conftest import ROLES
from tests.messaging.factories import ThreadFactory, write

IN_THREAD = {"owner", "member", "other_owner"}
WITH_COMPANY = IN_THREAD | {"outsider"}


def thread_url(thread, name="thread"):
    return reverse(f"messaging:{name}", kwargs={"pk": thread.pk})


def start_url(company, query=""):
    return reverse("messaging:start", kwargs={"slug": company.slug}) + query


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# Permission matrices -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_threads_page_permissions(as_role, role, thread):
    response = as_role(role).get(reverse("messaging:threads"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in WITH_COMPANY else 403)


@pytest.mark.parametrize("role", ROLES)
def test_thread_page_permissions(as_role, role, thread):
    write(thread, thread.company_low, "Hello")
    response = as_role(role).get(thread_url(thread))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in IN_THREAD else 404)


@pytest.mark.parametrize("role", ROLES)
def test_reply_permissions(as_role, role, thread):
    response = as_role(role).post(thread_url(thread), {"body": "Our price is 2,300 USD per tonne."})
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role in IN_THREAD:
        assert (response.status_code, response["Location"]) == (302, thread_url(thread) + "#latest")
    else:
        assert response.status_code == 404
    assert Message.objects.count() == (1 if role in IN_THREAD else 0)


@pytest.mark.parametrize("role", ROLES)
def test_block_and_unblock_permissions(as_role, role, thread):
    client = as_role(role)
    response = client.post(thread_url(thread, "block"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (302 if role in IN_THREAD else 404)
    assert Block.objects.count() == (1 if role in IN_THREAD else 0)
    response = client.post(thread_url(thread, "unblock"))
    if role != "anonymous":
        assert response.status_code == (302 if role in IN_THREAD else 404)
    assert Block.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_report_permissions(as_role, role, thread):
    client = as_role(role)
    response = client.get(thread_url(thread, "report"))
    if role == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if role in IN_THREAD else 404)
    response = client.post(thread_url(thread, "report"), {"reason": "spam", "note": ""})
    if role != "anonymous":
        assert response.status_code == (302 if role in IN_THREAD else 404)
    assert ThreadReport.objects.count() == (1 if role in IN_THREAD else 0)


@pytest.mark.parametrize("role", ROLES)
def test_start_permissions(as_role, role, company, caspian, outsider):
    # Writing to Caspian Foods: its own people cannot (404: not a partner), those without a company are told.
    client = as_role(role)
    response = client.get(start_url(caspian))
    expected = {"anonymous": 302, "other_owner": 404, "organizer": 403, "staff": 403, "loner": 403}.get(role, 200)
    assert response.status_code == expected
    response = client.post(start_url(caspian), {"body": "We would like to buy hazelnuts."})
    assert response.status_code == (302 if expected == 200 else expected)
    assert Thread.objects.count() == (1 if expected == 200 else 0)


@pytest.mark.parametrize(("view", "method"), [("block", "get"), ("unblock", "get"), ("thread", "put"),
                                              ("report", "delete")])
def test_wrong_methods_are_refused(client, owner, thread, view, method):
    client.force_login(owner)
    assert getattr(client, method)(thread_url(thread, view)).status_code == 405


def test_posts_need_the_csrf_token(owner, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert [client.post(thread_url(thread, name), {"body": "Hi", "reason": "spam"}).status_code
            for name in ("thread", "block", "unblock", "report")] == [403, 403, 403, 403]
    assert (Message.objects.count(), Block.objects.count(), ThreadReport.objects.count()) == (0, 0, 0)


def test_thread_of_a_company_not_approved_is_404_to_start(client, owner, caspian):
    caspian.status = "suspended"
    caspian.save(update_fields=["status"])
    client.force_login(owner)
    assert client.get(start_url(caspian)).status_code == 404


# The threads page ----------------------------------------------------------------------------------------------


def test_threads_page_lists_the_other_company_unread_count_and_preview(client, owner, company, caspian, thread,
                                                                        outsider):
    third = outsider.membership.company
    older = ThreadFactory(a=company, b=third)
    write(older, company, "Our catalogue", author=owner)
    write(thread, caspian, "First offer")
    write(thread, caspian, "Second offer\nwith details")
    client.force_login(owner)
    response = client.get(reverse("messaging:threads"))
    rows = [(row["other"].name, row["thread"].unread, row["thread"].last_body, row["mine"])
            for row in response.context["rows"]]
    assert rows == [("Caspian Foods", 2, "Second offer\nwith details", False),
                    ("Ganja Textiles", 0, "Our catalogue", True)]
    assert '<span class="counter" aria-hidden="true">2</span>' in response.content.decode()


def test_threads_page_unread_counts_only_what_came_after_reading(client, owner, caspian, thread):
    write(thread, caspian, "Read already")
    services.mark_read(user=owner, thread=thread)
    ReadState.objects.filter(user=owner).update(read_at=thread.last_message_at)
    write(thread, caspian, "New")
    client.force_login(owner)
    [row] = client.get(reverse("messaging:threads")).context["rows"]
    assert row["thread"].unread == 1


def test_threads_page_is_empty_without_threads(client, owner):
    client.force_login(owner)
    response = client.get(reverse("messaging:threads"))
    assert (response.status_code, response.context["rows"]) == (200, [])
    assert "No conversation yet." in response.content.decode()


def _many_threads(company, count):
    for n in range(count):
        other = CompanyFactory(name=f"Partner {n}", slug=f"partner-{n}")
        write(ThreadFactory(a=company, b=other), other, f"Message {n}")


@pytest.mark.parametrize("count", [1, 25])
def test_threads_page_query_count_is_constant(client, owner, company, count, django_assert_num_queries, settings):
    _many_threads(company, count)
    client.force_login(owner)
    # session, user, membership (the header), the count of threads, the page of threads with their last message
    # and unread count, the notifications' unread count; and the header's unread conversations once
    # messaging.context_processors.unread is in the settings.
    header = "messaging.context_processors.unread" in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    with django_assert_num_queries(7 if header else 6):
        response = client.get(reverse("messaging:threads"))
    assert len(response.context["rows"]) == min(count, 20)


def test_threads_page_second_page(client, owner, company):
    _many_threads(company, 21)
    client.force_login(owner)
    response = client.get(reverse("messaging:threads") + "?page=2")
    assert [row["other"].name for row in response.context["rows"]] == ["Partner 0"]


# A thread ------------------------------------------------------------------------------------------------------


def test_thread_page_shows_messages_in_order_and_marks_them_read(client, owner, company, caspian, thread):
    write(thread, caspian, "Salam")
    write(thread, company, "Xin chào", author=owner)
    client.force_login(owner)
    response = client.get(thread_url(thread))
    assert [m.body for m in response.context["history"]] == ["Salam", "Xin chào"]
    assert ReadState.objects.get(user=owner, thread=thread).read_at >= thread.last_message_at


def test_message_is_escaped_with_line_breaks_kept(client, owner, caspian, thread):
    write(thread, caspian, '<script>alert("x")</script>\n<b>bold</b> & co')
    client.force_login(owner)
    content = client.get(thread_url(thread)).content.decode()
    assert '<div class="message-body">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;bold&lt;/b&gt; '\
           '&amp; co</div>' in content
    assert "<script>alert" not in content


def test_threads_page_escapes_the_preview(client, owner, caspian, thread):
    write(thread, caspian, "<img src=x onerror=alert(1)>")
    client.force_login(owner)
    content = client.get(reverse("messaging:threads")).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<img src=x" not in content


@pytest.mark.parametrize(("body", "error"), [
    ("", "Write a message."),
    ("   ", "Write a message."),
    ("x" * (BODY_MAX + 1), "Ensure this value has at most 2000 characters (it has 2001)."),
])
def test_reply_bad_input(client, owner, thread, body, error):
    client.force_login(owner)
    response = client.post(thread_url(thread), {"body": body})
    assert response.status_code == 400
    assert response.context["form"].errors == {"body": [error]}
    assert Message.objects.count() == 0


def test_reply_when_blocked_shows_why(client, owner, company, caspian, thread):
    Block.objects.create(blocker=caspian, blocked=company)
    client.force_login(owner)
    response = client.post(thread_url(thread), {"body": "Hello?"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"body": ["Caspian Foods does not accept messages from your company."]}


def test_thread_page_of_a_blocked_pair_has_no_reply_form(client, owner, other_owner, company, caspian, thread):
    Block.objects.create(blocker=company, blocked=caspian)
    client.force_login(owner)
    mine = client.get(thread_url(thread)).content.decode()
    client.force_login(other_owner)
    theirs = client.get(thread_url(thread)).content.decode()
    assert ['id="reply"' in mine, "Unblock Caspian Foods" in mine] == [False, True]
    assert ['id="reply"' in theirs, "Mekong Coffee does not accept messages from your company." in theirs] == [
        False, True]


def test_report_bad_input(client, owner, thread):
    client.force_login(owner)
    response = client.post(thread_url(thread, "report"), {"reason": "boring", "note": "x" * 501})
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["note", "reason"]
    assert ThreadReport.objects.count() == 0


def test_report_twice_shows_a_message(client, owner, thread):
    client.force_login(owner)
    client.post(thread_url(thread, "report"), {"reason": "spam"})
    response = client.post(thread_url(thread, "report"), {"reason": "spam"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Your company has already reported this conversation. Our team will look at it."]


# Starting a conversation ---------------------------------------------------------------------------------------


def test_start_creates_the_thread_and_redirects_to_it(client, owner, caspian):
    client.force_login(owner)
    response = client.post(start_url(caspian), {"body": "Hello from Hà Nội"})
    thread = Thread.objects.get()
    assert response["Location"] == thread_url(thread) + "#latest"
    assert (thread.started_from, [m.body for m in thread.messages.all()]) == ("company", ["Hello from Hà Nội"])


def test_start_with_an_existing_thread_opens_it(client, owner, caspian, thread):
    client.force_login(owner)
    response = client.get(start_url(caspian, "?from=suggestion"))
    assert response["Location"] == thread_url(thread) + "#reply"


@pytest.mark.parametrize(("body", "error"), [("", "Write a message."),
                                             ("x" * (BODY_MAX + 1),
                                              "Ensure this value has at most 2000 characters (it has 2001).")])
def test_start_bad_input(client, owner, caspian, body, error):
    client.force_login(owner)
    response = client.post(start_url(caspian), {"body": body})
    assert (response.status_code, response.context["form"].errors) == (400, {"body": [error]})
    assert Thread.objects.count() == 0


def test_start_when_blocked_shows_why_without_a_form(client, owner, company, caspian):
    Block.objects.create(blocker=caspian, blocked=company)
    client.force_login(owner)
    response = client.get(start_url(caspian))
    assert response.context["refusal"] == "Caspian Foods does not accept messages from your company."
    assert response.status_code == 200
    response = client.post(start_url(caspian), {"body": "Hello"})
    assert response.status_code == 400
    assert Thread.objects.count() == 0


def test_start_rate_limit_shows_the_reason(client, owner, caspian):
    for n in range(services.NEW_ACCOUNT_THREADS_PER_DAY):
        services.start_conversation(author=owner, company=owner.membership.company,
                                    other=CompanyFactory(name=f"P{n}", slug=f"p-{n}"), body="Hi")
    client.force_login(owner)
    response = client.post(start_url(caspian), {"body": "Hello"})
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == [
        "You have started 3 conversations in the last 24 hours, the most we allow. Please try again tomorrow."]


def test_start_from_a_listing(client, owner, caspian):
    listing = ListingFactory(company=caspian, title="Hazelnut kernels 11–13 mm")
    client.force_login(owner)
    response = client.get(start_url(caspian, f"?listing={listing.pk}"))
    assert response.context["context_param"] == ("listing", str(listing.pk))
    assert "Hazelnut kernels 11–13 mm" in response.content.decode()
    client.post(start_url(caspian), {"body": "I'm interested", "listing": listing.pk})
    thread = Thread.objects.get()
    assert (thread.started_from, thread.listing, thread.subject) == ("listing", listing, "Hazelnut kernels 11–13 mm")


def test_start_from_a_suggestion(client, owner, caspian):
    client.force_login(owner)
    client.post(start_url(caspian), {"body": "We were suggested to you", "from": "suggestion"})
    assert Thread.objects.get().started_from == "suggestion"


def test_start_from_a_meeting_request_and_a_meeting(client, owner, company, caspian, outsider):
    event = EventFactory()
    mekong, baku = join(event, "", company=company), join(event, "", company=caspian)
    meeting = meet(mekong, baku)
    client.force_login(owner)
    client.post(start_url(caspian), {"body": "See you in Baku", "meeting": meeting.pk})
    thread = Thread.objects.get()
    assert (thread.started_from, thread.meeting, thread.subject) == ("meeting", meeting, event.title)
    thread.delete()
    client.post(start_url(caspian), {"body": "About our request", "request": meeting.request_id})
    assert Thread.objects.get().meeting_request_id == meeting.request_id


@pytest.mark.parametrize("query", ["?listing=abc", "?listing={foreign_listing}", "?request=999", "?meeting=999"])
def test_start_with_a_context_of_other_companies_is_404(client, owner, caspian, outsider, query):
    foreign = ListingFactory(company=outsider.membership.company)
    client.force_login(owner)
    assert client.get(start_url(caspian, query.format(foreign_listing=foreign.pk))).status_code == 404


# Entry points --------------------------------------------------------------------------------------------------


def test_listing_page_has_im_interested_for_another_company(client, outsider, caspian):
    listing = ListingFactory(company=caspian)
    client.force_login(outsider)
    content = client.get(listing.get_absolute_url()).content.decode()
    assert f'href="{start_url(caspian)}?listing={listing.pk}">I\'m interested</a>' in content


@pytest.mark.parametrize("role", ["anonymous", "other_owner", "loner"])
def test_listing_page_has_no_write_button_for_visitors_own_company_or_no_company(as_role, role, caspian):
    listing = ListingFactory(company=caspian)
    assert "write-button" not in as_role(role).get(listing.get_absolute_url()).content.decode()


def test_requests_page_has_write_buttons(client, owner, company, caspian):
    from events.services import request_meeting

    event = EventFactory()
    mekong, baku = join(event, "", company=company), join(event, "", company=caspian)
    meeting_request = request_meeting(requester=mekong, recipient=baku)
    client.force_login(owner)
    content = client.get(reverse("events:requests", kwargs={"slug": event.slug})).content.decode()
    assert f'href="{start_url(caspian)}?request={meeting_request.pk}">Write to them</a>' in content


def test_write_button_include_for_the_agenda(rf, owner, caspian, company):
    html = render_to_string("messaging/includes/write_button.html", {
        "user": owner, "my_membership": owner.membership, "company": caspian,
        "meeting": type("M", (), {"pk": 7})()})
    assert html.strip() == (f'<a class="button button-secondary write-button" href="{start_url(caspian)}?meeting=7">'
                            "Write to them</a>")
    assert render_to_string("messaging/includes/write_button.html", {
        "user": owner, "my_membership": owner.membership, "company": company}).strip() == ""


def test_suggestion_card_has_a_write_button(rf, owner, caspian):
    suggestion = type("S", (), {"company": caspian, "must_meet": False, "lines": [], "score": 50, "mark": None})()
    request = rf.get("/")
    request.user = owner
    html = render_to_string("matchmaking/suggestion_card.html", {
        "suggestion": suggestion, "next_url": "/", "user": owner, "my_membership": owner.membership}, request)
    assert f'href="{start_url(caspian)}?from=suggestion">Write to them</a>' in html


# The header's count --------------------------------------------------------------------------------------------


def test_unread_context_processor(owner, caspian, thread, django_assert_num_queries):
    write(thread, caspian, "New")
    request = RequestFactory().get("/")
    request.user, request.membership = owner, owner.membership
    with django_assert_num_queries(1):
        assert unread(request) == {"unread_threads": 1}
    request.membership = None  # an organizer or staff without a company: no conversations, no query
    with django_assert_num_queries(0):
        assert unread(request) == {}
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread(request) == {}


def test_the_header_count_is_cached_and_changes_at_once(owner, member, caspian, other_owner, thread,
                                                        django_assert_num_queries):
    """messaging.unread_cache: read once, then from the cache until a message or a read changes it, for every
    member of both companies."""
    request = RequestFactory().get("/")
    request.user, request.membership = owner, owner.membership
    assert unread(request) == {"unread_threads": 0}
    with django_assert_num_queries(0):
        assert unread(request) == {"unread_threads": 0}

    services.send_message(author=other_owner, company=caspian, thread=thread, body="Our price list is attached.")

    assert unread(request) == {"unread_threads": 1}
    colleague = RequestFactory().get("/")
    colleague.user, colleague.membership = member, member.membership
    assert unread(colleague) == {"unread_threads": 1}

    services.mark_read(user=owner, thread=thread)

    assert (unread(request), unread(colleague)) == ({"unread_threads": 0}, {"unread_threads": 1})


def test_the_header_count_forgets_a_deleted_thread(owner, caspian, thread):
    request = RequestFactory().get("/")
    request.user, request.membership = owner, owner.membership
    write(thread, caspian, "New")
    assert unread(request) == {"unread_threads": 1}

    thread.delete()

    assert unread(request) == {"unread_threads": 0}


def test_the_header_shows_a_reply_at_once(client, owner, caspian, other_owner, thread):
    client.force_login(owner)
    assert '<span class="counter"' not in client.get(reverse("messaging:threads")).content.decode()

    services.send_message(author=other_owner, company=caspian, thread=thread, body="Shall we meet in Baku?")

    html = client.get(reverse("companies:directory")).content.decode()
    assert '1 unread conversation</span>' in html


def test_other_members_see_the_thread_too(client, company, caspian, thread):
    colleague = MembershipFactory(company=caspian, role="member").user
    client.force_login(colleague)
    assert client.get(thread_url(thread)).status_code == 200
