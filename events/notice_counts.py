"""The header's count of a user's unread notices, cached between the writes that change it.

Every signed-in page shows the count, so counting on each request is a query on each page (docs/performance.md,
"Cached fragments"). The count is cached per user under a generation (config.generations) that every write able
to change it bumps: a notice created or deleted (signals below), a batch created without signals
(announcements), the notices marked read. TIMEOUT is the backstop for a write that sends no signal and for
processes that share no cache (local memory).
"""

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from config import generations
from events.models import Notification

TIMEOUT = 60


def unread_notice_count(user) -> int:
    """How many of the user's notices are unread: from the cache, else one query."""
    return generations.cached(f"notices:unread:{user.pk}", generation_key=_generation_key(user.pk), timeout=TIMEOUT,
                              compute=Notification.objects.filter(user=user, read_at__isnull=True).count)


def mark_all_read(user) -> None:
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread_notices([user.pk])


def forget_unread_notices(user_ids: Iterable[int]) -> None:
    for user_id in set(user_ids):
        generations.bump(_generation_key(user_id))


@receiver(post_save, sender=Notification, dispatch_uid="events_notice_saved")
@receiver(post_delete, sender=Notification, dispatch_uid="events_notice_deleted")
def _forget_on_change(instance, raw=False, **kwargs) -> None:
    if not raw:
        forget_unread_notices([instance.user_id])


def _generation_key(user_id: int) -> str:
    return f"notices:generation:{user_id}"
