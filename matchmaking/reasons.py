"""The score's reasons in plain words, in the active language.

The score keeps its reasons structured (a code and parameters, see matchmaking.scoring); they become
sentences only here, at display time, so one computed match reads right in English, Vietnamese and
Azerbaijani, and reads from the viewer's side ("you") or, for an organizer, with both companies' names.
"""

from dataclasses import dataclass

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from companies.hs_chapters import HS_CHAPTERS
from companies.hs_headings import heading_label, heading_name
from companies.i18n_names import country_name, language_name, lower_first
from companies.roles import ROLES
from matchmaking import scoring

# (for the viewer, for an organizer). %(a)s is the first company, %(b)s the other; %(title)s an entry's title.
MESSAGES = {
    scoring.SECTORS: (_("Both work in %(sectors)s"), _("Both work in %(sectors)s")),
    # The claim "which you offer" only when both entries name the same HS heading (or the same service sector).
    (scoring.A_OFFERS_B_REQUESTS, scoring.HEADING): (
        _("They are looking for “%(title)s” (HS %(heading)s: %(heading_name)s), which you offer"),
        _("%(b)s is looking for “%(title)s” (HS %(heading)s: %(heading_name)s), which %(a)s offers"),
    ),
    # The same chapter only: worded as such, without claiming that the offer answers the request.
    (scoring.A_OFFERS_B_REQUESTS, scoring.CHAPTER): (
        _("Both trade in HS %(chapter)s (%(chapter_name)s): they are looking for “%(title)s”, you offer "
          "“%(own)s”"),
        _("Both trade in HS %(chapter)s (%(chapter_name)s): %(b)s is looking for “%(title)s”, %(a)s offers "
          "“%(own)s”"),
    ),
    (scoring.A_OFFERS_B_REQUESTS, scoring.SERVICE): (
        _("They are looking for “%(title)s” (%(sector)s), which you offer"),
        _("%(b)s is looking for “%(title)s” (%(sector)s), which %(a)s offers"),
    ),
    (scoring.B_OFFERS_A_REQUESTS, scoring.HEADING): (
        _("They offer “%(title)s” (HS %(heading)s: %(heading_name)s), which you are looking for"),
        _("%(b)s offers “%(title)s” (HS %(heading)s: %(heading_name)s), which %(a)s is looking for"),
    ),
    (scoring.B_OFFERS_A_REQUESTS, scoring.CHAPTER): (
        _("Both trade in HS %(chapter)s (%(chapter_name)s): they offer “%(title)s”, you are looking for "
          "“%(own)s”"),
        _("Both trade in HS %(chapter)s (%(chapter_name)s): %(b)s offers “%(title)s”, %(a)s is looking for "
          "“%(own)s”"),
    ),
    (scoring.B_OFFERS_A_REQUESTS, scoring.SERVICE): (
        _("They offer “%(title)s” (%(sector)s), which you are looking for"),
        _("%(b)s offers “%(title)s” (%(sector)s), which %(a)s is looking for"),
    ),
    scoring.ROLES: (_("Complementary sides of a trade: you — %(own)s, they — %(their)s"),
                    _("Complementary sides of a trade: %(a)s — %(own)s, %(b)s — %(their)s")),
    scoring.CROSS_BORDER: (_("Cross-border: %(first)s ↔ %(second)s"), _("Cross-border: %(first)s ↔ %(second)s")),
    scoring.LANGUAGES: (_("You share %(languages)s"), _("Both speak %(languages)s")),
    scoring.COMPETITOR: (
        _("Likely competitor: you both sell HS %(goods)s from %(country)s into the same markets"),
        _("Likely competitors: %(a)s and %(b)s both sell HS %(goods)s from %(country)s into the same markets"),
    ),
    scoring.NOT_INTERESTED_BY_A: (_("You marked this company “not interested”"),
                                  _("%(a)s marked %(b)s “not interested”")),
    # The viewer is not told who set them aside, only that the interest may not be mutual.
    scoring.NOT_INTERESTED_BY_B: (_("The interest may not be mutual"), _("%(b)s marked %(a)s “not interested”")),
    scoring.DECLINED_REQUEST: (_("A meeting request between you was declined"),
                               _("A meeting request between them was declined")),
}


