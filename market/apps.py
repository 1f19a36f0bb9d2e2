from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    """Market information for the corridor: trade figures, sector briefs, live supply and demand, market
    questions, external trade fairs (docs/market.md). May read companies, events and matchmaking; none of them
    reads it."""

    name = "market"
    verbose_name = _("Market information")

    def ready(self):
        from companies.moderation import register_moderated
        from market import supply_signals  # noqa: F401  (connects the receivers that refresh supply and demand)
        from market.models import Answer, Question

        register_moderated(Question)  # in the moderators' digest and the admin home's counts
        register_moderated(Answer)
