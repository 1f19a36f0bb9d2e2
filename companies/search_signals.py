"""Keeping the search columns of companies and marketplace entries in step (companies.search, docs/search.md).

Company.save() and Listing.save() fill their own columns; what a save does not see is handled here: a company's
sectors (a many-to-many relation, set after the save), companies inserted in bulk, and the entries of a company
whose name or city changed.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from companies.models import Company, Listing, Sector
from companies.search import listing_search_fields
from companies.signals import companies_bulk_created

BATCH = 2000


def _sector_names(sector_ids) -> dict[int, list[str]]:
    return {pk: [en, vi, az] for pk, en, vi, az in
            Sector.objects.filter(pk__in=set(sector_ids)).values_list("pk", "name_en", "name_vi", "name_az")}


def fill_listings(listings: list[Listing]) -> None:
    """Set search_name / search_text of unsaved or changed entries; reads only what is not already loaded."""
    missing = {listing.company_id for listing in listings if not Listing.company.is_cached(listing)}
    companies = dict(Company.objects.filter(pk__in=missing).values_list("pk", "name")) if missing else {}
    cities = dict(Company.objects.filter(pk__in=missing).values_list("pk", "city")) if missing else {}
    unknown = {listing.sector_id for listing in listings if not Listing.sector.is_cached(listing)}
    sectors = _sector_names(unknown) if unknown else {}
    for listing in listings:
        if Listing.company.is_cached(listing):
            name, city = listing.company.name, listing.company.city
        else:
            name, city = companies.get(listing.company_id, ""), cities.get(listing.company_id, "")
        if Listing.sector.is_cached(listing):
            sector = listing.sector
            sector_names = [sector.name_en, sector.name_vi, sector.name_az] if sector else []
        else:
            sector_names = sectors.get(listing.sector_id, [])
        listing.search_name, listing.search_text = listing_search_fields(
            title=listing.title, description=listing.description, company_name=name, company_city=city,
            sector_names=sector_names)


def refill_listings(*, company_ids) -> None:
    """Re-fill the search columns of every entry of these companies (after a change of their name or city)."""
    listings = list(Listing.objects.filter(company_id__in=company_ids).only(
        "pk", "title", "description", "company_id", "sector_id"))
    fill_listings(listings)
    Listing.objects.bulk_update(listings, ["search_name", "search_text"], batch_size=BATCH)


def refill_companies(*, company_ids) -> None:
    """Re-fill the search columns of these companies from their profiles and sectors."""
    ids = list(company_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        by_company: dict[int, list[int]] = {}
        for company_id, sector_id in Company.sectors.through.objects.filter(company_id__in=chunk).values_list(
                "company_id", "sector_id"):
            by_company.setdefault(company_id, []).append(sector_id)
        names = _sector_names({s for sectors in by_company.values() for s in sectors})
        companies = list(Company.objects.filter(pk__in=chunk).only("pk", "name", "city", "country", "description"))
        for company in companies:
            company.fill_search_fields(sector_names=[
                name for sector_id in sorted(by_company.get(company.pk, [])) for name in names.get(sector_id, [])])
        Company.objects.bulk_update(companies, ["search_name", "search_text"], batch_size=BATCH)


@receiver(m2m_changed, sender=Company.sectors.through, dispatch_uid="companies_search_sectors")
def sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # sector.companies.add(...): the companies are in pk_set (all of them on clear: rare, admin only)
        ids = pk_set if pk_set is not None else instance.companies.values_list("pk", flat=True)
        refill_companies(company_ids=ids)
        return
    instance.fill_search_fields()
    Company.objects.filter(pk=instance.pk).update(search_name=instance.search_name,
                                                  search_text=instance.search_text)


@receiver(companies_bulk_created, dispatch_uid="companies_search_bulk_created")
def companies_bulk_created_search(sender, company_ids, **kwargs):
    refill_companies(company_ids=company_ids)
