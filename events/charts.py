"""Server-rendered SVG bar charts for the impact report: pure functions from numbers to markup.

No JavaScript and no charting library: a horizontal bar per value, its label written above it and its number
after it, so neither the colour nor the length alone carries the meaning. The SVG has a viewBox and no fixed
size, so it scales to the width of its container (360 px on a phone); role="img" with a <title> and <desc>
names it for screen readers, and the page shows the same numbers in a table beside it. Colours are dark enough
for a 3:1 contrast against white (non-text contrast, WCAG 1.4.11); text is the site's ink colour.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 400  # at 360 px wide the text is 0.9 of its size: 14 → 12.6 px
LABEL_HEIGHT = 18  # a label line above each bar
BAR_HEIGHT = 16
GAP = 10  # between one bar and the next label
GROUP_GAP = 14  # before a group heading
VALUE_ROOM = 70  # room after the longest bar for its number
INK = "#1d2430"
# Series colours, each ≥ 3:1 against white and distinct from its neighbours: green, blue, amber, purple.
PALETTE = ["#0b6e4f", "#1849a9", "#93370d", "#6e2b8a", "#5b6575"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str = ""  # the number as shown (e.g. "$50,000"); str(value) when empty


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar],
              colour_by_bar: bool = False) -> SafeString:
    """One bar per item, longest value full width. `colour_by_bar` gives each bar its own colour (a distribution);
    otherwise all bars share the first (a funnel)."""
    return grouped_bar_chart(chart_id=chart_id, title=title, description=description,
                             groups=[("", bars)], colour_by_bar=colour_by_bar)


def grouped_bar_chart(*, chart_id: str, title: str, description: str, groups: list[tuple[str, list[Bar]]],
                      colour_by_bar: bool = True) -> SafeString:
    """Bars in named groups (e.g. outcomes by direction): a group heading, then its bars, each series always in
    the same colour and always labelled with its name."""
    largest = max((bar.value for _name, bars in groups for bar in bars), default=0) or 1
    span = WIDTH - VALUE_ROOM
    parts, y = [], 0
    for name, bars in groups:
        if name:
            y += GROUP_GAP if y else 0
            parts.append(format_html('<text x="0" y="{}" font-weight="700" fill="{}">{}</text>', y + 14, INK, name))
            y += LABEL_HEIGHT + 4
        for index, bar in enumerate(bars):
            colour = PALETTE[index % len(PALETTE)] if colour_by_bar else PALETTE[0]
            length = round(span * bar.value / largest, 1) if bar.value > 0 else 0
            shown = bar.display or _number(bar.value)
            parts.append(format_html(
                '<text x="0" y="{}" fill="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}" font-weight="600">{}</text>',
                y + 13, INK, bar.label,
                y + LABEL_HEIGHT, max(length, 1), BAR_HEIGHT, colour,
                length + 6, y + LABEL_HEIGHT + 13, INK, shown,
            ))
            y += LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = max(y, LABEL_HEIGHT)
    chart_id = escape(chart_id)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="14">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>{body}</svg>',
        width=WIDTH, height=height, id=chart_id, title=title, description=description,
        body=mark_safe("".join(parts)),  # noqa: S308 - each part was built by format_html, which escapes
    )


def _number(value) -> str:
    """In the active language's format (1,500 in English, 1.500 in Vietnamese and Azerbaijani)."""
    return formats.number_format(value, decimal_pos=0, force_grouping=True)
