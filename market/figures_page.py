"""What the trade page shows, built from the figures in Python (no query here): a chart per direction with the
rows of the table beside it, the figures in sentences in the reader's language, the sources and the notes.

Numbers are formatted in the active language (687.7 in English, 687,7 in Vietnamese and Azerbaijani) by Django's
number_format, as events/charts.py does. Charts and tables show US$ million, the unit the figures are published in;
the sentences say it in words. A derived value is named as such wherever it appears: "(derived)" on its bar and
in its row, a sentence pointing to its note, and the note with the arithmetic.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.charts import Bar, bar_chart
from market.models import TradeDirection, TradeFigure
from market.models.figures import MILLION

# The charts, in the page's order: both ways first, then each direction.
CHART_DIRECTIONS = [TradeDirection.TOTAL, TradeDirection.VN_AZ, TradeDirection.AZ_VN]


@dataclass
class Row:
    """A figure as one line of a table."""

    figure: TradeFigure
    label: str  # the year, or "2022 (derived)"
    millions: str  # the value in US$ million, formatted
    change: str  # "+23.9%", or "" when the source gives none
    note_number: int | None  # the figure's note in the page's list of notes
    source_number: int


@dataclass
class Chart:
    key: str
    title: str
    description: str
    svg: SafeString
    rows: list[Row]


@dataclass
class Sentence:
    text: str
    note_number: int | None = None


@dataclass
class Year:
    year: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Source:
    number: int
    name: str
    url: str


@dataclass
class Note:
    number: int
    figure: TradeFigure
    heading: str  # "2022 · Both ways (total)"
    text: str


@dataclass
class TradePage:
    charts: list[Chart]
    chapter_rows: list[Row]
    years: list[Year]
    sources: list[Source]
    notes: list[Note]

    @property
    def is_empty(self) -> bool:
        return not self.years


def build_trade_page(figures: list[TradeFigure]) -> TradePage:
    """The page's content from the figures, oldest year first as trade_figures() gives them."""
    all_goods = [figure for figure in figures if figure.hs_chapter_id is None]
    by_chapter = [figure for figure in figures if figure.hs_chapter_id is not None]
    # Notes and sources are numbered in the order the page shows their figures: charts, then chapters.
    shown = [figure for direction in CHART_DIRECTIONS for figure in all_goods if figure.direction == direction]
    shown += by_chapter
    sources: dict[tuple[str, str], Source] = {}
    notes: dict[int, Note] = {}
    for figure in shown:
        key = (figure.source_name, figure.source_url)
        if key not in sources:
            sources[key] = Source(len(sources) + 1, figure.source_name, figure.source_url)
        if figure.note:
            notes[figure.pk] = Note(len(notes) + 1, figure, _heading(figure), figure.note)

    def row(figure: TradeFigure) -> Row:
        note = notes.get(figure.pk)
        return Row(figure, _year_label(figure), _millions(figure.value_usd), _change(figure.change_pct),
                   note.number if note else None, sources[(figure.source_name, figure.source_url)].number)

    charts = []
    for direction in CHART_DIRECTIONS:
        rows = [row(figure) for figure in all_goods if figure.direction == direction]
        if rows:
            charts.append(_chart(direction, rows))
    years: dict[int, Year] = {}
    for figure in sorted(shown, key=lambda figure: -figure.year):
        note = notes.get(figure.pk)
        years.setdefault(figure.year, Year(figure.year)).sentences.append(
            Sentence(_sentence(figure), note.number if note else None))
    return TradePage(charts=charts, chapter_rows=[row(figure) for figure in by_chapter], years=list(years.values()),
                     sources=list(sources.values()), notes=list(notes.values()))


