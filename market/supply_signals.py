"""Keep the cached supply and demand counts (market.supply_selectors) in step with the marketplace.

Any saved, deleted or bulk-created marketplace entry or company can change what is open in the corridor (a status,
an expiry date, a country, a chapter), and so can a company withdrawn by moderation: each makes the counts stale.
Imported by MarketConfig.ready().
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from companies import signals as company_signals
from companies.models import Company, Listing
from market import supply_selectors


@receiver(post_save, sender=Listing, dispatch_uid="market_supply_listing_saved")
@receiver(post_delete, sender=Listing, dispatch_uid="market_supply_listing_deleted")
@receiver(post_save, sender=Company, dispatch_uid="market_supply_company_saved")
@receiver(post_delete, sender=Company, dispatch_uid="market_supply_company_deleted")
def entry_or_company_changed(sender, raw=False, **kwargs):
    if not raw:
        supply_selectors.bump()


# Moderation decides with a bulk update, which sends no post_save: items_moderated (sent by
# companies.moderation.moderate after commit) makes an approval show at once.
@receiver(company_signals.companies_bulk_created, dispatch_uid="market_supply_companies_bulk_created")
@receiver(company_signals.listings_bulk_created, dispatch_uid="market_supply_listings_bulk_created")
@receiver(company_signals.company_withdrawn, dispatch_uid="market_supply_company_withdrawn")
@receiver(company_signals.items_moderated, dispatch_uid="market_supply_items_moderated")
def bulk_changed(sender, **kwargs):
    supply_selectors.bump()
