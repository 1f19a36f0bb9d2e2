"""Reads on conversations: who sees a thread, the threads page with its unread counts, the header's count."""

from datetime import UTC, datetime

from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from companies.models import Company, Membership
from messaging.models import Block, Message, ReadState, Thread

# "Never read": earlier than any message.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def is_blocked(company_a: Company | int, company_b: Company | int) -> bool:
    """Whether either company blocked the other: then neither writes to the other nor asks it for a meeting."""
    a = getattr(company_a, "pk", company_a)
    b = getattr(company_b, "pk", company_b)
    return Block.objects.filter(Q(blocker_id=a, blocked_id=b) | Q(blocker_id=b, blocked_id=a)).exists()


def blocked_by(company: Company, other: Company) -> bool:
    """Whether `company` blocked `other` (one direction: what the block/unblock button shows)."""
    return Block.objects.filter(blocker=company, blocked=other).exists()


def blocks_of(company: Company) -> QuerySet[Block]:
    """The companies `company` blocked, latest first, each with `thread_id`: the conversation it was blocked from
    (where it is unblocked too). One query."""
    low_high = Q(company_low_id=OuterRef("blocked_id"), company_high_id=company.pk)
    high_low = Q(company_low_id=company.pk, company_high_id=OuterRef("blocked_id"))
    return (Block.objects.filter(blocker=company).select_related("blocked")
            .annotate(thread_id=Subquery(Thread.objects.filter(low_high | high_low).values("pk")[:1]))
            .order_by("-created_at", "-pk"))


def threads_of(company: Company | int) -> QuerySet[Thread]:
    """The threads `company` is in: the only ones its members may open (others get 404)."""
    company_id = getattr(company, "pk", company)
    return Thread.objects.filter(Q(company_low_id=company_id) | Q(company_high_id=company_id))


def thread_pair(a: Company | int, b: Company | int) -> tuple[int, int]:
    """The pair as stored: smaller id first."""
    a, b = getattr(a, "pk", a), getattr(b, "pk", b)
    return (a, b) if a < b else (b, a)


def existing_thread(company: Company, other: Company) -> Thread | None:
    low, high = thread_pair(company, other)
    return Thread.objects.filter(company_low_id=low, company_high_id=high).first()


def _read_at(user) -> Subquery:
    return Subquery(ReadState.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1],
                    output_field=DateTimeField())


def threads_page(*, user, company: Company) -> QuerySet[Thread]:
    """The threads page: `company`'s threads, most recent first, each with the two companies, the last message
    (`last_body`, `last_sender_id`) and `unread`, the number of messages from the other side that `user` has not
    read. One query for any number of threads (subqueries per row, no query per row)."""
    last = Message.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-pk")
    unread = (Message.objects.filter(thread=OuterRef("pk"), created_at__gt=Coalesce(
        OuterRef("read_at"), Value(EPOCH, output_field=DateTimeField()))).exclude(sender_id=company.pk)
        .order_by().values("thread").annotate(count=Count("pk")).values("count"))
    return (threads_of(company).select_related("company_low", "company_high")
            .annotate(read_at=_read_at(user),
                      last_body=Subquery(last.values("body")[:1]),
                      last_sender_id=Subquery(last.values("sender_id")[:1]))
            .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
            .order_by("-last_message_at", "-pk"))


def unread_thread_count(user) -> int:
    """How many threads of the user's company have a message from the other side that the user has not read:
    one query (the company is found in it, so no membership needs to be loaded first)."""
    company_id = Subquery(Membership.objects.filter(user=user).values("company_id")[:1])
    epoch = Value(EPOCH, output_field=DateTimeField())
    return (Thread.objects.annotate(read_at=Coalesce(_read_at(user), epoch))
            .filter(Q(company_low_id=company_id, high_last_at__gt=F("read_at"))
                    | Q(company_high_id=company_id, low_last_at__gt=F("read_at")))
            .count())


def messages_of(thread: Thread) -> QuerySet[Message]:
    return thread.messages.select_related("author").order_by("created_at", "pk")


def unread_messages(*, thread: Thread, reader_company_id: int, since) -> list[Message]:
    """The other side's messages after `since` (None: all), oldest first: what an email lists."""
    messages = thread.messages.exclude(sender_id=reader_company_id).select_related("sender", "author")
    if since is not None:
        messages = messages.filter(created_at__gt=since)
    return list(messages.order_by("created_at", "pk"))
