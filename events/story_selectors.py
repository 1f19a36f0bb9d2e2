"""Reads on success stories that pages share (the public list, the home page, a company's page, a company's own
stories). Each card's title and summary come in the reader's language when the story has it, else in another, in
the same query (a correlated subquery), so a list costs the same whatever its length."""

from django.conf import settings
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Left
from django.utils.translation import get_language, get_language_info

from companies.models import Company, ModerationStatus
from events.models import Consent, Meeting, MeetingStatus, OutcomeResult, SuccessStory, SuccessStoryText

# How much of a story's text a card shows.
SUMMARY_CHARACTERS = 220


def language_preference(language: str | None = None) -> Case:
    """An ordering of story texts: the reader's language first, then the site's languages in their usual order."""
    language = language or get_language()
    whens = [When(language=language, then=Value(0))]
    whens += [When(language=code, then=Value(position)) for position, (code, _name) in
              enumerate(settings.LANGUAGES, start=1)]
    return Case(*whens, default=Value(99), output_field=IntegerField())


def with_shown_text(stories: QuerySet[SuccessStory]) -> QuerySet[SuccessStory]:
    """Annotate shown_title, shown_summary and shown_language: the text of each story a reader is shown."""
    preferred = SuccessStoryText.objects.filter(story=OuterRef("pk")).order_by(language_preference())
    return stories.annotate(
        shown_title=Subquery(preferred.values("title")[:1]),
        shown_summary=Subquery(preferred.annotate(summary=Left("body", SUMMARY_CHARACTERS)).values("summary")[:1]),
        shown_language=Subquery(preferred.values("language")[:1]),
    )


def public_stories() -> QuerySet[SuccessStory]:
    """Stories the partner agreed to and a moderator approved, of two companies still listed; newest first."""
    return with_shown_text(
        SuccessStory.objects.filter(status=ModerationStatus.APPROVED, consent=Consent.GIVEN,
                                    author__status=ModerationStatus.APPROVED,
                                    partner__status=ModerationStatus.APPROVED)
        .select_related("author", "partner")
        .order_by("-published_at", "-pk")
    )


def featured_stories(limit: int = 3) -> list[SuccessStory]:
    """The home page's stories: one query."""
    return list(public_stories().filter(featured=True)[:limit])


def stories_of_company(company: Company, limit: int = 6) -> list[SuccessStory]:
    """The public stories a company is part of, as author or partner: one query."""
    return list(public_stories().filter(Q(author=company) | Q(partner=company))[:limit])


def own_stories(company: Company) -> QuerySet[SuccessStory]:
    """Every story a company wrote or is the partner of, in any state, newest first."""
    return with_shown_text(
        SuccessStory.objects.filter(Q(author=company) | Q(partner=company))
        .select_related("author", "partner").order_by("-created_at", "-pk")
    )


def agreement_meetings(company: Company) -> QuerySet[Meeting]:
    """The company's meetings that led to an agreement, as either side answered the follow-up: those a story can
    be written about."""
    return (
        Meeting.objects.filter(Q(request__requester__company=company) | Q(request__recipient__company=company))
        .filter(outcomes__result=OutcomeResult.AGREEMENT)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("event", "request__requester__company", "request__recipient__company")
        .order_by("-event__start_date", "pk").distinct()
    )


def pick_text(texts, language: str | None = None) -> SuccessStoryText | None:
    """Of a story's texts, the one in `language` (the reader's), else the first in the site's language order."""
    language = language or get_language()
    order = [language, *(code for code, _name in settings.LANGUAGES)]
    return min(texts, key=lambda text: order.index(text.language) if text.language in order else len(order),
               default=None)


def language_name(code: str) -> str:
    """The language's name in the active language ("Vietnamese", "tiếng Việt" is the native one)."""
    return get_language_info(code)["name_translated"]
