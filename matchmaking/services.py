"""Writes on matchmaking: a company's marks on suggested partners, and organizers' introductions.

One transaction each; introduction emails are enqueued only once the transaction commits.
"""

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from companies.models import Company, Listing
from companies.selectors import company_recipients
from config import mail
from events.models import Event, MeetingRequest, Participation
from matchmaking import candidates, selectors, suggestion_cache
from matchmaking.models import (
    CandidateKey,
    Introduction,
    Preference,
    PreferenceKind,
    mask_of,
    sectors_key,
    set_key,
)
from matchmaking.reasons import explain
from matchmaking.scoring import NO_RELATION, score


class MatchmakingError(Exception):
    """A write that the rules refuse; the message is meant for the user."""


def set_preference(*, company: Company, other: Company, kind: str) -> Preference:
    """Mark `other` as "must meet" or "not interested" for `company`, replacing an earlier mark."""
    if company.pk == other.pk:
        raise MatchmakingError(_("You cannot mark your own company."))
    if kind not in PreferenceKind.values:
        raise MatchmakingError(_("Unknown mark."))
    with transaction.atomic():
        preference, _created = Preference.objects.update_or_create(
            company=company, other=other, defaults={"kind": kind, "created_at": timezone.now()})
    return preference


def clear_preference(*, company: Company, other: Company) -> bool:
    """Undo `company`'s mark on `other`; False when there was none."""
    with transaction.atomic():
        deleted, _details = Preference.objects.filter(company=company, other=other).delete()
    return deleted > 0


def introduce(*, event: Event, first: Participation, second: Participation, by) -> Introduction:
    """Introduce two approved participants of `event` to each other: every member of both companies gets an
    email (in the company's email language) with why they should meet and where to ask for the meeting.

    Refused for a pair with a request at this event (they have already found each other) and for a pair
    already introduced (the database's unique constraint keeps it to one).
    """
    if first.event_id != event.pk or second.event_id != event.pk:
        raise MatchmakingError(_("Both companies must take part in this event."))
    if not (first.is_approved and second.is_approved):
        raise MatchmakingError(_("Both companies must be approved participants of the event."))
    if first.company_id == second.company_id:
        raise MatchmakingError(_("A company cannot be introduced to itself."))
    if first.company_id > second.company_id:
        first, second = second, first
    if MeetingRequest.objects.filter(event=event, requester__in=[first, second],
                                     recipient__in=[first, second]).exists():
        raise MatchmakingError(_("These companies have already asked each other for a meeting."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                introduction = Introduction.objects.create(event=event, first=first.company,
                                                           second=second.company, sent_by=by)
        except IntegrityError:
            raise MatchmakingError(_("These companies have already been introduced.")) from None
        profiles = candidates.load_profiles([first.company_id, second.company_id])
        sectors = selectors.sector_names()
        for own, partner in ((first, second), (second, first)):
            match = score(profiles[own.company_id], profiles[partner.company_id], NO_RELATION)
            _email_introduction(event, own.company, partner.company, match, sectors)
    return introduction


def _email_introduction(event: Event, company: Company, partner: Company, match, sectors) -> None:
    language = company.email_language
    url = reverse("matchmaking:event_suggestions", args=[event.slug])
    with translation.override(language):
        reasons = explain(match, sectors=sectors)  # rendered in the company's language
    mail.send("matchmaking/email_introduction", language=language,
              to=[m.user.email for m in company_recipients([company])],
              context={"event": event, "company": company, "partner": partner, "score": match.score,
                       "reasons": reasons, "url": mail.site_url(url, language),
                       "partner_url": mail.site_url(partner.get_absolute_url(), language)})


KEY_FIELDS = ["country", "sectors", "languages", "roles", "sector_mask", "sector_count", "language_mask", "role_mask"]


def candidate_key(company_id: int, country: str, sectors, languages, roles) -> CandidateKey:
    """The candidate key of a company with these sector ids, language codes and role slugs."""
    return CandidateKey(company_id=company_id, country=country, sectors=sectors_key(sectors),
                        languages=set_key(languages), roles=set_key(roles), sector_mask=mask_of(sectors),
                        sector_count=len(set(sectors)), language_mask=mask_of(languages), role_mask=mask_of(roles))


def refresh_candidate_keys(*, company_ids=None) -> int:
    """Recompute the candidate keys (country, sectors, languages, roles) of the given companies, or of all.

    The signals in matchmaking.signals call it for each profile change; bulk loads that bypass signals
    (companies.demo.create_synthetic) call it once afterwards. Returns how many keys were written.
    """
    companies = Company.objects.all() if company_ids is None else Company.objects.filter(pk__in=company_ids)
    written = 0
    ids = list(companies.order_by("pk").values_list("pk", "country"))
    for start in range(0, len(ids), 5000):
        chunk = dict(ids[start:start + 5000])
        sectors: dict[int, list[int]] = {}
        for company_id, sector_id in Company.sectors.through.objects.filter(company_id__in=list(chunk)).values_list(
                "company_id", "sector_id"):
            sectors.setdefault(company_id, []).append(sector_id)
        languages: dict[int, list[str]] = {}
        for company_id, code in Company.languages.through.objects.filter(company_id__in=list(chunk)).values_list(
                "company_id", "language_id"):
            languages.setdefault(company_id, []).append(code)
        roles: dict[int, list[str]] = {}
        for company_id, slug in Company.roles.through.objects.filter(company_id__in=list(chunk)).values_list(
                "company_id", "role__slug"):
            roles.setdefault(company_id, []).append(slug)
        keys = [candidate_key(pk, country, sectors.get(pk, ()), languages.get(pk, ()), roles.get(pk, ()))
                for pk, country in chunk.items()]
        with transaction.atomic():
            CandidateKey.objects.bulk_create(keys, update_conflicts=True, unique_fields=["company"],
                                             update_fields=KEY_FIELDS)
            copy_keys_to_listings(company_ids=list(chunk))
        written += len(keys)
    return written


# The UPDATE … FROM that refreshes Listing's copies of the candidate keys (companies.models.KEY_COPIES), in the
# syntax PostgreSQL and SQLite (3.33+) share.
_COPY_KEYS_SQL = (
    f"UPDATE {Listing._meta.db_table} SET key_country = k.country, key_sector_mask = k.sector_mask, "
    f"key_sector_count = k.sector_count, key_language_mask = k.language_mask, key_role_mask = k.role_mask "
    f"FROM {CandidateKey._meta.db_table} k WHERE k.company_id = {Listing._meta.db_table}.company_id"
)


def copy_keys_to_listings(*, company_ids=None, listing_ids=None) -> None:
    """Copy the candidate keys onto the marketplace entries of the given companies (or the given entries, or
    all): the bound of candidates.contenders() reads them from the entries' index. Called with every key
    refresh, and for an entry when it is saved (matchmaking.signals)."""
    sql, params = _COPY_KEYS_SQL, []
    for column, ids in (("company_id", company_ids), ("id", listing_ids)):
        if ids is not None:
            ids = [int(pk) for pk in ids]
            if not ids:
                return
            sql += f" AND {Listing._meta.db_table}.{column} IN ({', '.join(['%s'] * len(ids))})"
            params += ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    suggestion_cache.bump()
