"""Importing an organizer's list of participants (issue 17): preview, apply, and the invitations it sends.

The file is read in memory (events.import_files) and only its rows are kept between the preview and the apply
(the view holds them in the session). `preview_import` sorts each row, without writing anything:

- matched: an approved company of the site with the same name (folded as the site's search folds it, see
  companies.search) and country, or the same website domain; it is registered for the event on apply (approved
  while the participant cap leaves places, the rest on the waiting list), unless it already is;
- new: a company not on the site, with an email address; on apply it gets a ParticipantInvitation and an email
  with a signed link (`invitation_token`, valid INVITATION_MAX_AGE) to sign up with its company pre-filled;
- invalid: the reasons, per row (missing or malformed values, a formula-like cell, a duplicate of an earlier
  row, an address already invited, a row that matches several companies).

`apply_import` sorts the rows again inside its transaction, with the event locked, and writes only what is still
to do: applying the same rows twice writes nothing the second time, and two organizers applying at once cannot
both take the last place.

An invited company is registered once its profile is approved (`register_invited_companies`, called when a
moderation decision commits, events.apps). A signed-in member of a company that already exists may accept the
invitation for that company instead (`accept_invitation`): it is registered at once if the company is approved,
else on its approval. The link is a bearer token, as an email invitation is: whoever opens it may use it, once.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from companies.i18n_names import country_codes, country_name
from companies.models import Company
from companies.search import normalize, searchable
from companies.services import create_company
from companies.validators import validate_single_line
from config import mail
from events.capacity import places_left
from events.errors import EventError
from events.import_files import COLUMN_LABELS, COMPANY, CONTACT, COUNTRY, EMAIL, FIELDS, WEBSITE
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import Event, ParticipantInvitation, Participation, ParticipationStatus
from events.notifications import notify_companies

IMPORTED_KIND = "participation_imported"
IMPORTED_WAITING_KIND = "participation_imported_waiting"
INVITATION_MAX_AGE = timedelta(days=30)
_SALT = "events.imports.invitation"

NEW, MATCHED, INVALID = "new", "matched", "invalid"

MAX_LENGTHS = {COMPANY: 200, EMAIL: 254, WEBSITE: 200, CONTACT: 150}

# Hosts that many companies share (a page on a social network, a free site builder): a website there says
# nothing about which company it is, so it never matches by domain.
SHARED_HOSTS = frozenset({
    "facebook.com", "fb.com", "m.facebook.com", "linkedin.com", "instagram.com", "twitter.com", "x.com",
    "youtube.com", "tiktok.com", "zalo.me", "t.me", "wa.me", "vk.com", "ok.ru", "google.com", "sites.google.com",
    "business.site", "wixsite.com", "blogspot.com", "wordpress.com", "tumblr.com", "github.io", "linktr.ee",
    "alibaba.com", "made-in-china.com", "tradekey.com", "yellowpages.vn", "trangvangvietnam.com", "azerweb.az",
})
# The host of a web address, with or without its scheme (and without any user name, port, path or query).
_HOST = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^@/?#]*@)?([^/:?#\s]+)")
# Names people write that the CLDR names of the three languages do not cover (folded).
COUNTRY_EXTRAS = {"viet nam": "VN", "vn": "VN", "vnm": "VN", "aze": "AZ", "azerbaycan": "AZ", "uk": "GB",
                  "great britain": "GB", "england": "GB", "usa": "US", "united states of america": "US",
                  "turkey": "TR", "korea": "KR", "russian federation": "RU"}


# Rows ------------------------------------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    line: int
    kind: str = NEW
    company_name: str = ""
    country: str = ""  # ISO code once valid, else as written
    email: str = ""
    website: str = ""
    contact_name: str = ""
    reasons: list[str] = field(default_factory=list)
    company: dict | None = None  # a matched company: pk, name, slug, country
    registered: str = ""  # the status of its registration for the event, if it has one (not withdrawn)
    waits: bool = False  # a matched company that goes on the waiting list on apply
    search_name: str = field(default="", repr=False)  # the name folded as Company.search_name
    domain: str = field(default="", repr=False)  # of the website, for matching (website_domain)

    @property
    def country_label(self) -> str:
        return country_name(self.country) if self.country in _codes() else self.country

    @property
    def registered_label(self) -> str:
        return ParticipationStatus(self.registered).label if self.registered else ""

    @property
    def to_register(self) -> bool:
        return self.kind == MATCHED and not self.registered


@dataclass
class Preview:
    rows: list[PreviewRow]
    places: int | None  # places left under the cap now; None without a cap

    def of_kind(self, kind: str) -> list[PreviewRow]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in (NEW, MATCHED, INVALID)}

    @property
    def registering(self) -> int:
        return sum(row.to_register and not row.waits for row in self.rows)

    @property
    def waiting(self) -> int:
        return sum(row.to_register and row.waits for row in self.rows)

    @property
    def already_registered(self) -> int:
        return sum(row.kind == MATCHED and bool(row.registered) for row in self.rows)

    @property
    def has_work(self) -> bool:
        return any(row.kind == NEW or row.to_register for row in self.rows)


@dataclass
class ImportResult:
    registered: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    unchanged: int = 0  # matched companies already registered
    invalid: int = 0

    def message(self) -> str:
        """"3 companies registered; 2 on the waiting list; 5 invited by email; 1 already registered; 2 rows left
        out." — the parts that apply."""
        parts = [ngettext("%(count)d company registered", "%(count)d companies registered", len(self.registered))
                 % {"count": len(self.registered)}]
        if self.waiting:
            parts.append(ngettext("%(count)d on the waiting list", "%(count)d on the waiting list",
                                  len(self.waiting)) % {"count": len(self.waiting)})
        parts.append(ngettext("%(count)d invited by email", "%(count)d invited by email", len(self.invited))
                     % {"count": len(self.invited)})
        if self.unchanged:
            parts.append(ngettext("%(count)d was already registered", "%(count)d were already registered",
                                  self.unchanged) % {"count": self.unchanged})
        if self.invalid:
            parts.append(ngettext("%(count)d row left out", "%(count)d rows left out", self.invalid)
                         % {"count": self.invalid})
        return "; ".join(parts) + "."


