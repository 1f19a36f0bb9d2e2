from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """Conversations between companies (messaging/models.py). Reads companies, events and matchmaking; of the
    others only events asks it one thing (selectors.is_blocked), at call time."""

    name = "messaging"
    verbose_name = _("Conversations")

    def ready(self):
        from companies.moderation import register_moderated
        from messaging import unread_cache  # noqa: F401  (forget the cached unread counts on change)
        from messaging.models import ThreadReport

        register_moderated(ThreadReport)  # reported conversations in the moderators' digest and the admin home
