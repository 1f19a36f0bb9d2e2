"""Moderation, one concept for everything users publish (companies.models.Moderated: company profiles,
marketplace entries).

A moderator approves, rejects, suspends or deactivates a selection with a reason (required for all but
approval); the decision, its reason, its time and its author are stored on each item; each owning company's
owners get one email about their items (companies.selectors.company_recipients, owners only); and a company that
was approved and no longer is goes out as `company_withdrawn`, so events can cancel its meetings to come.
Moderators hear of new items in a digest (notify_moderators), not one email per item.
"""

from collections.abc import Iterable
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.errors import CompanyError
from companies.models import Company, Listing, Moderated, ModerationStatus
from companies.selectors import company_recipients
from companies.signals import company_withdrawn, items_moderated
from config import mail

FIELDS = ["status", "status_reason", "moderated_at", "moderated_by", "edited_at"]

# What a company's approval is about: changing one of these after approval asks for a second look.
MATERIAL_PROFILE_FIELDS = ("name", "description", "website")

REASON_NEEDED = {
    ModerationStatus.REJECTED: _("Give the company a reason for the rejection."),
    ModerationStatus.SUSPENDED: _("Give the company a reason for the suspension."),
    ModerationStatus.DEACTIVATED: _("Give the company a reason for the deactivation."),
}

# What moderators review, in the order the digest and the admin home list it. Apps that import companies add
# their own moderated models with register_moderated() (companies imports none of them).
MODERATED_MODELS = [Company, Listing]


def register_moderated(model: type[Moderated]) -> None:
    """Put `model` (a Moderated model with created_at, and a ModeratedAdmin for the "waiting" list the admin home
    links to) in the moderators' digest and the admin home's counts; called from the app's AppConfig.ready()."""
    if model not in MODERATED_MODELS:
        MODERATED_MODELS.append(model)


def moderate(items: Iterable[Moderated], *, status: str, reason: str = "", by=None) -> int:
    """Decide on `items` (all of one model); returns how many were decided. Unchanged items send nothing; an
    approved item edited since is marked as looked at."""
    reason = reason.strip() if status != ModerationStatus.APPROVED else ""
    if status != ModerationStatus.APPROVED and not reason:
        raise CompanyError(REASON_NEEDED[status])
    items = list(items)
    if not items:
        return 0
    now = timezone.now()
    with transaction.atomic():
        changed = [item for item in items if item.status != status or item.status_reason != reason]
        # An approved item edited since (post-moderation) that keeps its status: the second look is recorded,
        # and nobody is emailed, since nothing changed for its owners.
        decided = {item.pk for item in changed}
        looked_at = [item for item in items if item.edited_at and item.pk not in decided]
        withdrawn = [item for item in changed if isinstance(item, Company)
                     and item.status == ModerationStatus.APPROVED and status != ModerationStatus.APPROVED]
        for item in changed + looked_at:
            item.status, item.status_reason, item.moderated_at, item.moderated_by = status, reason, now, by
            item.edited_at = None
        type(items[0]).objects.bulk_update(changed + looked_at, FIELDS)
        for _company, group in groupby(sorted(changed, key=attrgetter("owner_company_id")),
                                       key=attrgetter("owner_company_id")):
            group = list(group)
            transaction.on_commit(lambda group=group: _notify_owners(group))
        # The decision is committed by then: a failing receiver is logged and must not keep the owners from
        # being told, nor the other companies from being withdrawn.
        for company in withdrawn:
            transaction.on_commit(lambda company=company: company_withdrawn.send(sender=Company, company=company),
                                  robust=True)
        if changed:
            pks = [item.pk for item in changed]
            transaction.on_commit(lambda: items_moderated.send(sender=type(items[0]), pks=pks), robust=True)
    return len(changed) + len(looked_at)


def resubmit(item: Moderated) -> None:
    """An owner changed a published item: it waits for a moderator again (the caller saves it)."""
    item.status, item.status_reason, item.moderated_at, item.moderated_by = ModerationStatus.PENDING, "", None, None


def mark_edited(company: Company, *, data: dict) -> None:
    """Post-moderation of a company profile: an approved company that changes its name, description, website or
    sectors stays listed (its meetings and partners are not put on hold by a typo fix), but goes to the moderators'
    queue for a second look (the caller saves it). The stored row is compared, since a form may already have
    changed `company` in memory."""
    if company.status != ModerationStatus.APPROVED:
        return
    stored = Company.objects.get(pk=company.pk)
    sectors = set(stored.sectors.values_list("pk", flat=True))
    if (any(field in data and data[field] != getattr(stored, field) for field in MATERIAL_PROFILE_FIELDS)
            or ("sectors" in data and {sector.pk for sector in data["sectors"]} != sectors)):
        company.edited_at = timezone.now()


def waiting(model: type[Moderated]):
    """Items of `model` a moderator should look at: new ones (pending) and approved ones edited since."""
    return model.objects.filter(Q(status=ModerationStatus.PENDING) | Q(edited_at__isnull=False))


def pending_counts() -> list[tuple[type[Moderated], int]]:
    """(model, items waiting for a moderator) for each moderated model: the admin home shows them."""
    return [(model, waiting(model).count()) for model in MODERATED_MODELS]


def _changed_since(model: type[Moderated], since) -> Q:
    changed = Q(created_at__gte=since)
    if any(field.name == "updated_at" for field in model._meta.concrete_fields):
        changed |= Q(updated_at__gte=since)
    else:  # a model without updated_at (success stories) still marks an edit to look at
        changed |= Q(edited_at__gte=since)
    return changed


def notify_moderators(*, since) -> int:
    """Email the moderators one digest of everything waiting, if anything new came in since `since`.

    Run periodically (the `notify_moderators` command, e.g. hourly from cron, with the same period as `since`):
    no email when nothing new came in, and everything still waiting is listed, so nothing is forgotten when a run
    is missed. Returns the number of moderators emailed.
    """
    queues = [(model._meta.verbose_name_plural, waiting(model)) for model in MODERATED_MODELS]
    new = any(items.filter(_changed_since(items.model, since)).exists() for _, items in queues)
    if not new:
        return 0
    staff = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    moderators = [user.email for user in staff if user.has_perm("companies.change_company")]
    language = settings.LANGUAGE_CODE
    # One message per moderator: they do not see each other's addresses.
    for address in moderators:
        mail.send("companies/email/moderators_digest", to=[address], language=language, context={
            "waiting": [(name, items.count()) for name, items in queues],
            "url": mail.site_url(reverse("admin:index"), language)})
    return len(moderators)


def _notify_owners(items: list[Moderated]) -> None:
    company = Company.objects.get(pk=items[0].owner_company_id)
    language = company.email_language
    mail.send(items[0].moderation_email, language=language,
              to=[m.user.email for m in company_recipients([company], owners_only=True)],
              context={"company": company, "items": items, "status": items[0].status,
                       "reason": items[0].status_reason,
                       "url": mail.site_url(reverse(items[0].moderation_page), language)})