@cache
def _codes() -> frozenset[str]:
    return frozenset(country_codes())


@cache
def _country_lookup() -> dict[str, str]:
    """Folded country names in English, Vietnamese and Azerbaijani, and the codes themselves → code."""
    lookup = {code.lower(): code for code in _codes()}
    for code in _codes():
        for language in ("en", "vi", "az"):
            lookup.setdefault(normalize(country_name(code, language)), code)
    return lookup | COUNTRY_EXTRAS


def country_code(text: str) -> str | None:
    """The ISO code a cell names (a code, or a country's name in one of the site's languages), or None."""
    return _country_lookup().get(normalize(text))


def website_domain(url: str) -> str:
    """The host of a website without "www.", lowercased; "" for a shared host (SHARED_HOSTS) or none. A regular
    expression rather than urlsplit: the preview takes the host of every approved company's website."""
    found = _HOST.match(url or "")
    if not found:
        return ""
    host = found.group(1).lower().rstrip(".").removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or any(".".join(labels[start:]) in SHARED_HOSTS for start in range(len(labels) - 1)):
        return ""
    return host


def _checked(raw: dict) -> PreviewRow:
    """A row with its values cleaned and the reasons it cannot be imported (before looking at the database)."""
    row = PreviewRow(line=raw["line"])
    if raw.get("formula"):
        row.kind = INVALID
        row.reasons.append(_("A cell starts with =, +, -, @ or a tab, which a spreadsheet would run as a formula. "
                             "The row is left out; correct the cell and import it again."))
        return row
    row.company_name, row.contact_name = raw.get(COMPANY, ""), raw.get(CONTACT, "")
    row.email, row.website = raw.get(EMAIL, "").lower(), raw.get(WEBSITE, "")
    written_country = raw.get(COUNTRY, "")
    if not row.company_name:
        row.reasons.append(_("No company name."))
    for name in (COMPANY, CONTACT):
        try:
            validate_single_line(raw.get(name, ""))
        except ValidationError:
            row.reasons.append(_("The %(column)s has a line break.") % {"column": COLUMN_LABELS[name]})
    if not written_country:
        row.reasons.append(_("No country."))
    elif (code := country_code(written_country)) is None:
        row.country = written_country
        row.reasons.append(_("Unknown country “%(country)s”: write its two-letter code (VN, AZ…) or its name.")
                           % {"country": written_country})
    else:
        row.country = code
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.reasons.append(_("“%(email)s” is not a valid email address.") % {"email": row.email})
    if row.website:
        if "://" not in row.website:
            row.website = f"https://{row.website}"
        try:
            URLValidator(schemes=["http", "https"])(row.website)
        except ValidationError:
            row.reasons.append(_("“%(website)s” is not a valid website address.") % {"website": raw[WEBSITE]})
    for name, limit in MAX_LENGTHS.items():
        if len(getattr(row, name)) > limit:
            row.reasons.append(_("The %(column)s is longer than %(limit)d characters.")
                               % {"column": COLUMN_LABELS[name], "limit": limit})
    if row.reasons:
        row.kind = INVALID
    else:
        row.search_name, row.domain = searchable(row.company_name), website_domain(row.website)
    return row


# Preview ---------------------------------------------------------------------------------------------------------


def preview_import(*, event: Event, rows: list[dict]) -> Preview:
    """Sort the file's rows (events.import_files.ParsedFile.rows) into new / matched / invalid against the
    site as it is now; reads only, in a fixed number of queries whatever the number of rows."""
    checked = [_checked(raw) for raw in rows]
    valid = [row for row in checked if row.kind != INVALID]
    by_name, by_domain = _candidates(valid)
    companies = {company["pk"]: company for company in [*by_name.values(), *by_domain.values()]
                 for company in company}
    registrations = dict(Participation.objects.filter(event=event, company_id__in=list(companies))
                         .values_list("company_id", "status"))
    emails = {row.email for row in valid if row.email}
    invited = {invitation["address"]: invitation for invitation in (
        ParticipantInvitation.objects.filter(event=event).annotate(address=Lower("email"))
        .filter(address__in=emails).values("address", "created_at", "accepted_at", "company__name"))}

    seen_companies: dict[int, int] = {}
    seen_emails: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for row in valid:
        matches = {company["pk"]: company for company in by_name.get(row.search_name, [])
                   if company["country"] == row.country}
        matches |= {company["pk"]: company for company in by_domain.get(row.domain, [])}
        name_key = (row.search_name, row.country)
        if len(matches) > 1:
            names = ", ".join(sorted(company["name"] for company in matches.values()))
            row.reasons.append(_("It matches several companies of the site (%(names)s): give the website of the "
                                 "one you mean, or import it by hand.") % {"names": names})
        elif matches:
            company = next(iter(matches.values()))
            if company["pk"] in seen_companies:
                row.reasons.append(_("The same company as row %(line)d.") % {"line": seen_companies[company["pk"]]})
            else:
                seen_companies[company["pk"]] = row.line
                row.kind, row.company = MATCHED, company
                status = registrations.get(company["pk"], "")
                row.registered = "" if status == ParticipationStatus.WITHDRAWN else status
        elif name_key in seen_names:
            row.reasons.append(_("The same company as row %(line)d.") % {"line": seen_names[name_key]})
        elif not row.email:
            row.reasons.append(_("No email address: a company that is not on the site yet is invited by email."))
        elif row.email in seen_emails:
            row.reasons.append(_("The same email address as row %(line)d.") % {"line": seen_emails[row.email]})
        elif row.email in invited:
            invitation = invited[row.email]
            when = formats.date_format(timezone.localtime(invitation["created_at"]), "DATE_FORMAT")
            if invitation["accepted_at"]:
                row.reasons.append(_("This address was invited on %(date)s, and %(company)s has been registered "
                                     "since then.")
                                   % {"date": when, "company": invitation["company__name"]})
            else:
                row.reasons.append(_("This address was already invited on %(date)s.") % {"date": when})
        seen_names.setdefault(name_key, row.line)
        if row.email:
            seen_emails.setdefault(row.email, row.line)
        if row.reasons:
            row.kind = INVALID
    places = places_left(event)
    if places is not None:
        for taken, row in enumerate(row for row in checked if row.to_register):
            row.waits = taken >= places
    return Preview(rows=checked, places=places)


def _candidates(rows: list[PreviewRow]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Approved companies that rows may match: by stored search name (folded name → companies) and by website
    domain (domain → companies). Three queries at most: the names are looked up in the database; the domains are
    compared in Python over the websites of the approved companies (a host cannot be taken from a URL in SQL alike
    on both databases), then the companies found are read."""
    fields = ("pk", "name", "slug", "country", "website", "search_name")
    names = {row.search_name for row in rows}
    by_name: dict[str, list[dict]] = {}
    if names:
        for company in Company.objects.approved().filter(search_name__in=names).values(*fields):
            by_name.setdefault(company["search_name"], []).append(company)
    domains = {row.domain for row in rows} - {""}
    hits: dict[int, str] = {}
    if domains:
        websites = Company.objects.approved().exclude(website="").values_list("pk", "website")
        for pk, website in websites.iterator(chunk_size=5000):
            domain = website_domain(website)
            if domain in domains:
                hits[pk] = domain
    by_domain: dict[str, list[dict]] = {}
    if hits:
        for company in Company.objects.filter(pk__in=list(hits)).values(*fields):
            by_domain.setdefault(hits[company["pk"]], []).append(company)
    return by_name, by_domain


# Apply -----------------------------------------------------------------------------------------------------------


@booking_transaction
def apply_import(*, event: Event, rows: list[dict], by) -> ImportResult:
    """Register the matched companies (approved while the cap leaves places, then on the waiting list; each
    company's members told) and invite the new ones by email, in one transaction with the event locked. The
    rows are sorted again here: what was done since the preview (by this import or another) is not done twice."""
    event = lock_event(event.pk)
    preview = preview_import(event=event, rows=rows)
    result = ImportResult(unchanged=preview.already_registered, invalid=preview.counts[INVALID])
    to_register = [row for row in preview.rows if row.to_register]
    companies = Company.objects.in_bulk([row.company["pk"] for row in to_register])
    withdrawn = {participation.company_id: participation for participation in lock_participations(
        Participation.objects.filter(event=event, company__in=list(companies),
                                     status=ParticipationStatus.WITHDRAWN).values_list("pk", flat=True)).values()}
    approved, waiting = [], []
    for row in to_register:
        company = companies[row.company["pk"]]
        _register(event, company, waits=row.waits, withdrawn=withdrawn.get(company.pk))
        (waiting if row.waits else approved).append(company)
    _tell_registered(event, approved=approved, waiting=waiting)
    result.registered = [company.name for company in approved]
    result.waiting = [company.name for company in waiting]
    invitations = ParticipantInvitation.objects.bulk_create([
        ParticipantInvitation(event=event, company_name=row.company_name, country=row.country, email=row.email,
                              website=row.website, contact_name=row.contact_name, invited_by=by)
        for row in preview.of_kind(NEW)])
    for invitation in invitations:
        invitation.event = event
        send_invitation(invitation)
    result.invited = [invitation.company_name for invitation in invitations]
    return result


def _register(event: Event, company: Company, *, waits: bool, withdrawn: Participation | None) -> Participation:
    """A registration decided by the organizer: approved, or waiting when the event is full; a company that had
    withdrawn registers again on its own row (one row per company and event)."""
    now = timezone.now()
    status = ParticipationStatus.WAITING if waits else ParticipationStatus.APPROVED
    fields = {"status": status, "registered_at": now, "decided_at": None if waits else now, "offered_at": None}
    if withdrawn is not None:
        for name, value in fields.items():
            setattr(withdrawn, name, value)
        withdrawn.save(update_fields=list(fields))
        return withdrawn
    # create() rather than bulk_create: the post_save signal keeps the event list's cached counts right.
    return Participation.objects.create(event=event, company=company, **fields)


def _tell_registered(event: Event, *, approved: list[Company], waiting: list[Company]) -> None:
    url = event.get_absolute_url()
    for companies, kind in ((approved, IMPORTED_KIND), (waiting, IMPORTED_WAITING_KIND)):
        if companies:
            notify_companies(companies, kind, url=url,
                             params_for=lambda company: {"event": event.title, "company": company.name})


# Invitations -----------------------------------------------------------------------------------------------------


def invitation_language(invitation: ParticipantInvitation) -> str:
    """The language the invitation is written in besides English: the country's (Vietnamese for Vietnam,
    Azerbaijani for Azerbaijan), else English alone."""
    return {"VN": "vi", "AZ": "az"}.get(invitation.country, "en")


def invitation_token(invitation: ParticipantInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.event_id}, salt=_SALT)


def invitation_path(invitation: ParticipantInvitation) -> str:
    return reverse("events:participant_invitation", args=[invitation.event.slug, invitation_token(invitation)])


def expires_at(invitation: ParticipantInvitation) -> datetime:
    return invitation.created_at + INVITATION_MAX_AGE


class InvitationLinkError(EventError):
    """A link that is not (or no longer) an invitation; `expired` tells an old link from a forged one."""

    def __init__(self, message: str, *, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def invitation_from_token(*, event: Event, token: str) -> ParticipantInvitation:
    """The invitation of a signed link for `event`; InvitationLinkError when the link is expired, altered, made for
    another event, or its invitation was deleted."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationLinkError(_("This invitation link has expired: links work for %(days)d days. Ask the "
                                    "organizers of the event to invite you again.")
                                  % {"days": INVITATION_MAX_AGE.days}, expired=True) from None
    except signing.BadSignature:
        raise InvitationLinkError(_("This invitation link is not valid: it may have been cut or changed. Open it "
                                    "from the email again, or copy the whole link.")) from None
    invitation = None
    if isinstance(data, dict) and data.get("e") == event.pk:
        invitation = (ParticipantInvitation.objects.select_related("event", "company", "invited_by")
                      .filter(pk=data.get("i"), event=event).first())
    if invitation is None:
        raise InvitationLinkError(_("This invitation no longer exists. Ask the organizers of the event to invite "
                                    "you again."))
    return invitation


def send_invitation(invitation: ParticipantInvitation) -> None:
    """The invitation email, after the transaction commits: in the country's language with English below (in
    English alone for other countries), with the signed link in that language."""
    language = invitation_language(invitation)
    event = invitation.event
    inviter = invitation.invited_by
    mail.send("events/email/participant_invitation", to=[invitation.email], language=language, context={
        "invitation": invitation, "event": event, "url": mail.site_url(invitation_path(invitation), language),
        "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        "expires": timezone.localtime(expires_at(invitation)), "with_english": language != "en",
    })


def sent_invitations(event: Event) -> list[ParticipantInvitation]:
    """The event's invitations, latest first, each with `state`: "open" (no profile yet; `expired` when its link
    no longer works), "in_review" (a profile was made and awaits moderation) or "registered". One query."""
    invitations = list(ParticipantInvitation.objects.filter(event=event).select_related("company")
                       .order_by("-created_at", "-pk"))
    now = timezone.now()
    for invitation in invitations:
        invitation.state = ("registered" if invitation.accepted_at else
                            "in_review" if invitation.company_id else "open")
        invitation.expired = invitation.state == "open" and expires_at(invitation) <= now
    return invitations


@transaction.atomic
def resend_invitation(*, invitation: ParticipantInvitation) -> None:
    """The invitation emailed again, with a new link valid INVITATION_MAX_AGE from now (`created_at` becomes the
    time it was last sent, which the email's expiry date counts from). Only while nobody has taken it up."""
    # of=("self",): the inviter is a nullable join, which PostgreSQL does not lock.
    invitation = (ParticipantInvitation.objects.select_for_update(of=("self",))
                  .select_related("event", "invited_by").get(pk=invitation.pk))
    if invitation.company_id is not None:
        raise EventError(_("%(company)s has already taken up this invitation.") % {"company": invitation.company_name})
    invitation.created_at = timezone.now()
    invitation.save(update_fields=["created_at"])
    transaction.on_commit(lambda: send_invitation(invitation))


@transaction.atomic
def withdraw_invitation(*, invitation: ParticipantInvitation) -> None:
    """The invitation deleted: its link then says the invitation no longer exists. Only while nobody has taken it
    up (a company made through it keeps its registration)."""
    invitation = ParticipantInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.company_id is not None:
        raise EventError(_("%(company)s has already taken up this invitation.") % {"company": invitation.company_name})
    invitation.delete()


