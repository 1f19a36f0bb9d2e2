"""The cached story cards of the public pages (a company's page, the home page; config.fragments), and the writes
that make them stale.

A card shows the story's text in the reader's language and both companies' names and countries, and a story is
public only while both companies are listed: a story or one of its texts saved or deleted, a moderator's decision
on stories or companies, a company saved, deleted or withdrawn bump STORIES_GENERATION. Companies change rarely
next to how often their pages are read, so one generation for all stories is enough.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from companies.models import Company
from companies.signals import company_withdrawn, items_moderated
from config import generations
from events.models import SuccessStory, SuccessStoryText

STORIES_GENERATION = "events:stories-generation"


@receiver(post_save, sender=SuccessStory, dispatch_uid="events_stories_story_saved")
@receiver(post_delete, sender=SuccessStory, dispatch_uid="events_stories_story_deleted")
@receiver(post_save, sender=SuccessStoryText, dispatch_uid="events_stories_text_saved")
@receiver(post_delete, sender=SuccessStoryText, dispatch_uid="events_stories_text_deleted")
@receiver(post_save, sender=Company, dispatch_uid="events_stories_company_saved")
@receiver(post_delete, sender=Company, dispatch_uid="events_stories_company_deleted")
@receiver(company_withdrawn, dispatch_uid="events_stories_company_withdrawn")
@receiver(items_moderated, dispatch_uid="events_stories_moderated")
def forget_stories(raw=False, **kwargs) -> None:
    if not raw:
        generations.bump(STORIES_GENERATION)
