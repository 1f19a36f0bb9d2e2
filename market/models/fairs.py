"""External trade fairs and exhibitions (issue 13, item 5): staff list them, companies say they will be there and
what they seek, and propose to meet other going companies there (a message by email: the fair is not scheduled
on this site)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.i18n_names import country_choices, country_name
from companies.models import Company, Sector
from companies.validators import validate_single_line

__all__ = ["Fair", "FairAttendance", "FairMeetingProposal", "ProposalStatus"]


class WebsiteField(models.URLField):
    """A web address: http(s) only. The link is shown to everyone, and a javascript: or ftp: address has no place
    there (replaces URLField's validator rather than adding one, so a bad address gets one message)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class FairQuerySet(models.QuerySet):
    def upcoming(self, today=None):
        """Fairs not over yet (running or to come)."""
        return self.filter(end_date__gte=today or timezone.localdate())

    def past(self, today=None):
        return self.filter(end_date__lt=today or timezone.localdate())


class Fair(models.Model):
    """A trade fair or exhibition held elsewhere, listed by staff in the admin."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    sectors = models.ManyToManyField(Sector, related_name="fairs", blank=True, verbose_name=_("sectors"))
    website = WebsiteField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = FairQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("trade fair")
        verbose_name_plural = _("trade fairs")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="fair_ends_after_start"),
        ]
        indexes = [models.Index(fields=["end_date", "start_date"], name="fair_dates_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("market:fair", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The friendly message; the constraint is the guarantee.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def is_past(self) -> bool:
        return self.end_date < timezone.localdate()


class FairAttendance(models.Model):
    """A company's "we will be there", with what it looks for at the fair."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("fair"))
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="fair_attendances",
                                verbose_name=_("company"))
    seeks = models.CharField(_("what we are looking for"), max_length=300, blank=True,
                             validators=[validate_single_line],
                             help_text=_("Shown beside your company on the fair's page, e.g. “importers of "
                                         "dried fruit and nuts”."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("marked by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["fair", "company__name"]
        verbose_name = _("fair attendance")
        verbose_name_plural = _("fair attendances")
        constraints = [
            models.UniqueConstraint(fields=["fair", "company"], name="fair_attendance_once_per_company"),
        ]

    def __str__(self) -> str:
        return f"{self.company} @ {self.fair}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("fair meeting proposal", "Open")
    WITHDRAWN = "withdrawn", pgettext_lazy("fair meeting proposal", "Withdrawn")


class FairMeetingProposal(models.Model):
    """A company's proposal to meet another going company at a fair: a message emailed to the other company's
    members with the proposer's contact (which is shown nowhere else). At most one open proposal per pair of
    companies and fair, whichever of the two sent it: the other answers by email, not with a second proposal."""

    Status = ProposalStatus

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("fair"))
    sender = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="fair_proposals_sent",
                               verbose_name=_("from"))
    recipient = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="fair_proposals_received",
                                  verbose_name=_("to"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("sent by"))
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.OPEN)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fair meeting proposal")
        verbose_name_plural = _("fair meeting proposals")
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="fair_proposal_not_to_oneself"),
            models.CheckConstraint(condition=Q(status__in=ProposalStatus.values), name="fair_proposal_status_known"),
            models.UniqueConstraint("fair", Least("sender", "recipient"), Greatest("sender", "recipient"),
                                    condition=Q(status=ProposalStatus.OPEN), name="fair_proposal_one_open_per_pair"),
        ]
        indexes = [models.Index(fields=["sender", "created_at"], name="fair_proposal_sender_idx")]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient} @ {self.fair}"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN
