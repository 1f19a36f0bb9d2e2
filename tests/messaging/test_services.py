from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import ModerationStatus
from messaging import services
from messaging.models import BODY_MAX, Block, Message, ReadState, Thread, ThreadReport
from messaging.selectors import is_blocked, unread_thread_count
from tests.factories import CompanyFactory, ListingFactory, MembershipFactory, UserFactory
from tests.messaging.factories import ThreadFactory


def start(author, other, body="Hello, we are interested in your coffee.", **kwargs):
    return services.start_conversation(author=author, company=author.membership.company, other=other, body=body,
                                       **kwargs)


def age(user, days: int):
    user.date_joined = timezone.now() - timedelta(days=days)
    user.save(update_fields=["date_joined"])
    return user


# Threads: one per pair, stored ordered -------------------------------------------------------------------------


def test_start_conversation_creates_one_thread_per_pair_whoever_starts(owner, other_owner, company, caspian):
    first = start(owner, caspian)
    second = start(other_owner, company, body="Thank you, here is our price list.")
    assert first.thread_id == second.thread_id
    thread = Thread.objects.get()
    assert (thread.company_low_id, thread.company_high_id) == tuple(sorted([company.pk, caspian.pk]))
    assert list(thread.messages.values_list("sender_id", "body")) == [
        (company.pk, "Hello, we are interested in your coffee."), (caspian.pk, "Thank you, here is our price list.")]


def test_start_conversation_remembers_where_it_started(owner, caspian):
    listing = ListingFactory(company=caspian, title="Hazelnut kernels")
    message = start(owner, caspian, started_from=Thread.StartedFrom.LISTING, listing=listing, subject=listing.title)
    thread = message.thread
    assert (thread.started_from, thread.listing_id, thread.subject, thread.started_by_id) == (
        "listing", listing.pk, "Hazelnut kernels", owner.pk)


def test_thread_pair_must_be_ordered(company, caspian):
    low, high = sorted([company, caspian], key=lambda c: c.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(company_low=high, company_high=low)


def test_thread_pair_is_unique(company, caspian):
    ThreadFactory(a=company, b=caspian)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThreadFactory(a=caspian, b=company)


def test_start_or_get_thread_returns_the_existing_thread(company, caspian):
    thread = ThreadFactory(a=company, b=caspian)
    assert services.start_or_get_thread(company=caspian, other=company) == (thread, False)


# Message length ------------------------------------------------------------------------------------------------


def test_message_of_max_length_is_accepted(owner, caspian):
    assert len(start(owner, caspian, body="x" * BODY_MAX).body) == BODY_MAX


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * (BODY_MAX + 1)])
def test_message_empty_or_too_long_is_refused(owner, caspian, body):
    with pytest.raises(services.MessagingError):
        start(owner, caspian, body=body)
    assert (Thread.objects.count(), Message.objects.count()) == (0, 0)


def test_message_is_stripped(owner, caspian):
    assert start(owner, caspian, body="  Xin chào!\n\n").body == "Xin chào!"


@pytest.mark.parametrize("body", ["", "x" * (BODY_MAX + 1)])
def test_message_length_is_a_database_constraint(thread, company, body):
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(thread=thread, sender=company, body=body)


def test_message_in_a_thread_of_other_companies_is_refused(thread, outsider):
    with pytest.raises(services.MessagingError):
        services.send_message(author=outsider, company=outsider.membership.company, thread=thread, body="Hi")
    assert Message.objects.count() == 0


# Who may write -------------------------------------------------------------------------------------------------


def test_writing_to_oneself_is_refused(owner, company):
    with pytest.raises(services.MessagingError, match="own company"):
        start(owner, company)


@pytest.mark.parametrize("status", [ModerationStatus.PENDING, ModerationStatus.SUSPENDED,
                                    ModerationStatus.DEACTIVATED])
def test_writing_to_a_company_not_approved_is_refused(owner, caspian, status):
    caspian.status = status
    caspian.save(update_fields=["status"])
    with pytest.raises(services.MessagingError, match="Caspian Foods is not active"):
        start(owner, caspian)


def test_a_company_not_approved_cannot_write(owner, company, caspian):
    company.status = ModerationStatus.PENDING
    company.save(update_fields=["status"])
    with pytest.raises(services.MessagingError, match="not approved"):
        start(owner, caspian)


def test_blocked_company_cannot_write_either_way(owner, other_owner, company, caspian, thread):
    assert services.block_company(company=company, other=caspian, by=owner) is True
    with pytest.raises(services.MessagingError) as mine:
        services.send_message(author=owner, company=company, thread=thread, body="Hi")
    with pytest.raises(services.MessagingError) as theirs:
        services.send_message(author=other_owner, company=caspian, thread=thread, body="Hi")
    assert str(mine.value) == "You blocked Caspian Foods. Unblock it to write again."
    assert str(theirs.value) == "Mekong Coffee does not accept messages from your company."
    assert Message.objects.count() == 0


def test_blocked_company_cannot_start_a_thread(owner, company, caspian):
    services.block_company(company=caspian, other=company)
    with pytest.raises(services.MessagingError, match="does not accept messages"):
        start(owner, caspian)
    assert Thread.objects.count() == 0


def test_unblock_lets_them_write_again(owner, company, caspian, thread):
    services.block_company(company=company, other=caspian)
    assert services.unblock_company(company=company, other=caspian) is True
    assert services.send_message(author=owner, company=company, thread=thread, body="Hi again").body == "Hi again"


def test_block_twice_keeps_one_block(company, caspian):
    assert [services.block_company(company=company, other=caspian),
            services.block_company(company=company, other=caspian)] == [True, False]
    assert Block.objects.count() == 1


def test_block_oneself_is_refused(company):
    with pytest.raises(services.MessagingError):
        services.block_company(company=company, other=company)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=company, blocked=company)


def test_is_blocked_either_direction(company, caspian, outsider):
    third = outsider.membership.company
    services.block_company(company=company, other=caspian)
    assert [is_blocked(company, caspian), is_blocked(caspian, company), is_blocked(company.pk, caspian.pk),
            is_blocked(company, third), is_blocked(third, caspian)] == [True, True, True, False, False]


# Rate limits ---------------------------------------------------------------------------------------------------


def _companies(count):
    return [CompanyFactory(name=f"Partner {n}", slug=f"partner-{n}") for n in range(count)]


def test_new_account_starts_few_threads_a_day(owner):
    partners = _companies(services.NEW_ACCOUNT_THREADS_PER_DAY + 1)
    for partner in partners[:-1]:
        start(owner, partner)
    with pytest.raises(services.MessagingError, match="started 3 conversations in the last 24 hours"):
        start(owner, partners[-1])
    assert Thread.objects.count() == services.NEW_ACCOUNT_THREADS_PER_DAY


def test_new_account_may_still_write_in_its_threads_after_the_thread_limit(owner):
    partners = _companies(services.NEW_ACCOUNT_THREADS_PER_DAY)
    for partner in partners:
        start(owner, partner)
    assert start(owner, partners[0], body="One more thing").thread.messages.count() == 2


def test_established_account_starts_more_threads(owner):
    age(owner, services.NEW_ACCOUNT_DAYS + 1)
    partners = _companies(services.NEW_ACCOUNT_THREADS_PER_DAY + 1)
    for partner in partners:
        start(owner, partner)
    assert Thread.objects.count() == services.NEW_ACCOUNT_THREADS_PER_DAY + 1


def test_threads_started_yesterday_do_not_count(owner, caspian):
    partners = _companies(services.NEW_ACCOUNT_THREADS_PER_DAY)
    for partner in partners:
        start(owner, partner)
    Thread.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert start(owner, caspian).thread.company_ids == tuple(sorted([owner.membership.company_id, caspian.pk]))


def test_new_account_sends_few_messages_an_hour(owner, company, thread):
    for n in range(services.NEW_ACCOUNT_MESSAGES_PER_HOUR):
        services.send_message(author=owner, company=company, thread=thread, body=f"Message {n}")
    with pytest.raises(services.MessagingError, match="sent 15 messages in the last hour"):
        services.send_message(author=owner, company=company, thread=thread, body="One too many")
    assert Message.objects.count() == services.NEW_ACCOUNT_MESSAGES_PER_HOUR


def test_established_account_has_a_generous_message_cap(owner, company, thread):
    age(owner, 30)
    Message.objects.bulk_create([Message(thread=thread, sender=company, author=owner, body=f"M{n}")
                                 for n in range(services.MESSAGES_PER_HOUR - 1)])
    services.send_message(author=owner, company=company, thread=thread, body="Still fine")
    with pytest.raises(services.MessagingError, match="sent 60 messages in the last hour"):
        services.send_message(author=owner, company=company, thread=thread, body="Too many")


