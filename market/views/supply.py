"""The live supply and demand page (market.supply_selectors computes it)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from companies.hs_chapters import RESERVED
from companies.i18n_names import country_name, sort_key
from companies.models import HSChapter, HSHeading, Sector
from market.forms_supply import SupplyFilterForm
from market.supply_selectors import supply_and_demand


def supply_demand(request):
    """Open to everyone. Filters: `sector` (slug) and `chapter` (code); a signed-in company sees the demand
    without supply in its own sectors first."""
    sectors = list(Sector.objects.all())
    chapters = {chapter.code: chapter for chapter in HSChapter.objects.exclude(code__in=RESERVED)}
    form = SupplyFilterForm(request.GET or None, sectors=sectors, chapters=chapters.values())
    sector = next((s for s in sectors if s.slug == form.filter_value("sector")), None)
    chapter = chapters.get(form.filter_value("chapter"))
    membership = request.membership or None
    company = membership.company if membership else None
    result = supply_and_demand(
        sector_id=sector and sector.pk, chapter=chapter and chapter.code, company=company,
        company_sector_ids=company.sectors.values_list("pk", flat=True) if company else ())
    _name_products(result, chapters=chapters, sectors={s.pk: s for s in sectors}, sector=sector)
    return render(request, "market/supply/page.html", {
        "form": form,
        "sector": sector,
        "chapter": chapter,
        "company": company,
        "result": result,
    })


def _name_products(result, *, chapters, sectors, sector) -> None:
    """Give every product of the page its name, code and links to the marketplace entries behind its counts."""
    used = {product.heading for direction in result.directions for product in direction.products() if product.heading}
    # Never an empty IN list, which Django answers without a query: the page costs the same queries every time.
    headings = {heading.code: heading for heading in HSHeading.objects.filter(code__in=sorted(used) or [0])}
    marketplace = reverse("companies:marketplace")
    for direction in result.directions:
        direction.exporter_name, direction.importer_name = country_name(direction.exporter), country_name(
            direction.importer)
        for product in direction.products():
            if product.heading:
                heading = headings.get(product.heading)
                product.code, product.name = f"{product.heading:04d}", heading.name if heading else ""
            elif product.chapter:
                chapter = chapters.get(product.chapter)
                product.code, product.name = f"{product.chapter:02d}", chapter.name if chapter else ""
            else:
                service = sectors.get(product.sector)
                product.code, product.name = "", service.name if service else ""
            # The marketplace filters by chapter and sector, not by heading: a heading links to its chapter.
            where = {"chapter": product.chapter} if product.chapter else {}
            linked_sector = sectors.get(product.sector) if product.sector else sector
            if linked_sector:
                where["sector"] = linked_sector.slug
            product.offers_url = _link(marketplace, kind="offer", country=direction.exporter,
                                       market=direction.importer, **where)
            product.requests_url = _link(marketplace, kind="request", country=direction.importer,
                                         market=direction.exporter, **where)
        direction.services.sort(key=lambda product: sort_key(product.name))


def _link(marketplace: str, **params) -> str:
    """The marketplace filtered to the entries counted: of the companies of `country`, open to `market`."""
    return f"{marketplace}?{urlencode(params)}"
