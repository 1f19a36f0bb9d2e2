import factory
from django.utils import timezone

from messaging.models import Message, Thread
from messaging.selectors import thread_pair
from tests.factories import CompanyFactory


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread between `a` and `b` (any order: stored as the ordered pair)."""

    class Meta:
        model = Thread
        exclude = ["a", "b"]

    a = factory.SubFactory(CompanyFactory)
    b = factory.SubFactory(CompanyFactory)
    company_low_id = factory.LazyAttribute(lambda t: thread_pair(t.a, t.b)[0])
    company_high_id = factory.LazyAttribute(lambda t: thread_pair(t.a, t.b)[1])


def write(thread: Thread, sender, body: str = "Hello", *, author=None, at=None) -> Message:
    """A message in `thread` from company `sender`, with the thread's times kept as the services keep them."""
    at = at or timezone.now()
    message = Message.objects.create(thread=thread, sender=sender, author=author, body=body, created_at=at)
    side = "low_last_at" if sender.pk == thread.company_low_id else "high_last_at"
    Thread.objects.filter(pk=thread.pk).update(last_message_at=at, **{side: at})
    thread.refresh_from_db()
    return message
