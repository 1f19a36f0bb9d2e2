"""What companies told us about suggested partners, and the introductions organizers made.

The scheduler (matchmaking.scheduling) stores nothing; these are the only tables of the app.
"""

import zlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company


class PreferenceKind(models.TextChoices):
    MUST_MEET = "must_meet", pgettext_lazy("match preference", "Must meet")
    NOT_INTERESTED = "not_interested", pgettext_lazy("match preference", "Not interested")


class Preference(models.Model):
    """A company's mark on another company: "must meet" (first in its suggestions) or "not interested"
    (left out of its suggestions, and a penalty in the score). One mark per pair and direction."""

    Kind = PreferenceKind

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="match_preferences",
                                verbose_name=_("company"))
    other = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="marked_by",
                              verbose_name=_("marked company"))
    kind = models.CharField(pgettext_lazy("match preference", "mark"), max_length=20,
                            choices=PreferenceKind.choices)
    created_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match preference")
        verbose_name_plural = _("match preferences")
        constraints = [
            models.UniqueConstraint(fields=["company", "other"], name="preference_once_per_pair"),
            models.CheckConstraint(condition=~Q(company=F("other")), name="preference_not_on_oneself"),
            models.CheckConstraint(condition=Q(kind__in=PreferenceKind.values), name="preference_kind_known"),
        ]
        indexes = [models.Index(fields=["other", "kind"], name="preference_other_idx")]

    def __str__(self) -> str:
        return f"{self.company} → {self.other}: {self.get_kind_display()}"


class Introduction(models.Model):
    """An organizer introduced two participants of an event to each other by email (once per pair)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="introductions",
                              verbose_name=_("event"))
    # The pair is stored with the lower company id first, so (A, B) and (B, A) are the same row.
    first = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    second = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("other company"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(fields=["event", "first", "second"], name="introduction_once_per_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="introduction_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first} × {self.second} @ {self.event}"


class CandidateKey(models.Model):
    """A company's country and set of sectors as one comparable string (",1,6,"), with its languages and roles,
    derived from its profile so
    that SQL can find companies with the same or a neighbouring set of sectors through an index (see
    candidates.candidate_ids). Kept up to date by matchmaking.signals; services.refresh_candidate_keys()
    rebuilds it after bulk loads that bypass signals."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, primary_key=True,
                                   related_name="candidate_key", verbose_name=_("company"))
    country = models.CharField(_("country"), max_length=2)
    sectors = models.CharField(_("sectors"), max_length=300)
    # The rest of what the score reads from a profile alone, for the upper bound that makes the top 20 exact
    # (candidates.contenders): language codes (",en,vi,") and role slugs (",exporter,producer,").
    languages = models.CharField(_("languages"), max_length=300, blank=True, default="")
    roles = models.CharField(_("roles"), max_length=300, blank=True, default="")
    # The same sets as bits of integers (mask_of), for the bound's tests: an integer AND per row where a LIKE per
    # member cost more than the rest of the bound's query (docs/performance.md).
    sector_mask = models.BigIntegerField(_("sector bits"), default=0)
    sector_count = models.PositiveSmallIntegerField(_("number of sectors"), default=0)
    language_mask = models.BigIntegerField(_("language bits"), default=0)
    role_mask = models.BigIntegerField(_("role bits"), default=0)

    class Meta:
        verbose_name = _("candidate key")
        verbose_name_plural = _("candidate keys")
        indexes = [models.Index(fields=["sectors", "country"], name="candidate_key_idx")]

    def __str__(self) -> str:
        return f"{self.company_id}: {self.country} {self.sectors}"


def sectors_key(sector_ids) -> str:
    """The comparable form of a set of sector ids: sorted, comma-delimited, with commas around."""
    return "," + ",".join(str(pk) for pk in sorted(sector_ids)) + "," if sector_ids else ""


def set_key(values) -> str:
    """The same form for a set of strings (language codes, role slugs)."""
    return "," + ",".join(sorted(values)) + "," if values else ""


# Bits 0–61: a mask stays a positive signed 64-bit integer on both databases.
MASK_BITS = 62


def mask_bit(value: int | str) -> int:
    """The bit of a set member: a sector id modulo MASK_BITS, a language code or role slug by its CRC-32."""
    return value % MASK_BITS if isinstance(value, int) else zlib.crc32(value.encode()) % MASK_BITS


def mask_of(values) -> int:
    """A set as the bits of an integer. Two members may share a bit (sector ids 62 apart, two codes whose
    checksums meet): a test on masks can then only say "shared" too often, which keeps a bound a bound."""
    bits = 0
    for value in values:
        bits |= 1 << mask_bit(value)
    return bits