def invitation_initial(invitation: ParticipantInvitation, *, user) -> dict:
    """What the company form starts with for an invited company."""
    return {"name": invitation.company_name, "country": invitation.country, "website": invitation.website,
            "contact_person": invitation.contact_name, "contact_email": invitation.email or user.email,
            "email_language": translation.get_language()}


def taken_by_another(invitation: ParticipantInvitation, company: Company | None) -> bool:
    return invitation.company_id is not None and (company is None or invitation.company_id != company.pk)


def create_invited_company(*, invitation: ParticipantInvitation, owner, data: dict, logo=None) -> Company:
    """Create the invited company's profile (pending review, `owner` its owner) and tie the invitation to it: once
    a moderator approves the profile, the company is registered for the event (register_invited_companies)."""
    with transaction.atomic():
        invitation = ParticipantInvitation.objects.select_for_update(of=("self",), no_key=True).get(pk=invitation.pk)
        if invitation.accepted_at or invitation.company_id:
            raise EventError(_("This invitation was already taken up by a company."))
        company = create_company(owner=owner, data=data, logo=logo)
        invitation.company = company
        invitation.save(update_fields=["company"])
    return company


@booking_transaction
def accept_invitation(*, invitation: ParticipantInvitation, company: Company) -> Participation | None:
    """A member of an existing company takes up the invitation for it. An approved company is registered at once
    (approved, or waiting when the event is full), as a matched row of an import; another is registered when a
    moderator approves it. Returns the registration made now, if any."""
    event = lock_event(invitation.event_id)
    invitation = ParticipantInvitation.objects.select_for_update(of=("self",), no_key=True).get(pk=invitation.pk)
    if invitation.accepted_at or taken_by_another(invitation, company):
        raise EventError(_("This invitation was already taken up by a company."))
    invitation.company = company
    invitation.save(update_fields=["company"])
    if company.is_public:
        return _register_invitee(event, invitation)
    return None


def register_invited_companies(*, company_ids) -> int:
    """Register for their events the companies among `company_ids` that took up an invitation and are approved
    now (a moderation decision committed); one transaction per invitation. Returns how many were registered."""
    pending = (ParticipantInvitation.objects.filter(company_id__in=list(company_ids), accepted_at__isnull=True,
                                                    company__status=Company.Status.APPROVED)
               .order_by("pk").values_list("pk", flat=True))
    return sum(_register_invitation(invitation_id=pk) is not None for pk in pending)


@booking_transaction
def _register_invitation(*, invitation_id: int) -> Participation | None:
    invitation = ParticipantInvitation.objects.filter(pk=invitation_id).values("event_id").first()
    if invitation is None:
        return None
    event = lock_event(invitation["event_id"])
    invitation = (ParticipantInvitation.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("company").get(pk=invitation_id))
    if invitation.accepted_at or invitation.company is None or not invitation.company.is_public:
        return None
    return _register_invitee(event, invitation)


def _register_invitee(event: Event, invitation: ParticipantInvitation) -> Participation | None:
    """With the event locked: register the invitation's company unless it already is, mark the invitation
    accepted, tell the company's members. An event that has ended registers nobody (the invitation stays open)."""
    if event.end_date < timezone.localdate():
        return None
    company = invitation.company
    existing = Participation.objects.filter(event=event, company=company).values_list("pk", "status").first()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["company", "accepted_at"])
    if existing and existing[1] != ParticipationStatus.WITHDRAWN:
        return None
    withdrawn = lock_participations([existing[0]])[existing[0]] if existing else None
    waits = places_left(event) == 0
    participation = _register(event, company, waits=waits, withdrawn=withdrawn)
    _tell_registered(event, approved=[] if waits else [company], waiting=[company] if waits else [])
    return participation


def stored_rows(rows) -> list[dict]:
    """Rows as they come back from the session (JSON): only our keys, only text, so that a tampered session
    cannot smuggle anything else into a write."""
    clean = []
    for raw in rows if isinstance(rows, list) else []:
        if not isinstance(raw, dict) or not isinstance(raw.get("line"), int):
            continue
        row = {"line": raw["line"], "formula": bool(raw.get("formula"))}
        if not row["formula"]:
            row |= {name: str(raw.get(name, ""))[:1000] for name in FIELDS}
        clean.append(row)
    return clean
