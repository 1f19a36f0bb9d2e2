"""Reads on companies that views share."""

from django.db.models import Prefetch, QuerySet

from companies.models import Company, Listing, Membership, Sector


def public_companies() -> QuerySet[Company]:
    """Approved companies with what a directory card shows, in a fixed number of queries."""
    return (
        Company.objects.approved()
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("name_en")), "languages")
    )


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("company").filter(user=user).first()


def can_edit(user, company: Company) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, company=company, role=Membership.Role.OWNER
    ).exists()


def can_see_contact(user, company: Company) -> bool:
    """Contact details are for the company's own people and staff; partners get them with a meeting."""
    if not user.is_authenticated:
        return False
    return user.is_staff or Membership.objects.filter(user=user, company=company).exists()


def public_listings() -> QuerySet[Listing]:
    """Approved, unexpired marketplace entries of approved companies, newest first, with what a card shows."""
    return (
        Listing.objects.public()
        .select_related("company", "sector", "hs_chapter")
        .order_by("-created_at", "-pk")
    )


def listings_of(company: Company) -> QuerySet[Listing]:
    """All entries of a company, whatever their status, for its own "My offers and requests" page."""
    return Listing.objects.filter(company=company).select_related("sector", "hs_chapter").order_by(
        "-created_at", "-pk")
