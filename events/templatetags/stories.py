"""The public stories a company is part of, for its page (templates/companies/detail.html): the companies app
knows nothing of events, so its page asks here, in one query (events.story_selectors.stories_of_company), made
only when the cards are not cached (events.story_cache)."""

from django import template

from config.fragments import cached_fragments
from events.story_cache import STORIES_GENERATION
from events.story_selectors import stories_of_company

register = template.Library()


@register.simple_tag
def company_stories(company) -> str:
    return cached_fragments(
        "company-stories", generation_keys=[STORIES_GENERATION], vary=[company.pk],
        templates={"html": "events/stories/company_stories.html"},
        context=lambda: {"stories": stories_of_company(company)},
    )["html"]
