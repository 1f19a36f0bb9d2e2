"""Sector briefs: what it takes to trade in a sector between Vietnam and Azerbaijan, written by staff in one or
more of the site's languages (a BriefText per language, as success stories have)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import HSChapter, Sector
from companies.validators import validate_single_line

__all__ = ["BriefText", "SectorBrief"]


class SectorBrief(models.Model):
    """One brief per sector, or per sector and HS chapter (rice under agriculture). Public once published; staff
    see drafts as a preview. `is_demo` marks the demo's briefs, which the pages label as demo content."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="briefs", verbose_name=_("sector"))
    hs_chapter = models.ForeignKey(HSChapter, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="briefs", verbose_name=_("HS chapter"),
                                   help_text=_("Leave empty for a brief on the whole sector."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    published = models.BooleanField(_("published"), default=False, db_index=True,
                                    help_text=_("Unpublished briefs are seen by staff only."))
    is_demo = models.BooleanField(_("demo content"), default=False,
                                  help_text=_("Shown with a “demo content” label."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["sector__name_en", "hs_chapter_id"]
        verbose_name = _("sector brief")
        verbose_name_plural = _("sector briefs")
        constraints = [
            # Two partial constraints, since NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(fields=["sector"], condition=Q(hs_chapter__isnull=True),
                                    name="brief_once_per_sector",
                                    violation_error_message=_("This sector already has a brief.")),
            models.UniqueConstraint(fields=["sector", "hs_chapter"], condition=Q(hs_chapter__isnull=False),
                                    name="brief_once_per_sector_chapter",
                                    violation_error_message=_("This sector already has a brief on this HS "
                                                              "chapter.")),
        ]

    def __str__(self) -> str:
        return f"{self.sector} · {self.hs_chapter}" if self.hs_chapter_id else str(self.sector)

    def get_absolute_url(self) -> str:
        return reverse("market:brief", kwargs={"slug": self.slug})


class BriefText(models.Model):
    """A brief in one language. Plain text: the pages escape it, keep its paragraphs and turn its web and email
    addresses into links, nothing more."""

    # The sections of a brief, in the order a page shows them: (field, heading).
    SECTIONS = [
        ("trade", _("What each country sells and buys")),
        ("standards", _("Standards and certificates")),
        ("logistics", _("Logistics routes")),
        ("contacts", _("Trade-promotion contacts")),
    ]

    brief = models.ForeignKey(SectorBrief, on_delete=models.CASCADE, related_name="texts",
                              verbose_name=_("brief"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=150, validators=[validate_single_line])
    summary = models.TextField(_("summary"), max_length=600)
    trade = models.TextField(_("what each country sells and buys"), max_length=6000, blank=True)
    standards = models.TextField(_("standards and certificates"), max_length=6000, blank=True)
    logistics = models.TextField(_("logistics routes"), max_length=6000, blank=True)
    contacts = models.TextField(_("trade-promotion contacts"), max_length=3000, blank=True)

    class Meta:
        ordering = ["brief", "language"]
        verbose_name = _("brief text")
        verbose_name_plural = _("brief texts")
        constraints = [
            models.UniqueConstraint(fields=["brief", "language"], name="brief_text_once_per_language"),
        ]

    def __str__(self) -> str:
        return self.title

    def sections(self) -> list[tuple[str, str, str]]:
        """The sections that have text: (field, heading, text)."""
        return [(field, heading, getattr(self, field)) for field, heading in self.SECTIONS if getattr(self, field)]