@dataclass(frozen=True)
class ReasonLine:
    text: str
    points: int

    @property
    def is_penalty(self) -> bool:
        return self.points < 0


def explain(match: scoring.Match, *, sectors: dict, first: str | None = None,
            second: str | None = None) -> list[ReasonLine]:
    """The reasons of a match as sentences. `sectors` maps sector ids to Sector objects; with `first` and
    `second` (company names) the sentences are written for a third party, else for the first company."""
    return [ReasonLine(reason_text(r, sectors=sectors, first=first, second=second), r.points)
            for r in match.reasons]


def reason_text(reason: scoring.Reason, *, sectors: dict, first: str | None = None,
                second: str | None = None) -> str:
    params = reason.params
    key = (reason.code, params["by"]) if "by" in params else reason.code
    message = MESSAGES[key][0 if first is None else 1]
    values = {"a": first or "", "b": second or ""}
    if reason.code == scoring.SECTORS:
        values["sectors"] = join([lower_first(str(sectors[pk])) if pk in sectors else str(pk)
                                  for pk in params["sectors"]])
    elif "by" in params:
        own_side = reason.code == scoring.A_OFFERS_B_REQUESTS
        values["title"] = params["request"] if own_side else params["offer"]
        values["own"] = params["offer"] if own_side else params["request"]
        values.update(_goods(params.get("chapter"), params.get("heading")))
        sector = sectors.get(params["sector"])
        values["sector"] = str(sector) if sector else ""
    elif reason.code == scoring.ROLES:
        values["own"], values["their"] = (lower_first(role_name(slug)) for slug in params["roles"])
    elif reason.code == scoring.COMPETITOR:
        goods = _goods(params["chapter"], params.get("heading"))
        values["goods"] = (f"{goods['heading']} ({goods['heading_name']})" if params.get("heading")
                           else f"{goods['chapter']} ({goods['chapter_name']})")
        values["country"] = country_name(params["country"])
    elif reason.code == scoring.CROSS_BORDER:
        values["first"], values["second"] = (country_name(code) for code in params["countries"])
    elif reason.code == scoring.LANGUAGES:
        values["languages"] = join([language_name(code) for code in params["languages"]])
    return str(message) % values


def _goods(chapter: int | None, heading: int | None) -> dict[str, str]:
    """The chapter and heading of a reason, as codes ("09", "0904") and names in the active language."""
    return {
        "chapter": f"{chapter:02d}" if chapter else "",
        "chapter_name": lower_first(chapter_name(chapter)) if chapter else "",
        "heading": heading_label(heading) if heading else "",
        "heading_name": lower_first(heading_name(heading)) if heading else "",
    }


def chapter_name(code: int) -> str:
    """An HS chapter's name in the active language, from the data the chapters are seeded from (no query)."""
    names = _CHAPTER_NAMES.get(code)
    if names is None:
        return f"{code:02d}"
    index = {"vi": 1, "az": 2}.get((get_language() or "en").split("-")[0], 0)
    return names[index] or names[0]


def role_name(slug: str) -> str:
    """A role's name in the active language, from the data the roles are seeded from (no query)."""
    names = _ROLE_NAMES.get(slug)
    if names is None:
        return slug
    index = {"vi": 1, "az": 2}.get((get_language() or "en").split("-")[0], 0)
    return names[index] or names[0]


_CHAPTER_NAMES = {code: (en, vi, az) for code, en, vi, az in HS_CHAPTERS}
_ROLE_NAMES = {slug: (en, vi, az) for slug, en, vi, az in ROLES}


def join(items: list[str]) -> str:
    """"A", "A and B", "A, B and C" in the active language."""
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
