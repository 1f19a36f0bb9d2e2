from events.models import Notification


def notifications(request):
    """The unread count for the header: one query for a signed-in user, none for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
