"""Writes on companies: one transaction each, mail sent only after commit."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from companies.logos import ProcessedLogo
from companies.models import Company, Listing, ListingStatus, Membership, ModerationStatus
from companies.signals import company_withdrawn

PROFILE_FIELDS = (
    "name", "country", "city", "description", "website", "founded", "size", "women_led",
    "contact_person", "contact_email", "contact_phone", "email_language",
)


class CompanyError(Exception):
    """A write that the rules refuse; the message is meant for the user."""


# Letters that Unicode does not decompose into a base letter plus a mark, so slugify would drop them,
# and dashes that separate words (Vietnam–Azerbaijan → vietnam-azerbaijan).
_TRANSLITERATION = str.maketrans({"đ": "d", "Đ": "D", "ə": "e", "Ə": "E", "ı": "i", "ł": "l", "ø": "o",
                                  "–": " ", "—": " "})


def slug_base(name: str) -> str:
    """An ASCII slug that keeps Vietnamese and Azerbaijani names readable (Đà Nẵng → da-nang)."""
    return slugify(name.translate(_TRANSLITERATION))[:200] or "company"


# Fixed paths beside /companies/<slug>/ (companies/urls.py): no company may take them as its slug.
RESERVED_SLUGS = {"mine", "new", "marketplace"}


def unique_slug(name: str) -> str:
    base = slug_base(name)
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Company.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_company(*, owner: AbstractBaseUser, data: dict, logo: ProcessedLogo | None = None) -> Company:
    """Create a company profile, pending review, with `owner` as its owner."""
    if Membership.objects.filter(user=owner).exists():
        raise CompanyError(_("You already belong to a company."))
    with _new_files_deleted_on_failure() as written, transaction.atomic():
        company = Company(**{field: data[field] for field in PROFILE_FIELDS if field in data})
        company.slug = unique_slug(company.name)
        if logo:
            written += _attach_logo(company, logo)
        company.save()
        company.sectors.set(data["sectors"])
        company.languages.set(data.get("languages", []))
        Membership.objects.create(user=owner, company=company, role=Membership.Role.OWNER)
    return company


def update_company(*, company: Company, data: dict, logo: ProcessedLogo | None = None,
                   remove_logo: bool = False) -> Company:
    """Save profile changes; an old logo's files are deleted only once the new state is committed."""
    old_files = [f.name for f in (company.logo, company.logo_thumbnail) if f]
    with _new_files_deleted_on_failure() as written, transaction.atomic():
        for field in PROFILE_FIELDS:
            if field in data:
                setattr(company, field, data[field])
        if logo:
            written += _attach_logo(company, logo)
        elif remove_logo:
            company.logo = company.logo_thumbnail = ""
        company.save()
        company.sectors.set(data["sectors"])
        company.languages.set(data.get("languages", []))
        if logo or remove_logo:
            transaction.on_commit(lambda: [default_storage.delete(name) for name in old_files])
    return company


def approve_companies(*, companies: Iterable[Company]) -> int:
    return _moderate(companies, status=ModerationStatus.APPROVED, reason="")


def reject_companies(*, companies: Iterable[Company], reason: str) -> int:
    if not reason.strip():
        raise CompanyError(_("Give the company a reason for the rejection."))
    return _moderate(companies, status=ModerationStatus.REJECTED, reason=reason.strip())


def suspend_companies(*, companies: Iterable[Company], reason: str) -> int:
    if not reason.strip():
        raise CompanyError(_("Give the company a reason for the suspension."))
    return _moderate(companies, status=ModerationStatus.SUSPENDED, reason=reason.strip())


def deactivate_companies(*, companies: Iterable[Company], reason: str) -> int:
    """Take companies off the site for good instead of deleting them: the profile, memberships, entries and
    meeting history stay on record, but the company leaves the directory, the marketplace and matchmaking."""
    if not reason.strip():
        raise CompanyError(_("Give the company a reason for the deactivation."))
    return _moderate(companies, status=ModerationStatus.DEACTIVATED, reason=reason.strip())


def _moderate(companies: Iterable[Company], *, status: str, reason: str) -> int:
    """Set the status of the companies that change and email their owners, after commit. Each company that was
    approved and no longer is also goes out as `company_withdrawn`, so other apps can undo what it had there."""
    now = timezone.now()
    with transaction.atomic():
        changed = [c for c in companies if c.status != status or c.status_reason != reason]
        withdrawn = [c for c in changed if c.status == ModerationStatus.APPROVED and status != c.status]
        for company in changed:
            company.status, company.status_reason, company.moderated_at = status, reason, now
        Company.objects.bulk_update(changed, ["status", "status_reason", "moderated_at"])
        for company in changed:
            transaction.on_commit(lambda company=company: _notify_owners(company))
        # The decision is committed by then: a failing receiver is logged and must not keep the owners from
        # being told, nor the other companies from being withdrawn.
        for company in withdrawn:
            transaction.on_commit(lambda company=company: company_withdrawn.send(sender=Company, company=company),
                                  robust=True)
    return len(changed)


