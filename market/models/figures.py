"""Trade figures of the Vietnam–Azerbaijan corridor, each with its source (docs/market.md).

A small dataset kept by staff in the admin and shown on the public trade page. A figure is either reported by its
source or derived from reported ones (a previous year computed from a reported growth rate), and a derived figure
always carries the arithmetic in its note: the database refuses one without. Seeded by market/figures_seed.py with
the article's figures only.
"""

from decimal import ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import HSChapter

__all__ = ["FigureKind", "TradeDirection", "TradeFigure"]

# Azerbaijan became independent in 1991: there is no bilateral trade to record before. The upper bound only
# catches a mistyped year; the form also refuses a year that has not begun.
MIN_YEAR, MAX_YEAR = 1991, 2100
MILLION = Decimal(1_000_000)
# The published figures are given to US$0.1 million; a derived value is rounded to the same precision rather than
# shown with digits its inputs do not have.
DERIVED_PRECISION = Decimal("0.1")


class TradeDirection(models.TextChoices):
    VN_AZ = "vn_az", pgettext_lazy("trade direction", "Vietnam → Azerbaijan")
    AZ_VN = "az_vn", pgettext_lazy("trade direction", "Azerbaijan → Vietnam")
    TOTAL = "total", pgettext_lazy("trade direction", "Both ways (total)")


class FigureKind(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("trade figure", "Reported")
    DERIVED = "derived", pgettext_lazy("trade figure", "Derived")


def previous_year_value(value: Decimal, change_pct: Decimal) -> Decimal:
    """The value a year before a `value` that changed by `change_pct` per cent: value ÷ (1 + change/100), in USD,
    rounded to US$0.1 million (the precision of the published figures)."""
    if change_pct <= -100:
        raise ValueError("a fall of 100% or more leaves no previous value to derive")
    exact = Decimal(value) / (1 + Decimal(change_pct) / 100)
    return (exact / MILLION).quantize(DERIVED_PRECISION, rounding=ROUND_HALF_EVEN) * MILLION


class TradeFigure(models.Model):
    """The value of the trade in one year, one direction and (optionally) one HS chapter, in US dollars."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    direction = models.CharField(_("direction"), max_length=5, choices=TradeDirection.choices)
    hs_chapter = models.ForeignKey(
        HSChapter, on_delete=models.PROTECT, null=True, blank=True, related_name="trade_figures",
        verbose_name=_("HS chapter"), help_text=_("Empty for all goods."))
    value_usd = models.DecimalField(
        _("value (USD)"), max_digits=15, decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("In US dollars, not millions: 52600000 for US$52.6 million."))
    change_pct = models.DecimalField(
        _("change on the previous year (%)"), max_digits=7, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(-100)],
        help_text=_("As the source reports it, e.g. 23.9 or -98.3. Empty when the source gives none."))
    kind = models.CharField(_("kind"), max_length=8, choices=FigureKind.choices, default=FigureKind.REPORTED)
    source_name = models.CharField(_("source"), max_length=200,
                                   help_text=_("Who published the figure, and where it was read."))
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    note_en = models.TextField(
        _("note (English)"), blank=True,
        help_text=_("Required for a derived value: how it was computed, with the arithmetic."))
    note_vi = models.TextField(_("note (Vietnamese)"), blank=True)
    note_az = models.TextField(_("note (Azerbaijani)"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["year", "direction", "hs_chapter"]
        verbose_name = _("trade figure")
        verbose_name_plural = _("trade figures")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                                   name="trade_figure_year_range"),
            models.CheckConstraint(condition=Q(value_usd__gte=0), name="trade_figure_value_not_negative"),
            models.CheckConstraint(condition=Q(change_pct__isnull=True) | Q(change_pct__gte=-100),
                                   name="trade_figure_change_at_least_minus_100"),
            models.CheckConstraint(condition=Q(direction__in=TradeDirection.values),
                                   name="trade_figure_direction_valid"),
            models.CheckConstraint(condition=Q(kind__in=FigureKind.values), name="trade_figure_kind_valid"),
            models.CheckConstraint(condition=~Q(source_name=""), name="trade_figure_has_source"),
            models.CheckConstraint(condition=Q(kind=FigureKind.REPORTED) | ~Q(note_en=""),
                                   name="trade_figure_derived_has_note",
                                   violation_error_message=_("A derived value needs a note with its arithmetic.")),
            # One figure per year, direction and chapter. Two constraints, because NULL (all goods) would never
            # clash with another NULL in a single one (and NULLS NOT DISTINCT is PostgreSQL 15+ only).
            models.UniqueConstraint(
                fields=["year", "direction"], condition=Q(hs_chapter__isnull=True),
                name="trade_figure_unique_all_goods",
                violation_error_message=_("There is already a figure for this year and direction.")),
            models.UniqueConstraint(
                fields=["year", "direction", "hs_chapter"], condition=Q(hs_chapter__isnull=False),
                name="trade_figure_unique_per_chapter",
                violation_error_message=_("There is already a figure for this year, direction and HS chapter.")),
        ]

    def __str__(self) -> str:
        goods = f" · {self.hs_chapter_id:02d}" if self.hs_chapter_id else ""
        return f"{self.year} · {self.get_direction_display()}{goods}"

    @property
    def note(self) -> str:
        """The note in the active language, else in English."""
        language = (get_language() or "en").split("-")[0]
        return getattr(self, f"note_{language}", "") or self.note_en

    @property
    def is_derived(self) -> bool:
        return self.kind == FigureKind.DERIVED

    @property
    def value_millions(self) -> Decimal:
        return self.value_usd / MILLION

    def clean(self):
        errors = {}
        if self.year and self.year > timezone.localdate().year:
            errors["year"] = _("A figure is for a year that has begun.")
        if self.kind == FigureKind.DERIVED and not self.note_en.strip():
            errors["note_en"] = _("A derived value needs a note with its arithmetic.")
        if errors:
            raise ValidationError(errors)
