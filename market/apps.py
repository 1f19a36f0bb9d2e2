from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    """Market information for the corridor: trade figures, sector briefs, live supply and demand, market
    questions, external trade fairs (docs/market.md). May read companies, events and matchmaking; none of them
    reads it."""

    name = "market"
    verbose_name = _("Market information")
