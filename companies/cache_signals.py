"""Forget the cached summaries and choice lists of companies.selectors when what they are made of changes.

Connected in CompaniesConfig.ready(): a company saved (created, its country or status changed), deleted, withdrawn
or decided on by a moderator (items_moderated: the decision is a bulk_update), its sectors changed, companies
bulk-inserted; a sector, role, language or HS chapter saved or deleted (admin).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from companies.models import Company, HSChapter, Language, Role, Sector
from companies.selectors import forget_public_summaries, forget_reference_rows
from companies.signals import companies_bulk_created, company_withdrawn, items_moderated

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
