from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from companies.moderation import register_moderated
        from companies.signals import company_withdrawn
        from events.models import SuccessStory

        register_moderated(SuccessStory)  # in the moderators' digest and the admin home's counts
        company_withdrawn.connect(_withdraw_from_events, dispatch_uid="events.withdraw_company")


def _withdraw_from_events(sender, *, company, **kwargs):
    """A company that stops being approved leaves the events to come (see services.withdraw_company)."""
    from events.services import withdraw_company

    withdraw_company(company=company)
