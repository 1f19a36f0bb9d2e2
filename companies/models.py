import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.i18n_names import country_choices, country_name, language_name


class TranslatedName(models.Model):
    """A name kept in each of the site's languages; `name` gives the active one."""

    name_en = models.CharField(_("name (English)"), max_length=100)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=100, blank=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name_en


class Sector(TranslatedName):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Language(models.Model):
    """A language a company works in (ISO 639-1 code); its name comes from CLDR."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return language_name(self.code)


class CompanyQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ModerationStatus.APPROVED)


class ModerationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("moderation status", "Pending review")
    APPROVED = "approved", pgettext_lazy("moderation status", "Approved")
    REJECTED = "rejected", pgettext_lazy("moderation status", "Rejected")
    SUSPENDED = "suspended", pgettext_lazy("moderation status", "Suspended")


def logo_path(instance, filename: str) -> str:
    # Random names: an upload never overwrites another file and leaks nothing of the original name.
    return f"logos/{uuid.uuid4().hex}{filename[filename.rfind('.'):]}"


class Company(models.Model):
    Status = ModerationStatus

    class Size(models.TextChoices):
        MICRO = "micro", _("1–9 employees")
        SMALL = "small", _("10–49 employees")
        MEDIUM = "medium", _("50–249 employees")
        LARGE = "large", _("250 or more employees")

    name = models.CharField(_("company name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    city = models.CharField(_("city"), max_length=100)
    description = models.TextField(
        _("description"), max_length=4000, help_text=_("What your company does, for whom, and at what scale.")
    )
    website = models.URLField(_("website"), blank=True)
    founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1800)]
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices)
    sectors = models.ManyToManyField(Sector, related_name="companies", verbose_name=_("sectors"))
    languages = models.ManyToManyField(Language, related_name="companies", verbose_name=_("languages spoken"))
    women_led = models.BooleanField(
        _("women-led"), default=False, help_text=_("Majority-owned or managed by women.")
    )
    contact_person = models.CharField(_("contact person"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    email_language = models.CharField(
        _("language for emails"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    logo_thumbnail = models.ImageField(_("logo thumbnail"), upload_to=logo_path, blank=True)

    status = models.CharField(
        _("moderation status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__gte=1800), name="company_founded_plausible"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ModerationStatus.values),
                name="company_status_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """Ties a user to the one company they act for."""

    Role = MembershipRole

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.get_role_display()})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER
