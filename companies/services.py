"""Writes on companies: one transaction each. Moderation decisions are in companies.moderation."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from companies.errors import CompanyError
from companies.logos import ProcessedLogo
from companies.models import Company, Listing, Membership
from companies.moderation import mark_edited, resubmit

PROFILE_FIELDS = (
    "name", "country", "city", "description", "website", "founded", "size", "women_led",
    "contact_person", "contact_email", "contact_phone", "email_language",
)


# Letters that Unicode does not decompose into a base letter plus a mark, so slugify would drop them,
# and dashes that separate words (Vietnam–Azerbaijan → vietnam-azerbaijan).
_TRANSLITERATION = str.maketrans({"đ": "d", "Đ": "D", "ə": "e", "Ə": "E", "ı": "i", "ł": "l", "ø": "o",
                                  "–": " ", "—": " "})


def slug_base(name: str) -> str:
    """An ASCII slug that keeps Vietnamese and Azerbaijani names readable (Đà Nẵng → da-nang)."""
    return slugify(name.translate(_TRANSLITERATION))[:200] or "company"


# Fixed paths beside /companies/<slug>/ (companies/urls.py): no company may take them as its slug.
RESERVED_SLUGS = {"mine", "new", "marketplace", "invitations"}


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
    with new_files_deleted_on_failure() as written, transaction.atomic():
        company = Company(**{field: data[field] for field in PROFILE_FIELDS if field in data})
        company.slug = unique_slug(company.name)
        if logo:
            written += attach_image(company.logo, company.logo_thumbnail, logo)
        company.save()
        company.sectors.set(data["sectors"])
        company.languages.set(data.get("languages", []))
        company.roles.set(data.get("roles", []))
        Membership.objects.create(user=owner, company=company, role=Membership.Role.OWNER)
    return company


def update_company(*, company: Company, data: dict, logo: ProcessedLogo | None = None,
                   remove_logo: bool = False) -> Company:
    """Save profile changes; an old logo's files are deleted only once the new state is committed."""
    old_files = [f.name for f in (company.logo, company.logo_thumbnail) if f]
    with new_files_deleted_on_failure() as written, transaction.atomic():
        mark_edited(company, data=data)
        for field in PROFILE_FIELDS:
            if field in data:
                setattr(company, field, data[field])
        if logo:
            written += attach_image(company.logo, company.logo_thumbnail, logo)
        elif remove_logo:
            company.logo = company.logo_thumbnail = ""
        company.save()
        company.sectors.set(data["sectors"])
        company.languages.set(data.get("languages", []))
        if "roles" in data:
            company.roles.set(data["roles"])
        if logo or remove_logo:
            transaction.on_commit(lambda: [default_storage.delete(name) for name in old_files])
    return company


def attach_image(display, thumbnail, image: ProcessedLogo) -> list[str]:
    """Save a processed image (companies.logos) into two image fields of an unsaved change (a logo, a story's
    photo); the names of the files written."""
    display.save(image.display.name, image.display, save=False)
    thumbnail.save(image.thumbnail.name, image.thumbnail, save=False)
    return [display.name, thumbnail.name]


@contextmanager
def new_files_deleted_on_failure() -> Iterator[list[str]]:
    """Collect the names of files written inside the block; delete them if the block fails (no orphans)."""
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
    _check_heading(data)
    with transaction.atomic():
        listing = Listing(company=company, **{field: data[field] for field in LISTING_FIELDS})
        listing.hs_heading = data.get("hs_heading")
        listing.save()
    return listing


def update_listing(*, listing: Listing, data: dict) -> Listing:
    """Save an owner's changes. A changed entry is reviewed again, so it goes back to pending."""
    _check_expiry(data["expires_on"])
    _check_heading(data)
    with transaction.atomic():
        for field in LISTING_FIELDS:
            setattr(listing, field, data[field])
        listing.hs_heading = data.get("hs_heading")
        resubmit(listing)
        listing.save()
    return listing


def delete_listing(*, listing: Listing) -> None:
    with transaction.atomic():
        listing.delete()


def _check_heading(data: dict) -> None:
    heading, chapter = data.get("hs_heading"), data.get("hs_chapter")
    if heading is not None and (chapter is None or heading.chapter_id != chapter.pk):
        raise CompanyError(_("This heading is not in the chosen HS chapter."))


def _check_expiry(expires_on) -> None:
    if expires_on < timezone.localdate():
        raise CompanyError(_("The expiry date cannot be in the past."))
