"""Reads on companies that views share."""

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.utils.module_loading import import_string

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


def company_recipients(companies, *, owners_only: bool = False) -> QuerySet[Membership]:
    """Who receives a company's mail, with their user and company: the one rule for every email of the site.

    - Decisions about the company itself or what it publishes (moderation of the profile and of marketplace
      entries): its owners only (`owners_only=True`).
    - Its business with others (meeting requests and bookings, reminders, introductions): every member, since
      any of them may be the one who meets.

    Members without an email address are included (they still get in-app notices); config.mail skips them.
    """
    memberships = Membership.objects.filter(company__in=companies).select_related("user", "company")
    if owners_only:
        memberships = memberships.filter(role=Membership.Role.OWNER)
    return memberships.order_by("company_id", "pk")


def can_edit(user, company: Company) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, company=company, role=Membership.Role.OWNER
    ).exists()


def can_see_contact(user, company: Company) -> bool:
    """Contact details are for the company's own people and staff, and for partners once a meeting between
    the two companies is accepted: settings.CONTACT_SHARING_RULES names the functions that say so (the
    events app provides one), so companies need not know about events."""
    if not user.is_authenticated:
        return False
    if user.is_staff or Membership.objects.filter(user=user, company=company).exists():
        return True
    viewer = membership_of(user)
    return viewer is not None and any(
        import_string(rule)(viewer.company, company) for rule in settings.CONTACT_SHARING_RULES)


def public_listings() -> QuerySet[Listing]:
    """Approved, unexpired marketplace entries of approved companies, newest first, with what a card shows."""
    return (
        Listing.objects.public()
        .select_related("company", "sector", "hs_chapter")
        .order_by("-created_at", "-pk")
    )


def listings_visible_to(user, membership: Membership | None) -> QuerySet[Listing]:
    """The entries a user may open on their own page: the public ones (Listing.objects.public); their own
    company's in any state, so its people can see what is pending, rejected or expired; everything for staff."""
    listings = Listing.objects.select_related("company", "sector", "hs_chapter")
    if user.is_authenticated and user.is_staff:
        return listings
    if membership:
        return listings.public() | listings.filter(company=membership.company_id)
    return listings.public()


def open_listings_by_kind(company: Company, *, limit: int) -> dict[str, tuple[list[Listing], bool]]:
    """A company's public entries for its page, by kind: (the newest `limit`, whether there are more). Two queries,
    whatever the number of entries."""
    groups = {}
    for kind in Listing.Kind.values:
        entries = list(public_listings().filter(company=company, kind=kind)[:limit + 1])
        groups[kind] = (entries[:limit], len(entries) > limit)
    return groups


def listings_of(company: Company) -> QuerySet[Listing]:
    """All entries of a company, whatever their status, for its own "My offers and requests" page."""
    return Listing.objects.filter(company=company).select_related("sector", "hs_chapter").order_by(
        "-created_at", "-pk")


def listing_counts(company: Company) -> dict[str, int]:
    """How many of the company's marketplace entries are in each moderation status (zeros left out)."""
    rows = company.listings.order_by().values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}
