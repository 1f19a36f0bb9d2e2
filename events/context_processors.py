from django.utils.functional import SimpleLazyObject

from events.notice_counts import unread_notice_count
from events.permissions import is_organizer


def notifications(request):
    """The unread count for the header (cached per user: events.notice_counts; nothing for a visitor), and
    whether the user organizes events (events.permissions.is_organizer), read only when a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_notice_count(user),
            "user_is_organizer": SimpleLazyObject(lambda: is_organizer(user))}
