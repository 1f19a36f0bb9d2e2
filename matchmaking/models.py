"""What companies told us about suggested partners, and the introductions organizers made.

The scheduler (matchmaking.scheduling) stores nothing; these are the only tables of the app.
"""

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
