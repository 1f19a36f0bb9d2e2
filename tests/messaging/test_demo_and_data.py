from django.core.management import call_command

from companies import demo as company_demo
from messaging import services
from messaging.account_data import messaging_data
from messaging.demo import DEMO_THREADS, create_demo_threads
from messaging.models import Message, Thread
from messaging.selectors import unread_thread_count


def test_demo_threads_are_created_once(db):
    call_command("migrate", verbosity=0)  # the seeded sectors, languages, roles
    users = company_demo.load_accounts()
    company_demo.load_companies(users, draw_logos=False)
    company_demo.load_listings()
    assert create_demo_threads(users) == len(DEMO_THREADS)
    assert create_demo_threads(users) == 0
    assert (Thread.objects.count(), Message.objects.count()) == (3, 6)
    listing_thread = Thread.objects.get(started_from="listing")
    assert listing_thread.listing.title == "Robusta green coffee, grade 1, screen 18"
    # The Vietnamese demo owner has the Baku distributor's last message to read; the Azerbaijani one Highland
    # Bean's answer and the cashew offer.
    assert [unread_thread_count(users["owner-vn"]), unread_thread_count(users["owner-az"])] == [1, 2]


def test_messaging_data_holds_the_users_own_writing(owner, member, company, caspian, thread, other_owner,
                                                    django_assert_num_queries):
    services.send_message(author=owner, company=company, thread=thread, body="Mine")
    services.send_message(author=other_owner, company=caspian, thread=thread, body="Theirs")
    services.block_company(company=company, other=caspian, by=owner)
    services.report_thread(reporter=owner, company=company, thread=thread, reason="spam", note="Ads")
    with django_assert_num_queries(3):
        data = messaging_data(owner)
    assert [(m["from_company"], m["to_company"], m["body"]) for m in data["messages_written"]] == [
        ("Mekong Coffee", "Caspian Foods", "Mine")]
    assert [(b["company"], b["blocked_company"]) for b in data["companies_blocked"]] == [
        ("Mekong Coffee", "Caspian Foods")]
    assert [(r["reported_company"], r["reason"], r["note"], r["status"]) for r in data["conversations_reported"]] \
        == [("Caspian Foods", "spam", "Ads", "pending")]
    assert messaging_data(member) == {"messages_written": [], "companies_blocked": [], "conversations_reported": []}


def test_deleting_a_user_keeps_the_companys_messages(owner, company, thread):
    services.send_message(author=owner, company=company, thread=thread, body="Kept for the company")
    owner.delete()
    assert list(Message.objects.values_list("author", "body")) == [(None, "Kept for the company")]


def test_send_message_emails_command(capsys, db):
    call_command("send_message_emails")
    assert capsys.readouterr().out == "0 email(s) sent.\n"
