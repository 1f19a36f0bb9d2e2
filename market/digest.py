"""Reads for the weekly market digest (issue 13, item 6): what is new for one user since their last digest.

Four sections, each one query whatever the number of rows (the company's sectors and own entries are subqueries,
not lists read first), each capped at ITEMS_PER_SECTION with a "more on the site" link when there are more:

- marketplace entries made public since (approved, i.e. `moderated_at` after `since`) by other companies, in the
  company's sectors, or offers in an HS chapter the company requests, or requests in a chapter it offers;
- answers approved since to questions the user follows (not the user's own answers);
- success stories published since in the company's sectors (not the company's own);
- upcoming fairs in the company's sectors, listed since, or starting within a week where that week began since
  the last digest (so that a fair listed long ago is announced once more shortly before it starts, exactly once
  when the digests are weekly).

A user without a company has no sectors or entries: only the answers section applies to them.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from companies.models import Company, Listing, ListingKind, ModerationStatus
from companies.selectors import public_listings
from events.models import SuccessStory
from events.story_selectors import public_stories
from market.models import Answer, DigestSubscription, Fair

ITEMS_PER_SECTION = 8
# With no digest sent yet: what the first one covers.
FIRST_PERIOD = timedelta(days=7)
# A digest never reaches further back than this (a user who subscribes again after months): the lists are capped
# anyway, and older news is no news.
MAX_PERIOD = timedelta(days=28)
# "Starting soon": a fair is announced again this long before its first day.
FAIR_NOTICE = timedelta(days=7)
# The weekly run skips whoever had a digest within this period (a second run in the same week sends nothing).
RESEND_AFTER = timedelta(days=6)


@dataclass
class Section:
    items: list
    more: bool = False  # more than the digest lists

    def __bool__(self) -> bool:
        return bool(self.items)


def _section(queryset, limit: int = ITEMS_PER_SECTION) -> Section:
    rows = list(queryset[:limit + 1])  # one more than shown tells whether there are more, without a count
    return Section(rows[:limit], more=len(rows) > limit)


@dataclass
class Digest:
    since: datetime
    listings: Section = field(default_factory=lambda: Section([]))
    answers: Section = field(default_factory=lambda: Section([]))
    stories: Section = field(default_factory=lambda: Section([]))
    fairs: Section = field(default_factory=lambda: Section([]))

    @property
    def is_empty(self) -> bool:
        return not (self.listings or self.answers or self.stories or self.fairs)


def due_subscriptions(now: datetime) -> QuerySet[DigestSubscription]:
    """Subscribed, active users with an address whose last digest (if any) is older than RESEND_AFTER, with their
    membership and company (one query)."""
    return (
        DigestSubscription.objects.filter(subscribed=True, user__is_active=True)
        .exclude(user__email="")
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - RESEND_AFTER))
        .select_related("user__membership__company")
        .order_by("pk")
    )


def digest_since(subscription: DigestSubscription, now: datetime) -> datetime:
    since = subscription.last_sent_at or now - FIRST_PERIOD
    return max(since, now - MAX_PERIOD)


def email_language(company: Company | None) -> str:
    """The language of the user's mail: their company's, as for every other email of the site (config.mail)."""
    return company.email_language if company is not None else settings.LANGUAGE_CODE


def build_digest(*, user, company: Company | None, since: datetime, now: datetime) -> Digest:
    """What is new for `user` since `since`. Call it with the recipient's language active: story titles are
    picked in it."""
    digest = Digest(since=since, answers=_section(new_answers(user, since)))
    if company is not None:
        today = timezone.localdate(now)
        digest.listings = _section(new_listings(company, since, today))
        digest.stories = _section(new_stories(company, since))
        digest.fairs = _section(fairs_to_announce(company, since, today))
    return digest


def _company_sectors(company: Company) -> QuerySet:
    return Company.sectors.through.objects.filter(company_id=company.pk).values("sector_id")


def new_listings(company: Company, since: datetime, today) -> QuerySet[Listing]:
    """Other companies' entries made public since `since` that concern `company`; `answers_own` says whether an
    entry answers one of its own (an offer in a chapter it requests, or the reverse)."""
    own = Listing.objects.public(today).filter(company=company, hs_chapter__isnull=False).values("hs_chapter")
    answers_own = (Q(kind=ListingKind.OFFER, hs_chapter__in=own.filter(kind=ListingKind.REQUEST))
                   | Q(kind=ListingKind.REQUEST, hs_chapter__in=own.filter(kind=ListingKind.OFFER)))
    return (
        public_listings().filter(moderated_at__gt=since).exclude(company=company)
        .filter(answers_own | Q(sector__in=_company_sectors(company)))
        .annotate(answers_own=ExpressionWrapper(answers_own, output_field=BooleanField()))
        .order_by("-moderated_at", "-pk")
    )


def new_answers(user, since: datetime) -> QuerySet[Answer]:
    """Answers approved since `since` to public questions the user follows, except the user's own."""
    return (
        Answer.objects.filter(status=ModerationStatus.APPROVED, moderated_at__gt=since,
                              question__status=ModerationStatus.APPROVED, question__follows__user=user)
        .exclude(author=user)
        .select_related("question", "company")
        .order_by("-moderated_at", "-pk")
    )


def new_stories(company: Company, since: datetime) -> QuerySet[SuccessStory]:
    """Success stories published since `since` in the company's sectors, except its own (it knows them)."""
    in_sectors = SuccessStory.sectors.through.objects.filter(sector_id__in=_company_sectors(company))
    return (
        public_stories().filter(published_at__gt=since, pk__in=in_sectors.values("successstory_id"))
        .exclude(Q(author=company) | Q(partner=company))
    )


def fairs_to_announce(company: Company, since: datetime, today) -> QuerySet[Fair]:
    """Fairs to come in the company's sectors: listed since `since`, or starting within FAIR_NOTICE where that
    notice period began after `since` (each fair once, a week before it starts)."""
    in_sectors = Fair.sectors.through.objects.filter(sector_id__in=_company_sectors(company))
    notice_began_since = Q(start_date__gt=timezone.localdate(since) + FAIR_NOTICE,
                           start_date__lte=today + FAIR_NOTICE)
    return (
        Fair.objects.upcoming(today).filter(pk__in=in_sectors.values("fair_id"))
        .filter(Q(created_at__gt=since) | notice_began_since)
        .order_by("start_date", "name")
    )
