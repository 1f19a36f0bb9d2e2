"""Keep the candidate keys (matchmaking.models.CandidateKey) in step with company profiles.

companies does not know about matchmaking, so matchmaking listens: a saved company (its country) and a
change to a company's sectors, languages or roles, from either side of the relation, refresh the keys
concerned; a saved marketplace entry gets its company's key copied (companies.models.KEY_COPIES). Each of
these writes, and the other writes that change a score (a deleted company or entry, a mark, a declined request),
makes the cached rankings stale (matchmaking.suggestion_cache).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from companies.models import Company, Listing
from companies.signals import companies_bulk_created, items_moderated, listings_bulk_created
from events.models import MeetingRequest, RequestStatus
from matchmaking import services, suggestion_cache
from matchmaking.models import Preference


@receiver(post_save, sender=Company, dispatch_uid="matchmaking_company_saved")
def company_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.refresh_candidate_keys(company_ids=[instance.pk])


@receiver(companies_bulk_created, dispatch_uid="matchmaking_companies_bulk_created")
def companies_bulk_created_received(sender, company_ids, **kwargs):
    services.refresh_candidate_keys(company_ids=company_ids)


@receiver(post_save, sender=Listing, dispatch_uid="matchmaking_listing_saved")
def listing_saved(sender, instance, raw=False, **kwargs):
    # A save writes the instance's copies of the company's key back as they were loaded (NULL for a new entry).
    if not raw:
        services.copy_keys_to_listings(listing_ids=[instance.pk])


@receiver(listings_bulk_created, dispatch_uid="matchmaking_listings_bulk_created")
def listings_bulk_created_received(sender, company_ids, **kwargs):
    services.copy_keys_to_listings(company_ids=company_ids)


@receiver(m2m_changed, sender=Company.sectors.through, dispatch_uid="matchmaking_sectors_changed")
@receiver(m2m_changed, sender=Company.languages.through, dispatch_uid="matchmaking_languages_changed")
@receiver(m2m_changed, sender=Company.roles.through, dispatch_uid="matchmaking_roles_changed")
def sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            services.refresh_candidate_keys(company_ids=[instance.pk])
        return
    # From the other side: `instance` is a Sector (Language, Role) and pk_set the companies (all on clear).
    if action == "pre_clear":
        instance._companies_before_clear = list(instance.companies.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        services.refresh_candidate_keys(company_ids=list(pk_set or ()))
    elif action == "post_clear":
        services.refresh_candidate_keys(company_ids=getattr(instance, "_companies_before_clear", []))


@receiver(items_moderated, dispatch_uid="matchmaking_items_moderated")  # approvals: new public companies, entries
@receiver(post_delete, sender=Company, dispatch_uid="matchmaking_company_deleted")
@receiver(post_delete, sender=Listing, dispatch_uid="matchmaking_listing_deleted")
@receiver(post_save, sender=Preference, dispatch_uid="matchmaking_preference_saved")
@receiver(post_delete, sender=Preference, dispatch_uid="matchmaking_preference_deleted")
def ranking_changed(sender, raw=False, **kwargs):
    if not raw:
        suggestion_cache.bump()


@receiver(post_save, sender=MeetingRequest, dispatch_uid="matchmaking_request_saved")
def request_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == RequestStatus.DECLINED:  # a declined request lowers the pair's score
        suggestion_cache.bump()
