"""Reads on companies that views share."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.module_loading import import_string

from companies.models import Company, Listing, Membership, ModerationStatus, Sector

# Site-wide summaries of the approved companies (the countries the filters offer, the home page's numbers) are
# cached: counting 100,000 companies takes 50–150 ms. A change of a company forgets them (companies.cache_signals);
# the timeout bounds how long a change that bypasses the signals (a queryset update) takes to show.
SUMMARY_TIMEOUT = 60
COUNTRIES_KEY = "companies:countries-in-use"
COUNTS_KEY = "companies:public-counts"
REFERENCE_KEY = "companies:choices"
REFERENCE_TIMEOUT = 60 * 60


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


def countries_in_use() -> frozenset[str]:
    """The countries of the approved companies (cached, see SUMMARY_TIMEOUT)."""
    codes = cache.get(COUNTRIES_KEY)
    if codes is None:
        codes = frozenset(Company.objects.approved().order_by().values_list("country", flat=True).distinct())
        cache.set(COUNTRIES_KEY, codes, SUMMARY_TIMEOUT)
    return codes


def public_counts() -> dict:
    """The home page's numbers (cached, see SUMMARY_TIMEOUT): approved companies in all, from Vietnam, from
    Azerbaijan, women-led, and `sectors`: every sector by English name, with its `company_count` of approved
    companies (its name is shown in the reader's language)."""
    counts = cache.get(COUNTS_KEY)
    if counts is None:
        counts = Company.objects.approved().aggregate(
            company_count=Count("pk"),
            vn_count=Count("pk", filter=Q(country="VN")),
            az_count=Count("pk", filter=Q(country="AZ")),
            women_led_count=Count("pk", filter=Q(women_led=True)),
        )
        counts["sectors"] = list(Sector.objects.annotate(
            company_count=Count("companies", filter=Q(companies__status=ModerationStatus.APPROVED))
        ).order_by("name_en"))
        cache.set(COUNTS_KEY, counts, SUMMARY_TIMEOUT)
    return counts


def reference_rows(queryset: QuerySet, *, name: str) -> list:
    """The rows of a small reference table for a list of choices (sectors, roles, languages, HS chapters), cached
    under `name` (one name per queryset): they change only by migrations and in the admin, which forget them."""
    key = f"{REFERENCE_KEY}:{name}"
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset)
        cache.set(key, rows, REFERENCE_TIMEOUT)
    return rows


def forget_reference_rows(**kwargs) -> None:
    names = ["sectors", "roles", "languages", "hs-chapters"]
    cache.delete_many([f"{REFERENCE_KEY}:{name}" for name in names])
    transaction.on_commit(lambda: cache.delete_many([f"{REFERENCE_KEY}:{name}" for name in names]))


def forget_public_summaries(**kwargs) -> None:
    """Drop the cached summaries: the next read counts again. Now, and again once the transaction commits, so
    that a read in between does not cache the old state for the whole timeout."""
    cache.delete_many([COUNTRIES_KEY, COUNTS_KEY])
    transaction.on_commit(lambda: cache.delete_many([COUNTRIES_KEY, COUNTS_KEY]))
