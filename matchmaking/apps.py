from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self):
        from matchmaking import (
            page_cache,  # noqa: F401  (forgets the cached suggestions pages when events and requests change)
            signals,  # noqa: F401  (connects the receivers that keep candidate keys fresh)
        )
