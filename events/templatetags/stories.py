"""The public stories a company is part of, for its page (templates/companies/detail.html): the companies app
knows nothing of events, so its page asks here, in one query (events.story_selectors.stories_of_company)."""

from django import template

from events.story_selectors import stories_of_company

register = template.Library()


@register.inclusion_tag("events/stories/company_stories.html")
def company_stories(company) -> dict:
    return {"stories": stories_of_company(company)}
