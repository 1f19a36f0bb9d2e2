"""The cached fragments of companies' public pages (config.fragments) and the generations that make them stale.

- The directory and the marketplace (filter sidebar, count, cards, paging) per address: PUBLIC_GENERATION, bumped
  by every change of a company, of its sectors, languages or roles, of a marketplace entry, and of the reference
  tables whose names the pages show (companies.cache_signals).
- A company's page (its profile, sectors, facts and open entries) per company: its own generation
  (company_generation_key), bumped by a change of that company or of its entries, and REFERENCE_GENERATION (the
  names of sectors, languages, HS chapters; and bulk loads), so that a change of one company does not forget
  every other page.
"""

from config import generations
from config.fragments import cached_fragments, query_is_known

PUBLIC_GENERATION = "companies:public-generation"
REFERENCE_GENERATION = "companies:reference-generation"


def company_generation_key(company_id: int) -> str:
    return f"companies:company-generation:{company_id}"


def public_list_fragments(request, name: str, *, filterset, templates: dict[str, str], context) -> dict:
    """A list page's fragments for this address (path and query string: the paging links keep the query), if its
    parameters are those of `filterset` and the page number."""
    return cached_fragments(name, generation_keys=[PUBLIC_GENERATION], vary=[request.get_full_path()],
                            templates=templates, context=context,
                            store=query_is_known(request, [*filterset.base_filters, "page"]))


def company_page_fragments(company, *, templates: dict[str, str], context) -> dict:
    return cached_fragments("company", generation_keys=[REFERENCE_GENERATION, company_generation_key(company.pk)],
                            vary=[company.pk], templates=templates, context=context)


def forget_public_lists() -> None:
    generations.bump(PUBLIC_GENERATION)


# Past this many companies at once (a bulk load), every company page is forgotten instead of each one's.
MANY_COMPANIES = 50


def forget_companies(company_ids) -> None:
    """Forget the pages of these companies, and every list (they are on them)."""
    company_ids = set(company_ids)
    if len(company_ids) > MANY_COMPANIES:
        generations.bump(REFERENCE_GENERATION)
    else:
        for company_id in company_ids:
            generations.bump(company_generation_key(company_id))
    generations.bump(PUBLIC_GENERATION)


def forget_reference_names() -> None:
    """A sector, role, language or HS chapter changed: every page that names them."""
    generations.bump(REFERENCE_GENERATION)
    generations.bump(PUBLIC_GENERATION)
