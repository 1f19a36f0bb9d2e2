from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from companies.models import Company
        from companies.moderation import register_moderated
        from companies.signals import company_withdrawn, items_moderated
        from events import (
            list_cache,  # noqa: F401  (forget the cached event list on change)
            notice_counts,  # noqa: F401  (forget the cached unread counts on change)
            story_cache,  # noqa: F401  (forget the cached story cards on change)
        )
        from events.models import Participation, SuccessStory
        from events.selectors import forget_participant_count

        register_moderated(SuccessStory)  # in the moderators' digest and the admin home's counts
        company_withdrawn.connect(_withdraw_from_events, dispatch_uid="events.withdraw_company")
        items_moderated.connect(_register_invited, sender=Company, dispatch_uid="events.register_invited")
        # The cached participant counts of the event list (events.selectors.with_participant_counts).
        post_save.connect(forget_participant_count, sender=Participation, dispatch_uid="events_participant_count_saved")
        post_delete.connect(forget_participant_count, sender=Participation,
                            dispatch_uid="events_participant_count_deleted")


def _withdraw_from_events(sender, *, company, **kwargs):
    """A company that stops being approved leaves the events to come (see services.withdraw_company)."""
    from events.services import withdraw_company

    withdraw_company(company=company)


def _register_invited(sender, *, pks, **kwargs):
    """Companies approved by a moderator that took up an imported invitation are registered for its event
    (services.imports.register_invited_companies); sent once the decision committed."""
    from events.services.imports import register_invited_companies

    register_invited_companies(company_ids=pks)
