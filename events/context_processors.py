from django.utils.functional import SimpleLazyObject

from events.models import Notification
from events.permissions import is_organizer


def notifications(request):
    """The unread count for the header (one query for a signed-in user, none for a visitor), and whether the
    user organizes events (events.permissions.is_organizer), read only when a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "user_is_organizer": SimpleLazyObject(lambda: is_organizer(user))}
