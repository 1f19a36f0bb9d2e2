"""The score's reasons in plain words, in the active language.

The score keeps its reasons structured (a code and parameters, see matchmaking.scoring); they become
sentences only here, at display time, so one computed match reads right in English, Vietnamese and
Azerbaijani, and reads from the viewer's side ("you") or, for an organizer, with both companies' names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.i18n_names import country_name, language_name, lower_first
from matchmaking import scoring

# (for the viewer, for an organizer). %(a)s is the first company, %(b)s the other; %(title)s an entry's title.
MESSAGES = {
    scoring.SECTORS: (_("Both work in %(sectors)s"), _("Both work in %(sectors)s")),
    (scoring.A_OFFERS_B_REQUESTS, scoring.CHAPTER): (
        _("They are looking for “%(title)s” (HS %(chapter)s), which you offer"),
        _("%(b)s is looking for “%(title)s” (HS %(chapter)s), which %(a)s offers"),
    ),
    (scoring.A_OFFERS_B_REQUESTS, scoring.SERVICE): (
        _("They are looking for “%(title)s” (%(sector)s), which you offer"),
        _("%(b)s is looking for “%(title)s” (%(sector)s), which %(a)s offers"),
    ),
    (scoring.B_OFFERS_A_REQUESTS, scoring.CHAPTER): (
        _("They offer “%(title)s” (HS %(chapter)s), which you are looking for"),
        _("%(b)s offers “%(title)s” (HS %(chapter)s), which %(a)s is looking for"),
    ),
    (scoring.B_OFFERS_A_REQUESTS, scoring.SERVICE): (
        _("They offer “%(title)s” (%(sector)s), which you are looking for"),
        _("%(b)s offers “%(title)s” (%(sector)s), which %(a)s is looking for"),
    ),
    scoring.CROSS_BORDER: (_("Cross-border: %(first)s ↔ %(second)s"), _("Cross-border: %(first)s ↔ %(second)s")),
    scoring.LANGUAGES: (_("You share %(languages)s"), _("Both speak %(languages)s")),
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
        values["chapter"] = f"{params['chapter']:02d}" if params.get("chapter") else ""
        sector = sectors.get(params["sector"])
        values["sector"] = str(sector) if sector else ""
    elif reason.code == scoring.CROSS_BORDER:
        values["first"], values["second"] = (country_name(code) for code in params["countries"])
    elif reason.code == scoring.LANGUAGES:
        values["languages"] = join([language_name(code) for code in params["languages"]])
    return str(message) % values


def join(items: list[str]) -> str:
    """"A", "A and B", "A, B and C" in the active language."""
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