def test_message_limit_is_per_person(owner, member, company, thread):
    Message.objects.bulk_create([Message(thread=thread, sender=company, author=owner, body=f"M{n}")
                                 for n in range(services.NEW_ACCOUNT_MESSAGES_PER_HOUR)])
    assert services.send_message(author=member, company=company, thread=thread, body="My turn").author == member


# Read state and unread counts ----------------------------------------------------------------------------------


def test_unread_counts_the_other_sides_messages_until_read(owner, member, other_owner, company, caspian, thread):
    services.send_message(author=other_owner, company=caspian, thread=thread, body="Price list attached")
    assert [unread_thread_count(owner), unread_thread_count(member), unread_thread_count(other_owner)] == [1, 1, 0]
    services.mark_read(user=owner, thread=thread)
    assert [unread_thread_count(owner), unread_thread_count(member)] == [0, 1]


def test_own_companys_messages_are_not_unread(owner, member, company, thread):
    services.send_message(author=owner, company=company, thread=thread, body="Colleague here")
    assert unread_thread_count(member) == 0


def test_unread_count_of_a_user_without_company_is_zero(loner, thread):
    assert unread_thread_count(loner) == 0


# Email batching ------------------------------------------------------------------------------------------------


def test_new_message_emails_every_member_of_the_other_company_at_once(owner, member, other_owner, caspian, thread,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=other_owner, company=caspian, thread=thread, body="Salam! Our offer.")
    assert sorted(message.to[0] for message in mail.outbox) == [member.email, owner.email]
    assert mail.outbox[0].subject == "New message from Caspian Foods on TradeBridge"
    assert "Salam! Our offer." in mail.outbox[0].body
    assert f"/en/messages/{thread.pk}/" in mail.outbox[0].body


