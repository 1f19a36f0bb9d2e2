"""Forget the cached summaries and choice lists of companies.selectors when what they are made of changes.

Connected in CompaniesConfig.ready(): a company saved (created, its country or status changed), deleted, withdrawn
or decided on by a moderator (items_moderated: the decision is a bulk_update), its sectors changed, companies
bulk-inserted; a sector, role, language or HS chapter saved or deleted (admin).

The same writes, and those of marketplace entries, make the cached fragments of the public pages stale
(companies.fragments): every list, and the pages of the companies concerned.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from companies import fragments
from companies.models import Company, HSChapter, Language, Listing, Role, Sector
from companies.selectors import forget_public_summaries, forget_reference_rows
from companies.signals import companies_bulk_created, company_withdrawn, items_moderated, listings_bulk_created

receiver(post_save, sender=Company, dispatch_uid="companies_summaries_saved")(forget_public_summaries)
receiver(items_moderated, sender=Company, dispatch_uid="companies_summaries_moderated")(forget_public_summaries)
receiver(post_delete, sender=Company, dispatch_uid="companies_summaries_deleted")(forget_public_summaries)
receiver(company_withdrawn, dispatch_uid="companies_summaries_withdrawn")(forget_public_summaries)
receiver(companies_bulk_created, dispatch_uid="companies_summaries_bulk")(forget_public_summaries)


@receiver(m2m_changed, sender=Company.sectors.through, dispatch_uid="companies_summaries_sectors")
def _sectors_changed(action, **kwargs) -> None:
    if action.startswith("post_"):
        forget_public_summaries()


for _model in (Sector, Role, Language, HSChapter):
    receiver(post_save, sender=_model, dispatch_uid=f"companies_choices_saved_{_model.__name__}")(
        forget_reference_rows)
    receiver(post_delete, sender=_model, dispatch_uid=f"companies_choices_deleted_{_model.__name__}")(
        forget_reference_rows)


# The cached fragments of the public pages ----------------------------------------------------------------------


@receiver(post_save, sender=Company, dispatch_uid="companies_fragments_company_saved")
@receiver(post_delete, sender=Company, dispatch_uid="companies_fragments_company_deleted")
def _company_changed(instance, raw=False, **kwargs) -> None:
    if not raw:
        fragments.forget_companies([instance.pk])


@receiver(post_save, sender=Listing, dispatch_uid="companies_fragments_listing_saved")
@receiver(post_delete, sender=Listing, dispatch_uid="companies_fragments_listing_deleted")
def _listing_changed(instance, raw=False, **kwargs) -> None:
    if not raw:
        fragments.forget_companies([instance.company_id])


@receiver(company_withdrawn, dispatch_uid="companies_fragments_withdrawn")
def _company_withdrawn(company, **kwargs) -> None:
    fragments.forget_companies([company.pk])


@receiver(items_moderated, dispatch_uid="companies_fragments_moderated")
def _items_moderated(sender, pks, **kwargs) -> None:
    if sender is Company:
        fragments.forget_companies(pks)
    elif sender is Listing:
        fragments.forget_companies(Listing.objects.filter(pk__in=pks).values_list("company_id", flat=True))


@receiver(companies_bulk_created, dispatch_uid="companies_fragments_bulk")
@receiver(listings_bulk_created, dispatch_uid="companies_fragments_listings_bulk")
def _bulk_created(company_ids, **kwargs) -> None:
    fragments.forget_companies(company_ids)


@receiver(m2m_changed, sender=Company.sectors.through, dispatch_uid="companies_fragments_sectors")
@receiver(m2m_changed, sender=Company.languages.through, dispatch_uid="companies_fragments_languages")
@receiver(m2m_changed, sender=Company.roles.through, dispatch_uid="companies_fragments_roles")
def _profile_relations_changed(instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:
        fragments.forget_companies([instance.pk])
    elif pk_set:  # from the other side (sector.companies.add): pk_set are the companies
        fragments.forget_companies(pk_set)
    else:  # sector.companies.clear(): which companies is no longer known
        fragments.forget_reference_names()


def _reference_changed(raw=False, **kwargs) -> None:
    if not raw:
        fragments.forget_reference_names()


for _model in (Sector, Role, Language, HSChapter):
    receiver(post_save, sender=_model, dispatch_uid=f"companies_fragments_saved_{_model.__name__}")(
        _reference_changed)
    receiver(post_delete, sender=_model, dispatch_uid=f"companies_fragments_deleted_{_model.__name__}")(
        _reference_changed)
