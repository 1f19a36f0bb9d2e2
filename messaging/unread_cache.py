"""The header's count of unread conversations, cached between the writes that change it.

The count (messaging.selectors.unread_thread_count) is on every page a company member sees. It changes when a
message is saved in one of the company's threads (for every member of both companies), when the user reads a
thread (services.mark_read, a queryset update) and when a thread is deleted (with a company or an account): each
bumps the generation of the companies concerned (config.generations), which the cached count's key holds with
the user. TIMEOUT is the backstop for a write that sends no signal and for processes that share no cache.
"""

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from config import generations
from messaging.models import Message, Thread
from messaging.selectors import unread_thread_count

TIMEOUT = 60


def unread_threads(user, company_id: int) -> int:
    """How many threads of the user's company (`company_id`, its membership's) the user has unread: from the
    cache, else one query."""
    return generations.cached(f"threads:unread:{user.pk}:{company_id}", generation_key=_generation_key(company_id),
                              timeout=TIMEOUT, compute=lambda: unread_thread_count(user))


def forget_unread_threads(company_ids: Iterable[int]) -> None:
    for company_id in set(company_ids):
        generations.bump(_generation_key(company_id))


@receiver(post_save, sender=Message, dispatch_uid="messaging_message_saved")
def _forget_on_message(instance, raw=False, **kwargs) -> None:
    if not raw:
        forget_unread_threads(instance.thread.company_ids)


@receiver(post_delete, sender=Thread, dispatch_uid="messaging_thread_deleted")
def _forget_on_delete(instance, **kwargs) -> None:
    forget_unread_threads(instance.company_ids)


def _generation_key(company_id: int) -> str:
    return f"threads:generation:{company_id}"