def test_email_is_in_the_readers_language(owner, other_owner, company, caspian, thread,
                                          django_capture_on_commit_callbacks):
    caspian.email_language = "az"
    caspian.save(update_fields=["email_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="Xin chào")
    [email] = mail.outbox
    assert email.to == [other_owner.email]
    assert email.body.startswith("Hörmətli istifadəçi,")
    assert f"/az/messages/{thread.pk}/" in email.body


def test_at_most_one_email_per_thread_and_reader_an_hour(owner, other_owner, company, caspian, thread,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="First")
        services.send_message(author=owner, company=company, thread=thread, body="Second")
        services.send_message(author=owner, company=company, thread=thread, body="Third")
    assert [m.to for m in mail.outbox] == [[other_owner.email]]
    state = ReadState.objects.get(user=other_owner, thread=thread)
    assert state.email_due_at == state.emailed_at + services.EMAIL_INTERVAL
    # Not yet due: nothing.
    assert services.send_due_emails(now=state.emailed_at + timedelta(minutes=59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_emails(now=state.emailed_at + timedelta(minutes=61)) == 1
    later = mail.outbox[1]
    assert later.subject == "3 new messages from Mekong Coffee on TradeBridge"
    assert [later.body.index(word) < later.body.index(after) for word, after in
            [("First", "Second"), ("Second", "Third")]] == [True, True]
    state.refresh_from_db()
    assert state.email_due_at is None
    # Nothing more to send.
    assert services.send_due_emails(now=state.emailed_at + timedelta(hours=3)) == 0
    assert len(mail.outbox) == 2


def test_due_email_lists_only_unread_messages(owner, other_owner, company, caspian, thread,
                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="Before reading")
        services.mark_read(user=other_owner, thread=thread)
        services.send_message(author=owner, company=company, thread=thread, body="After reading")
    state = ReadState.objects.get(user=other_owner, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_emails(now=timezone.now() + timedelta(hours=1, minutes=1)) == 1
    assert "After reading" in mail.outbox[-1].body
    assert "Before reading" not in mail.outbox[-1].body
    assert state.pk == ReadState.objects.get(user=other_owner, thread=thread).pk


def test_no_email_to_a_reader_who_has_read_them(owner, other_owner, company, caspian, thread,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="First")
        services.send_message(author=owner, company=company, thread=thread, body="Second")
    services.mark_read(user=other_owner, thread=thread)
    assert services.send_due_emails(now=timezone.now() + timedelta(hours=2)) == 0
    assert len(mail.outbox) == 1
    assert ReadState.objects.get(user=other_owner, thread=thread).email_due_at is None


def test_an_email_again_after_the_hour(owner, other_owner, company, caspian, thread,
                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="First")
    ReadState.objects.filter(user=other_owner).update(emailed_at=timezone.now() - timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="Second")
    assert len(mail.outbox) == 2


def test_no_due_email_to_someone_who_left_the_company(owner, other_owner, company, caspian, thread,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="First")
        services.send_message(author=owner, company=company, thread=thread, body="Second")
    other_owner.membership.delete()
    assert services.send_due_emails(now=timezone.now() + timedelta(hours=2)) == 0
    assert len(mail.outbox) == 1


def test_author_is_not_emailed_and_has_read_own_message(owner, company, thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(author=owner, company=company, thread=thread, body="Hi")
    assert owner.email not in [m.to[0] for m in mail.outbox]
    assert ReadState.objects.get(user=owner, thread=thread).read_at == Thread.objects.get().last_message_at


def test_rolled_back_message_sends_no_email(owner, other_owner, company, thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.send_message(author=owner, company=company, thread=thread, body="Hi")
        raise RuntimeError
    assert (len(mail.outbox), Message.objects.count()) == (0, 0)


# Reports -------------------------------------------------------------------------------------------------------


def test_report_waits_for_the_moderators(owner, company, thread):
    report = services.report_thread(reporter=owner, company=company, thread=thread, reason="spam", note=" Ads ")
    assert (report.status, report.note, report.reported_company.name) == ("pending", "Ads", "Caspian Foods")


def test_report_twice_while_pending_is_refused(owner, member, company, thread):
    services.report_thread(reporter=owner, company=company, thread=thread, reason="spam")
    with pytest.raises(services.MessagingError, match="already reported"):
        services.report_thread(reporter=member, company=company, thread=thread, reason="fraud")
    assert ThreadReport.objects.count() == 1


def test_report_of_another_companys_thread_is_refused(outsider, thread):
    with pytest.raises(services.MessagingError):
        services.report_thread(reporter=outsider, company=outsider.membership.company, thread=thread, reason="spam")


@pytest.mark.parametrize(("reason", "note"), [("nonsense", ""), ("spam", "x" * 501)])
def test_report_bad_input_is_refused(owner, company, thread, reason, note):
    with pytest.raises(services.MessagingError):
        services.report_thread(reporter=owner, company=company, thread=thread, reason=reason, note=note)
    assert ThreadReport.objects.count() == 0


def test_report_again_after_a_decision(owner, company, thread):
    from companies.moderation import moderate

    first = services.report_thread(reporter=owner, company=company, thread=thread, reason="spam")
    moderate([first], status=ModerationStatus.REJECTED, reason="Ordinary sales offer.")
    second = services.report_thread(reporter=owner, company=company, thread=thread, reason="abusive")
    assert ThreadReport.objects.filter(thread=thread).count() == 2
    assert second.status == "pending"


def test_moderators_decision_on_a_report_emails_the_reporting_owners(owner, member, company, thread,
                                                                      django_capture_on_commit_callbacks):
    from companies.moderation import moderate

    report = services.report_thread(reporter=member, company=company, thread=thread, reason="fraud")
    with django_capture_on_commit_callbacks(execute=True):
        moderate([report], status=ModerationStatus.APPROVED, by=UserFactory(username="moderator"))
    [email] = mail.outbox
    assert (email.to, email.subject) == ([owner.email], "We acted on your report of a conversation")
    assert "Caspian Foods" in email.body


def test_reports_are_in_the_moderation_queue(owner, company, thread):
    from companies.moderation import pending_counts

    services.report_thread(reporter=owner, company=company, thread=thread, reason="spam")
    assert dict(pending_counts())[ThreadReport] == 1


def test_moderators_digest_mentions_new_reports(owner, company, thread, django_capture_on_commit_callbacks):
    from companies.moderation import notify_moderators
    from tests.factories import StaffFactory

    StaffFactory(username="moderator")
    since = timezone.now()
    services.report_thread(reporter=owner, company=company, thread=thread, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_moderators(since=since) == 1
    assert "- Reported conversations: 1\n" in mail.outbox[0].body


def test_membership_factory_company_members_share_threads(company, caspian, thread):
    colleague = MembershipFactory(company=caspian, user=UserFactory(username="colleague"), role="member").user
    services.send_message(author=colleague, company=caspian, thread=thread, body="From a colleague")
    assert Message.objects.get().author == colleague