def _notify_owners(company: Company) -> None:
    owners = Membership.objects.filter(company=company, role=Membership.Role.OWNER).select_related("user")
    recipients = [m.user.email for m in owners if m.user.email]
    if not recipients:
        return
    with translation.override(company.email_language):
        context = {"company": company, "profile_url": settings.SITE_URL + reverse("companies:mine")}
        subject = render_to_string("companies/email/moderated_subject.txt", context).strip()
        body = render_to_string("companies/email/moderated_body.txt", context)
    send_mail(subject, body, None, recipients)


def _attach_logo(company: Company, logo: ProcessedLogo) -> list[str]:
    company.logo.save(logo.display.name, logo.display, save=False)
    company.logo_thumbnail.save(logo.thumbnail.name, logo.thumbnail, save=False)
    return [company.logo.name, company.logo_thumbnail.name]


@contextmanager
def _new_files_deleted_on_failure() -> Iterator[list[str]]:
    """Collect the names of files written inside the block; delete them if the block fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


# Marketplace entries ------------------------------------------------------------------------------------------

LISTING_FIELDS = ("kind", "title", "description", "sector", "hs_chapter", "target_countries", "expires_on")


def create_listing(*, company: Company, data: dict) -> Listing:
    """Publish an offer or a request for `company`; it waits for moderation before anyone else sees it."""
    _check_expiry(data["expires_on"])
    with transaction.atomic():
        listing = Listing(company=company, **{field: data[field] for field in LISTING_FIELDS})
        listing.save()
    return listing


def update_listing(*, listing: Listing, data: dict) -> Listing:
    """Save an owner's changes. A changed entry is reviewed again, so it goes back to pending."""
    _check_expiry(data["expires_on"])
    with transaction.atomic():
        for field in LISTING_FIELDS:
            setattr(listing, field, data[field])
        listing.status, listing.status_reason, listing.moderated_at = ListingStatus.PENDING, "", None
        listing.save()
    return listing


def delete_listing(*, listing: Listing) -> None:
    with transaction.atomic():
        listing.delete()


def approve_listings(*, listings: Iterable[Listing]) -> int:
    return _moderate_listings(listings, status=ListingStatus.APPROVED, reason="")


def reject_listings(*, listings: Iterable[Listing], reason: str) -> int:
    if not reason.strip():
        raise CompanyError(_("Give the company a reason for the rejection."))
    return _moderate_listings(listings, status=ListingStatus.REJECTED, reason=reason.strip())


def _check_expiry(expires_on) -> None:
    if expires_on < timezone.localdate():
        raise CompanyError(_("The expiry date cannot be in the past."))


def _moderate_listings(listings: Iterable[Listing], *, status: str, reason: str) -> int:
    """Set the status of the entries that change; each company's owners get one email about theirs."""
    now = timezone.now()
    with transaction.atomic():
        changed = [entry for entry in listings if entry.status != status or entry.status_reason != reason]
        for entry in changed:
            entry.status, entry.status_reason, entry.moderated_at = status, reason, now
        Listing.objects.bulk_update(changed, ["status", "status_reason", "moderated_at"])
        by_company: dict[int, list[Listing]] = {}
        for entry in changed:
            by_company.setdefault(entry.company_id, []).append(entry)
        for entries in by_company.values():
            transaction.on_commit(lambda entries=entries: _notify_listing_owners(entries))
    return len(changed)


def _notify_listing_owners(listings: list[Listing]) -> None:
    company = Company.objects.get(pk=listings[0].company_id)
    owners = Membership.objects.filter(company=company, role=Membership.Role.OWNER).select_related("user")
    recipients = [m.user.email for m in owners if m.user.email]
    if not recipients:
        return
    with translation.override(company.email_language):
        context = {"company": company, "listings": listings, "status": listings[0].status,
                   "reason": listings[0].status_reason,
                   "url": settings.SITE_URL + reverse("companies:my_listings")}
        subject = render_to_string("companies/email/listing_moderated_subject.txt", context).strip()
        body = render_to_string("companies/email/listing_moderated_body.txt", context)
    send_mail(subject, body, None, recipients)
