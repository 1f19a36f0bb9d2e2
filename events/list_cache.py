"""The cached filters and results of the public event list (config.fragments), and the writes that make them stale.

The list shows published events with their focus sectors and participant counts: an event saved or deleted, its
focus sectors changed, a participation saved or deleted bump LIST_GENERATION; a sector renamed bumps companies'
REFERENCE_GENERATION, which the list reads too. A company withdrawn changes the counts without a signal here: it
shows within config.fragments.TIMEOUT, as in the cached counts themselves (events.selectors.with_participant_counts).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from companies.fragments import REFERENCE_GENERATION
from config import generations
from config.fragments import cached_fragments, query_is_known
from events.forms import EventFilter
from events.models import Event, Participation

LIST_GENERATION = "events:list-generation"


def event_list_fragments(request, *, templates: dict[str, str], context) -> dict:
    """The list's fragments for this address (path and query string: the paging links keep the query), if its
    parameters are the filters' and the page number."""
    return cached_fragments("events", generation_keys=[LIST_GENERATION, REFERENCE_GENERATION],
                            vary=[request.get_full_path()], templates=templates, context=context,
                            store=query_is_known(request, [*EventFilter.base_filters, "page"]))


@receiver(post_save, sender=Event, dispatch_uid="events_list_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="events_list_event_deleted")
@receiver(post_save, sender=Participation, dispatch_uid="events_list_participation_saved")
@receiver(post_delete, sender=Participation, dispatch_uid="events_list_participation_deleted")
@receiver(m2m_changed, sender=Event.focus_sectors.through, dispatch_uid="events_list_focus_sectors")
def forget_event_list(raw=False, **kwargs) -> None:
    if not raw:
        generations.bump(LIST_GENERATION)
