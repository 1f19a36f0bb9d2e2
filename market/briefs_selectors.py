"""Reads on sector briefs: the public list (each card's title and summary in the reader's language when the brief
has it, else in another, in the same query), a brief's page and the upcoming events of its sector.

The choice of language is the success stories' (events.story_selectors): the same preference order, the same
"shown in another language" note."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from companies.models import Sector
from events.models import Event
from events.selectors import public_events
from events.story_selectors import language_name, language_preference, pick_text
from market.models import BriefText, SectorBrief

__all__ = ["brief_for_page", "language_name", "pick_text", "public_briefs", "sectors_with_briefs",
           "upcoming_events_of_sector"]

# How many of a sector's upcoming events a brief lists (a link leads to all of them).
UPCOMING_EVENTS = 3


def with_shown_text(briefs: QuerySet[SectorBrief]) -> QuerySet[SectorBrief]:
    """Annotate shown_title, shown_summary and shown_language: the text of each brief a reader is shown."""
    preferred = BriefText.objects.filter(brief=OuterRef("pk")).order_by(language_preference())
    return briefs.annotate(
        shown_title=Subquery(preferred.values("title")[:1]),
        shown_summary=Subquery(preferred.values("summary")[:1]),
        shown_language=Subquery(preferred.values("language")[:1]),
    )


def public_briefs() -> QuerySet[SectorBrief]:
    """Published briefs that have a text, by sector name (English, stable in every language) then HS chapter."""
    return with_shown_text(
        SectorBrief.objects.filter(Exists(BriefText.objects.filter(brief=OuterRef("pk"))), published=True)
        .select_related("sector", "hs_chapter")
        .order_by("sector__name_en", "hs_chapter_id", "pk")
    )


def sectors_with_briefs() -> QuerySet[Sector]:
    """The sectors a reader can filter the list by: those with a published brief."""
    return Sector.objects.filter(briefs__published=True).distinct().order_by("name_en")


def brief_for_page(slug: str) -> SectorBrief | None:
    """A brief with its sector, chapter and texts (two queries), published or not: the view decides who sees a
    draft."""
    return (SectorBrief.objects.select_related("sector", "hs_chapter").prefetch_related("texts")
            .filter(slug=slug).first())


def upcoming_events_of_sector(sector: Sector, limit: int = UPCOMING_EVENTS) -> list[Event]:
    """Published events of the sector that have not ended yet, soonest first."""
    return list(public_events().filter(focus_sectors=sector, end_date__gte=timezone.localdate())[:limit])
