"""Sector briefs: the public list (filtered by sector) and a brief's page, in the reader's language when the brief
has it. Staff write them in the admin (market/admin_briefs.py)."""

from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from config.paging import CappedPaginator
from market.briefs_selectors import (
    brief_for_page,
    language_name,
    pick_text,
    public_briefs,
    sectors_with_briefs,
    upcoming_events_of_sector,
)
from market.models import SectorBrief

BRIEFS_PER_PAGE = 20


class BriefFilter(django_filters.FilterSet):
    """The list's filter. Query parameters are part of the public URL (briefs link here): keep their names."""

    sector = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=sectors_with_briefs(), label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"),
    )

    class Meta:
        model = SectorBrief
        fields = ["sector"]


def brief_list(request):
    brief_filter = BriefFilter(request.GET or None, queryset=public_briefs())
    page = CappedPaginator(brief_filter.qs, BRIEFS_PER_PAGE).get_page(request.GET.get("page"))
    reader = get_language()
    for brief in page.object_list:
        brief.in_reader_language = brief.shown_language == reader
        brief.shown_language_name = language_name(brief.shown_language)
    return render(request, "market/briefs/list.html", {"filter": brief_filter, "page": page})


def brief_detail(request, slug):
    """A published brief for everyone; a draft (or one without any text yet) only for staff, as a preview, and
    404 for anyone else. `?text=<language>` shows another of its languages."""
    brief = brief_for_page(slug)
    texts = list(brief.texts.all()) if brief else []
    public = brief is not None and brief.published and bool(texts)
    if brief is None or not (public or request.user.is_staff):
        raise Http404
    shown = next((text for text in texts if text.language == request.GET.get("text")), None) or pick_text(texts)
    reader = get_language()
    return render(request, "market/briefs/detail.html", {
        "brief": brief, "text": shown, "public": public,
        "sections": shown.sections() if shown else [],
        "shown_language": language_name(shown.language) if shown else "",
        "reader_language": language_name(reader),
        "in_reader_language": shown is not None and shown.language == reader,
        "other_texts": [(code, language_name(code)) for code, _name in settings.LANGUAGES
                        if code in {text.language for text in texts} and code != getattr(shown, "language", None)],
        "links": sector_links(brief),
        "upcoming_events": upcoming_events_of_sector(brief.sector),
    })


def sector_links(brief: SectorBrief) -> dict[str, str]:
    """Where a brief sends its reader next: the live supply and demand of its sector (and chapter), the sector's
    companies, its marketplace entries and its events, each page filtered by the parameters it reads."""
    sector = {"sector": brief.sector.slug}
    chapter = {"chapter": brief.hs_chapter_id} if brief.hs_chapter_id else {}
    links = {
        "companies": f"{reverse('companies:directory')}?{urlencode(sector)}",
        "marketplace": f"{reverse('companies:marketplace')}?{urlencode(sector | chapter)}",
        "events": f"{reverse('events:list')}?{urlencode(sector)}",
        "supply_demand": f"{reverse('market:supply_demand')}?{urlencode(sector | chapter)}",
    }
    return links
