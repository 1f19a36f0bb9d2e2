"""A user's data as one JSON document (docs/accounts.md), for the download on /accounts/data/.

Everything the site keeps about the user and what they entered or took part in through their company: the
account, its email addresses, the membership and the company profile, the company's marketplace entries, event
participations, meeting requests sent and received, meetings, notifications, and the events they organize.
Only the user's own rows are read: each query is filtered by the user or by their company.

Times are ISO 8601 with their offset: a meeting's in its event's time zone (as the agenda shows it), everything
else in UTC. The number of queries is fixed whatever the number of rows (tests/test_account_data.py pins it).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from companies.models import Company, Listing, Membership
from events.models import Meeting, MeetingRequest, Notification, Participation
from events.notifications import render_text

FORMAT_VERSION = 1


def account_data(user) -> dict:
    """The document for `user` (signed in): plain JSON types only."""
    membership = Membership.objects.select_related("company").filter(user=user).first()
    company = membership.company if membership else None
    return {
        "format": "tradebridge-account-data",
        "version": FORMAT_VERSION,
        "exported_at": _time(timezone.now()),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _time(user.date_joined),
            "last_login": _time(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "membership": {"role": membership.role, "joined_at": _time(membership.created_at)} if membership else None,
        "company": _company(company) if company else None,
        "marketplace_entries": _listings(company) if company else [],
        "event_participations": _participations(company) if company else [],
        **(_requests(company) if company else {"meeting_requests_sent": [], "meeting_requests_received": []}),
        "meetings": _meetings(company) if company else [],
        "notifications": [
            {"kind": n.kind, "text": render_text(n.kind, n.params), "link": n.url, "created_at": _time(n.created_at),
             "read_at": _time(n.read_at)}
            for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "organized_events": [
            {"title": event.title, "slug": event.slug, "status": event.status, "start_date": _day(event.start_date),
             "end_date": _day(event.end_date)}
            for event in user.organized_events.order_by("start_date", "pk")
        ],
    }


def _company(company: Company) -> dict:
    return {
        "name": company.name,
        "slug": company.slug,
        "status": company.status,
        "status_reason": company.status_reason,
        "country": company.country,
        "city": company.city,
        "description": company.description,
        "website": company.website,
        "founded": company.founded,
        "size": company.size,
        "sectors": list(company.sectors.order_by("slug").values_list("slug", flat=True)),
        "languages": list(company.languages.order_by("code").values_list("code", flat=True)),
        "women_led": company.women_led,
        "contact_person": company.contact_person,
        "contact_email": company.contact_email,
        "contact_phone": company.contact_phone,
        "email_language": company.email_language,
        "logo_url": settings.SITE_URL + company.logo.url if company.logo else None,
        "created_at": _time(company.created_at),
        "updated_at": _time(company.updated_at),
    }


def _listings(company: Company) -> list[dict]:
    listings = Listing.objects.filter(company=company).select_related("sector").order_by("created_at", "pk")
    return [{
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "sector": listing.sector.slug,
        "hs_chapter": listing.hs_chapter_id,
        "target_countries": listing.target_countries,
        "expires_on": _day(listing.expires_on),
        "status": listing.status,
        "status_reason": listing.status_reason,
        "created_at": _time(listing.created_at),
        "updated_at": _time(listing.updated_at),
    } for listing in listings]


def _participations(company: Company) -> list[dict]:
    participations = (Participation.objects.filter(company=company).select_related("event")
                      .order_by("event__start_date", "pk"))
    return [{
        "event": participation.event.title,
        "event_start_date": _day(participation.event.start_date),
        "event_end_date": _day(participation.event.end_date),
        "status": participation.status,
        "delegates": participation.delegates,
        "time_zone": participation.time_zone,
        "registered_at": _time(participation.registered_at),
        "decided_at": _time(participation.decided_at),
    } for participation in participations]


def _requests(company: Company) -> dict[str, list[dict]]:
    requests = (MeetingRequest.objects.filter(Q(requester__company=company) | Q(recipient__company=company))
                .select_related("event", "requester__company", "recipient__company").order_by("created_at", "pk"))
    sent, received = [], []
    for meeting_request in requests:
        outgoing = meeting_request.requester.company_id == company.pk
        partner = meeting_request.recipient if outgoing else meeting_request.requester
        (sent if outgoing else received).append({
            "event": meeting_request.event.title,
            "to" if outgoing else "from": partner.company.name,
            "message": meeting_request.message,
            "status": meeting_request.status,
            "decline_reason": meeting_request.decline_reason,
            "sent_at": _time(meeting_request.created_at),
            "answered_at": _time(meeting_request.responded_at),
        })
    return {"meeting_requests_sent": sent, "meeting_requests_received": received}


def _meetings(company: Company) -> list[dict]:
    meetings = (Meeting.objects
                .filter(Q(request__requester__company=company) | Q(request__recipient__company=company))
                .select_related("event", "slot", "table", "request__requester__company",
                                "request__recipient__company")
                .order_by("slot__starts_at", "created_at", "pk"))
    rows = []
    for meeting in meetings:
        request = meeting.request
        partner = request.recipient if request.requester.company_id == company.pk else request.requester
        zone = meeting.event.tz
        rows.append({
            "event": meeting.event.title,
            "partner": partner.company.name,
            "status": meeting.status,
            "starts_at": _time(meeting.slot.starts_at, zone) if meeting.slot_id else None,
            "ends_at": _time(meeting.slot.ends_at, zone) if meeting.slot_id else None,
            "table": str(meeting.table) if meeting.table_id else None,
            "time_zone": meeting.event.time_zone,
        })
    return rows


def _time(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    return timezone.localtime(moment, zone or ZoneInfo("UTC")).isoformat() if moment else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
