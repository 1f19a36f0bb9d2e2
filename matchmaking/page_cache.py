"""The cached suggestions page of a company (config.fragments): its suggestion cards, paging and marks, rendered
once per company, page and language and served to each of its people until something they show changes.

The cards show the ranking, the scores and reasons, the marks and the partners' names: every write able to
change them bumps the ranking's generation (matchmaking.suggestion_cache); sector names are companies'
REFERENCE_GENERATION. They also show the next event both companies attend and the requests between them (the
one-click "request a meeting" button, "request pending"): an event, a participation or a meeting request saved or
deleted bumps RELATIONS_GENERATION. The fragment is for one company's people only (its key holds the company);
its forms' CSRF token is each reader's own (config.fragments).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from companies.fragments import REFERENCE_GENERATION
from config import generations
from config.fragments import cached_fragments
from events.models import Event, MeetingRequest, Participation
from matchmaking import suggestion_cache

RELATIONS_GENERATION = "matchmaking:relations-generation"


def suggestions_page_fragments(request, company, *, templates: dict[str, str], context) -> dict:
    return cached_fragments(
        "partners", generation_keys=[suggestion_cache.GENERATION_KEY, RELATIONS_GENERATION, REFERENCE_GENERATION],
        vary=[company.pk, request.get_full_path()], templates=templates, context=context, csrf_request=request)


@receiver(post_save, sender=Event, dispatch_uid="matchmaking_page_event_saved")
@receiver(post_delete, sender=Event, dispatch_uid="matchmaking_page_event_deleted")
@receiver(post_save, sender=Participation, dispatch_uid="matchmaking_page_participation_saved")
@receiver(post_delete, sender=Participation, dispatch_uid="matchmaking_page_participation_deleted")
@receiver(post_save, sender=MeetingRequest, dispatch_uid="matchmaking_page_request_saved")
@receiver(post_delete, sender=MeetingRequest, dispatch_uid="matchmaking_page_request_deleted")
def forget_relations(raw=False, **kwargs) -> None:
    if not raw:
        generations.bump(RELATIONS_GENERATION)
