from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies")

    def ready(self):
        from companies import (
            cache_signals,  # noqa: F401  (forget cached summaries and choice lists on change)
            search_signals,  # noqa: F401  (connects the receivers that keep search columns)
        )
