"""A user's data as one JSON document (docs/accounts.md), for the download on /accounts/data/.

Everything the site keeps about the user and what they entered or took part in through their company: the
account, its email addresses, the membership and the company profile, the company's marketplace entries, event
participations, meeting requests sent and received, meetings, notifications, the events they organize, and their
market information (docs/market.md): the questions they asked, their answers, the questions they follow and the
reports they made, their digest subscription, and their company's trade fair attendances and the proposals to meet
there that it sent and received. Only the user's own rows are read: each query is filtered by the user or by their
company.

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
from market.models import (
    Answer,
    DigestSubscription,
    FairAttendance,
    FairMeetingProposal,
    Question,
    QuestionFollow,
    QuestionReport,
)
from messaging.account_data import messaging_data

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
        "organized_events": [_event(event) for event in user.organized_events.order_by("start_date", "pk")],
        # Events the user follows read-only, as a viewer on their team (events.services.team).
        "viewed_events": [_event(event) for event in user.viewed_events.order_by("start_date", "pk")],
        **_market(user, company),
        **messaging_data(user),
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
        "attendance_mode": participation.attendance_mode,
        "registered_at": _time(participation.registered_at),
        "decided_at": _time(participation.decided_at),
    } for participation in participations]


def _event(event) -> dict:
    return {"title": event.title, "slug": event.slug, "status": event.status, "start_date": _day(event.start_date),
            "end_date": _day(event.end_date)}


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
            "online_room": meeting.video_url or None,
            "time_zone": meeting.event.time_zone,
        })
    return rows


def _market(user, company: Company | None) -> dict:
    """The market information: the user's questions, answers, follows, reports and digest subscription; their
    company's fair attendances and meeting proposals at fairs (one query each)."""
    subscription = DigestSubscription.objects.filter(user=user).first()
    proposals = {"fair_proposals_sent": [], "fair_proposals_received": []}
    if company:
        for proposal in (FairMeetingProposal.objects.filter(Q(sender=company) | Q(recipient=company))
                         .select_related("fair", "sender", "recipient").order_by("created_at", "pk")):
            outgoing = proposal.sender_id == company.pk
            (proposals["fair_proposals_sent"] if outgoing else proposals["fair_proposals_received"]).append({
                "fair": proposal.fair.name,
                "to" if outgoing else "from": (proposal.recipient if outgoing else proposal.sender).name,
                "message": proposal.message,
                "status": proposal.status,
                "sent_at": _time(proposal.created_at),
            })
    return {
        "market_questions": [{
            "title": question.title,
            "details": question.body,
            "language": question.language,
            "sector": question.sector.slug,
            "hs_chapter": question.hs_chapter_id,
            "status": question.status,
            "status_reason": question.status_reason,
            "created_at": _time(question.created_at),
            "updated_at": _time(question.updated_at),
        } for question in Question.objects.filter(author=user).select_related("sector").order_by("created_at", "pk")],
        "market_answers": [{
            "question": answer.question.title,
            "answer": answer.body,
            "language": answer.language,
            "by_staff": answer.by_staff,
            "helpful": answer.helpful,
            "status": answer.status,
            "status_reason": answer.status_reason,
            "created_at": _time(answer.created_at),
            "updated_at": _time(answer.updated_at),
        } for answer in Answer.objects.filter(author=user).select_related("question").order_by("created_at", "pk")],
        "followed_questions": [
            {"question": follow.question.title, "followed_at": _time(follow.created_at)}
            for follow in QuestionFollow.objects.filter(user=user).select_related("question")
            .order_by("created_at", "pk")
        ],
        "market_reports": [{
            "question": (report.question or report.answer.question).title,
            "item": "question" if report.question_id else "answer",
            "reason": report.reason,
            "note": report.note,
            "reported_at": _time(report.created_at),
            "resolved_at": _time(report.resolved_at),
        } for report in QuestionReport.objects.filter(reporter=user).select_related("question", "answer__question")
            .order_by("created_at", "pk")],
        "market_digest": {
            "subscribed": subscription.subscribed,
            "last_sent_at": _time(subscription.last_sent_at),
            "created_at": _time(subscription.created_at),
        } if subscription else None,
        "fair_attendances": [{
            "fair": attendance.fair.name,
            "fair_start_date": _day(attendance.fair.start_date),
            "fair_end_date": _day(attendance.fair.end_date),
            "city": attendance.fair.city,
            "country": attendance.fair.country,
            "seeks": attendance.seeks,
            "created_at": _time(attendance.created_at),
            "updated_at": _time(attendance.updated_at),
        } for attendance in (FairAttendance.objects.filter(company=company).select_related("fair")
                             .order_by("fair__start_date", "pk") if company else [])],
        **proposals,
    }


def _time(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    return timezone.localtime(moment, zone or ZoneInfo("UTC")).isoformat() if moment else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