def _chart(direction: str, rows: list[Row]) -> Chart:
    title, description = {
        TradeDirection.TOTAL: (
            _("Trade both ways, by year (US$ million)"),
            _("Bar chart: the total of Vietnam's exports to and imports from Azerbaijan each year, in US$ million. "
              "The table beside it gives the same numbers.")),
        TradeDirection.VN_AZ: (
            _("Vietnam → Azerbaijan: Vietnam's exports, by year (US$ million)"),
            _("Bar chart: Vietnam's exports to Azerbaijan each year, in US$ million. The table beside it gives the "
              "same numbers.")),
        TradeDirection.AZ_VN: (
            _("Azerbaijan → Vietnam: Vietnam's imports, by year (US$ million)"),
            _("Bar chart: Vietnam's imports from Azerbaijan each year, in US$ million. The table beside it gives "
              "the same numbers.")),
    }[direction]
    bars = [Bar(label=row.label, value=float(row.figure.value_millions), display=row.millions) for row in rows]
    svg = bar_chart(chart_id=f"trade-chart-{direction}", title=title, description=description, bars=bars)
    return Chart(key=direction, title=title, description=description, svg=svg, rows=rows)


def _sentence(figure: TradeFigure) -> str:
    """The figure said in words: what, when, how much; the change the source reports; where a derived value
    comes from."""
    values = {"year": figure.year, "amount": usd_amount(figure.value_usd)}
    if figure.hs_chapter_id is None:
        text = {
            TradeDirection.TOTAL: _("In %(year)s, trade between Vietnam and Azerbaijan came to %(amount)s."),
            TradeDirection.VN_AZ: _("In %(year)s, Vietnam's exports to Azerbaijan came to %(amount)s."),
            TradeDirection.AZ_VN: _("In %(year)s, Vietnam's imports from Azerbaijan came to %(amount)s."),
        }[figure.direction] % values
    else:
        values["chapter"] = _chapter(figure)
        text = {
            TradeDirection.TOTAL: _("In %(year)s, trade between Vietnam and Azerbaijan in HS chapter %(chapter)s "
                                    "came to %(amount)s."),
            TradeDirection.VN_AZ: _("In %(year)s, Vietnam's exports to Azerbaijan in HS chapter %(chapter)s came "
                                    "to %(amount)s."),
            TradeDirection.AZ_VN: _("In %(year)s, Vietnam's imports from Azerbaijan in HS chapter %(chapter)s came "
                                    "to %(amount)s."),
        }[figure.direction] % values
    parts = [text]
    if figure.change_pct is not None:
        change = {"change": _number(abs(figure.change_pct), 1), "previous": figure.year - 1}
        if figure.change_pct > 0:
            parts.append(_("That is %(change)s%% more than in %(previous)s.") % change)
        elif figure.change_pct < 0:
            parts.append(_("That is %(change)s%% less than in %(previous)s.") % change)
        else:
            parts.append(_("That is as much as in %(previous)s.") % change)
    if figure.is_derived:
        parts.append(_("This value is not reported by the source but derived from another year's figures."))
    return " ".join(parts)


def usd_amount(value: Decimal) -> str:
    """An amount in words as the figures are published: "US$687.7 million", or "US$350,000" under a million."""
    if value >= MILLION:
        return _("US$%(amount)s million") % {"amount": _number(value / MILLION, 1)}
    return _("US$%(amount)s") % {"amount": _number(value, 0)}


def _millions(value: Decimal) -> str:
    return _number(value / MILLION, 1)


def _change(change_pct: Decimal | None) -> str:
    if change_pct is None:
        return ""
    sign = "+" if change_pct > 0 else "−" if change_pct < 0 else ""
    return f"{sign}{_number(abs(change_pct), 1)}%"


def _year_label(figure: TradeFigure) -> str:
    if figure.is_derived:
        return pgettext("trade figure", "%(year)s (derived)") % {"year": figure.year}
    return str(figure.year)


def _chapter(figure: TradeFigure) -> str:
    return f"{figure.hs_chapter_id:02d} ({figure.hs_chapter.name})"


def _heading(figure: TradeFigure) -> str:
    parts = [str(figure.year), str(figure.get_direction_display())]
    if figure.hs_chapter_id is not None:
        parts.append(_chapter(figure))
    return " · ".join(parts)


def _number(value, decimal_pos: int) -> str:
    """In the active language's format: 1,687.7 in English, 1687,7 in Vietnamese, 1 687,7 in Azerbaijani."""
    return formats.number_format(value, decimal_pos=decimal_pos, force_grouping=True)
