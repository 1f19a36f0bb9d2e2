import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.i18n_names import country_choices, country_name, language_name
from companies.validators import validate_single_line


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


class Role(TranslatedName):
    """A role a company plays in trade (producer, exporter, importer…): what makes two companies partners on
    complementary sides of a trade, or likely competitors (matchmaking.scoring). Seeded from
    companies/roles.py by a data migration; the slug is what the score reads."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("business role")
        verbose_name_plural = _("business roles")


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

    def bulk_create(self, objs, *args, **kwargs):
        # Bulk inserts skip save(): fill the search columns here (without sectors, which come later: the
        # companies_bulk_created signal completes them, see companies.search_signals).
        objs = list(objs)
        for company in objs:
            company.fill_search_fields(sector_names=[])
        return super().bulk_create(objs, *args, **kwargs)


class ModerationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("moderation status", "Pending review")
    APPROVED = "approved", pgettext_lazy("moderation status", "Approved")
    REJECTED = "rejected", pgettext_lazy("moderation status", "Rejected")
    SUSPENDED = "suspended", pgettext_lazy("moderation status", "Suspended")
    # Instead of deletion: the profile and its history stay on record, hidden like a suspended one.
    DEACTIVATED = "deactivated", pgettext_lazy("moderation status", "Deactivated")


class Moderated(models.Model):
    """Something users publish that a moderator decides on: a company profile, a marketplace entry.

    Decisions go through companies.moderation.moderate (status, reason, by whom, when), which tells the owners;
    each subclass names the email they get and the page where they see the result.
    """

    # 20, not 10: "deactivated" has 11 characters (SQLite would not notice, PostgreSQL would refuse it).
    status = models.CharField(_("moderation status"), max_length=20, choices=ModerationStatus.choices,
                              default=ModerationStatus.PENDING, db_index=True)
    status_reason = models.TextField(_("reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("moderated by"))
    # Post-moderation of edits (docs/moderation.md): an approved item whose owner changes what the decision was
    # about stays public, and waits here for a moderator's second look.
    edited_at = models.DateTimeField(_("edited since approval"), null=True, blank=True, db_index=True)

    Status = ModerationStatus
    moderation_email = ""  # a config.mail template pair
    moderation_page = ""  # the URL name of the owners' page for it

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.status == ModerationStatus.APPROVED

    @property
    def owner_company_id(self) -> int:
        """The company whose owners hear of the decision."""
        raise NotImplementedError


def logo_path(instance, filename: str) -> str:
    # Random names: an upload never overwrites another file and leaks nothing of the original name.
    return f"logos/{uuid.uuid4().hex}{filename[filename.rfind('.'):]}"


class Company(Moderated):
    moderation_email = "companies/email/moderated"
    moderation_page = "companies:mine"

    class Size(models.TextChoices):
        MICRO = "micro", _("1–9 employees")
        SMALL = "small", _("10–49 employees")
        MEDIUM = "medium", _("50–249 employees")
        LARGE = "large", _("250 or more employees")

    name = models.CharField(_("company name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
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
    roles = models.ManyToManyField(Role, related_name="companies", blank=True,
                                   verbose_name=_("roles in trade"),
                                   help_text=_("What your company does in a trade; tick all that apply."))
    women_led = models.BooleanField(
        _("women-led"), default=False, help_text=_("Majority-owned or managed by women.")
    )
    contact_person = models.CharField(_("contact person"), max_length=120, validators=[validate_single_line])
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True,
                                     validators=[validate_single_line])
    email_language = models.CharField(
        _("language for emails"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    logo_thumbnail = models.ImageField(_("logo thumbnail"), upload_to=logo_path, blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded copies for text search (companies.search; docs/search.md), kept up to date by save() and, for the
    # sectors, by companies.search_signals.
    search_name = models.TextField(_("search name"), blank=True, default="", editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = CompanyQuerySet.as_manager()

    # Text search: the fields that search_name / search_text are made of (companies.search).
    SEARCH_SOURCES = frozenset({"name", "city", "country", "description"})

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
        indexes = [
            models.Index(fields=["status", "name"]),
            # A text search's first page, when the companies whose name holds every term fill it: their ids in
            # name order from this index alone (companies.search.name_first).
            models.Index(fields=["search_name", "id"], condition=Q(status=ModerationStatus.APPROVED),
                         name="company_public_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.SEARCH_SOURCES & set(update_fields):
            self.fill_search_fields()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_name", "search_text"}
        super().save(*args, **kwargs)
        loaded = getattr(self, "_search_loaded", None)
        if loaded is not None and loaded != (self.name, self.city):
            from companies.search_signals import refill_listings

            refill_listings(company_ids=[self.pk])
        self._search_loaded = (self.name, self.city)

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # What the marketplace entries' search text holds of their company: re-filled when it changes (unknown
        # when either field was deferred).
        loaded = instance.__dict__
        instance._search_loaded = (loaded["name"], loaded["city"]) if "name" in loaded and "city" in loaded else None
        return instance

    def fill_search_fields(self, *, sector_names: list[str] | None = None) -> None:
        """Set search_name / search_text from the profile; sectors are read unless given (none before the first
        save)."""
        from companies.search import company_search_fields

        if sector_names is None:
            sector_names = [] if self.pk is None else [
                name for names in self.sectors.values_list("name_en", "name_vi", "name_az") for name in names]
        self.search_name, self.search_text = company_search_fields(
            name=self.name, city=self.city, country=self.country, description=self.description,
            sector_names=sector_names)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def owner_company_id(self) -> int:
        return self.pk


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


class Invitation(models.Model):
    """An owner's invitation of a colleague, by email, to join the company (companies.team; docs/teams.md).

    The link carries a signed, timestamped token of the invitation's id; the row says whether it is still open.
    At most one open invitation per company and address (the constraint; case does not matter).
    """

    Role = MembershipRole

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations",
                                verbose_name=_("company"))
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))
    # Revoked by an owner, or replaced by a new invitation of the same address once it had expired.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="invitation_role_known"),
            models.CheckConstraint(condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                                   name="invitation_accepted_or_revoked"),
            models.UniqueConstraint(Lower("email"), "company",
                                    condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                                    name="invitation_one_open_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        """Neither accepted nor revoked (it may still have expired: see companies.team.expires_at)."""
        return self.accepted_at is None and self.revoked_at is None


# Marketplace ---------------------------------------------------------------------------------------------------


class HSChapter(TranslatedName):
    """A 2-digit chapter of the Harmonized System (01–97), the product category of a marketplace entry.

    The code is the primary key, so an entry's `hs_chapter_id` is the chapter number itself and matching on it
    needs no join. Seeded from companies/hs_chapters.py by a data migration.
    """

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True,
                                            validators=[MinValueValidator(1), MaxValueValidator(97)])
    # Official chapter titles are longer than the 100 characters of other translated names.
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS chapter")
        verbose_name_plural = _("HS chapters")
        constraints = [
            models.CheckConstraint(condition=Q(code__gte=1) & Q(code__lte=97), name="hs_chapter_code_range"),
        ]

    def __str__(self) -> str:
        return f"{self.code:02d} · {self.name}"


class HSHeading(TranslatedName):
    """A 4-digit heading of the Harmonized System (0901 coffee, 0904 pepper), under its chapter: what lets the
    score tell a pepper offer from a coffee request, both in chapter 09. The code is the primary key, and its
    first two digits are the chapter (a constraint), so an entry's `hs_heading_id // 100` is its chapter.
    Seeded from companies/hs_headings.py (the headings the sectors here trade in, not all 1,228)."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True,
                                            validators=[MinValueValidator(101), MaxValueValidator(9799)])
    chapter = models.ForeignKey(HSChapter, on_delete=models.PROTECT, related_name="headings",
                                verbose_name=_("HS chapter"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    name_az = models.CharField(_("name (Azerbaijani)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS heading")
        verbose_name_plural = _("HS headings")
        constraints = [
            # Integer division on both databases: 0904 belongs to chapter 09.
            models.CheckConstraint(condition=Q(chapter=F("code") / 100), name="hs_heading_in_its_chapter"),
        ]

    def __str__(self) -> str:
        return f"{self.code:04d} · {self.name}"


class ListingKind(models.TextChoices):
    OFFER = "offer", pgettext_lazy("marketplace entry kind", "Offer")
    REQUEST = "request", pgettext_lazy("marketplace entry kind", "Request")


class ListingQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Bulk inserts skip save(): fill the search columns here, with two queries for the whole batch.
        from companies.search_signals import fill_listings

        objs = list(objs)
        fill_listings(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def public(self, today=None):
        """Approved, unexpired entries of approved companies."""
        today = today or timezone.localdate()
        return self.filter(status=ModerationStatus.APPROVED, expires_on__gte=today,
                           company__status=ModerationStatus.APPROVED)


# Listing's copies of its company's candidate key, in the order the match indexes hold them.
KEY_COPIES = ["key_country", "key_sector_mask", "key_sector_count", "key_language_mask", "key_role_mask"]


class Listing(Moderated):
    """A marketplace entry: something a company offers or is looking for, in one HS chapter and sector."""

    Kind = ListingKind
    moderation_email = "companies/email/listing_moderated"
    moderation_page = "companies:my_listings"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="listings",
                                verbose_name=_("company"))
    kind = models.CharField(pgettext_lazy("marketplace entry", "kind"), max_length=10, choices=ListingKind.choices)
    title = models.CharField(_("title"), max_length=160, validators=[validate_single_line])
    description = models.TextField(_("description"), max_length=4000)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="listings", verbose_name=_("sector"))
    # Empty for services (logistics, software, travel), which the Harmonized System does not classify.
    hs_chapter = models.ForeignKey(HSChapter, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="listings", verbose_name=_("product category (HS chapter)"))
    # Optional and finer: only a heading lets the score claim that an offer answers a request (docs/matching.md).
    hs_heading = models.ForeignKey(HSHeading, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="listings", verbose_name=_("product (HS heading)"))
    # ISO 3166-1 alpha-2 codes; empty means any country. For an offer: the markets it is meant for; for a
    # request: the countries the company wants to buy from.
    target_countries = models.JSONField(_("target countries"), default=list, blank=True)
    expires_on = models.DateField(_("expires on"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded copies for text search (companies.search; docs/search.md), kept up to date by save().
    search_name = models.TextField(_("search name"), blank=True, default="", editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # The company's candidate key (matchmaking.models.CandidateKey) copied onto each of its entries, so that the
    # exact bound of a company's suggestions reads one index, without a lookup per company (docs/matching.md).
    # Written only by matchmaking (services.copy_keys_to_listings); NULL until then, which the bound reads as
    # "could be anything" — a missing copy can make suggestions slower, never wrong.
    key_country = models.CharField(_("company's country (copy)"), max_length=2, null=True, editable=False)
    key_sector_mask = models.BigIntegerField(_("company's sector bits (copy)"), null=True, editable=False)
    key_sector_count = models.PositiveSmallIntegerField(_("company's number of sectors (copy)"), null=True,
                                                        editable=False)
    key_language_mask = models.BigIntegerField(_("company's language bits (copy)"), null=True, editable=False)
    key_role_mask = models.BigIntegerField(_("company's role bits (copy)"), null=True, editable=False)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("marketplace entry")
        verbose_name_plural = _("marketplace entries")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ListingKind.values), name="listing_kind_known"),
            models.CheckConstraint(condition=Q(status__in=ModerationStatus.values), name="listing_status_known"),
            # A heading lies in the entry's chapter (its code's first two digits); a service has neither.
            models.CheckConstraint(
                condition=Q(hs_heading__isnull=True) | Q(hs_chapter__isnull=False, hs_chapter=F("hs_heading") / 100),
                name="listing_heading_in_chapter"),
        ]
        indexes = [
            # The marketplace page: public entries, newest first (its first page reads 20 rows, not a sort of all).
            models.Index(fields=["status", "-created_at", "-id"], name="listing_newest_idx"),
            models.Index(fields=["status", "expires_on", "created_at"], name="listing_public_idx"),
            # Match candidates: "who requests chapter 85, which heading, and what could they score?" answered
            # from the index alone (the key copies last: never searched on, only read).
            models.Index(fields=["hs_chapter", "kind", "status", "expires_on", "company", "hs_heading", *KEY_COPIES],
                         name="listing_chapter_heading_idx"),
            models.Index(fields=["sector", "kind", "status", "expires_on", "hs_chapter", "company", *KEY_COPIES],
                         name="listing_sector_idx"),
            # A company's public entries (matchmaking loads them for a few hundred companies at once).
            models.Index(fields=["company", "status", "expires_on"], name="listing_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    # Text search: the fields that search_name / search_text are made of (companies.search).
    SEARCH_SOURCES = frozenset({"title", "description", "company", "sector"})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.SEARCH_SOURCES & set(update_fields):
            from companies.search_signals import fill_listings

            fill_listings([self])
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_name", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("companies:listing_detail", kwargs={"pk": self.pk})

    @property
    def owner_company_id(self) -> int:
        return self.company_id

    @property
    def target_country_names(self) -> list[str]:
        return [country_name(code) for code in self.target_countries]


class SearchWord(models.Model):
    """A word found in the search columns: what a misspelt search term is corrected against (PostgreSQL only).

    Filled by database triggers on the company and marketplace tables (migration 0014), so that every way of
    writing those rows keeps it complete. A word can be listed twice (two writers adding it at once, with no
    unique constraint to wait on) and stays when its last use goes: both only cost a lookup that finds nothing.
    """

    word = models.CharField(max_length=40, db_index=True)

    def __str__(self):
        return self.word
