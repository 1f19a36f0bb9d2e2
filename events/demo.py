"""Two demo B2B events in full swing, built through the real services (so every booking obeys the rules).

Called by `manage.py load_demo` after the demo companies exist; an event that is already there is skipped.
"""

from datetime import time, timedelta

from django.utils import timezone

from companies.models import Company, ModerationStatus, Sector
from events import services
from events.models import Event, Participation, ParticipationStatus, Seat
from events.permissions import make_organizer

EVENTS = [
    {
        "title": "Vietnam–Azerbaijan B2B Forum, Baku",
        "description": "One-to-one meetings between Vietnamese exporters and Azerbaijani importers, distributors "
                       "and logistics providers, alongside the intergovernmental commission. Focus: food and "
                       "agriculture, logistics through the Middle Corridor, petrochemicals and trade.",
        "city": "Bakı", "venue": "Baku Expo Center", "country": "AZ", "time_zone": "Asia/Baku",
        "days_ahead": 21, "meeting_minutes": 20, "request_policy": "approval", "max_meetings": 12,
        "sessions": [("Morning", time(9, 0), time(12, 30), 5), ("Afternoon", time(14, 0), time(17, 30), 5)],
        "tables": 30,
        "sectors": ["agriculture-food", "transport-logistics", "petrochemicals-oil-gas", "trade"],
    },
    {
        "title": "Vietnam–Azerbaijan Business Matching, Ho Chi Minh City",
        "description": "A day of matchmaking at the Saigon Exhibition and Convention Center for Azerbaijani "
                       "buyers of electronics, textiles and coffee, and Vietnamese buyers of hazelnuts, "
                       "fertiliser and polymers. Requests are accepted at once.",
        "city": "Thành phố Hồ Chí Minh", "venue": "Saigon Exhibition and Convention Center (SECC)",
        "country": "VN", "time_zone": "Asia/Ho_Chi_Minh", "days_ahead": 45, "meeting_minutes": 30,
        "request_policy": "auto", "max_meetings": 8,
        "sessions": [("Morning", time(8, 30), time(11, 30), 0), ("Afternoon", time(13, 30), time(16, 30), 0)],
        "tables": 20,
        "sectors": ["electronics-machinery", "light-industry", "agriculture-food", "renewable-energy"],
    },
]


def load_events(users: dict) -> int:
    make_organizer(users["organizer"])
    created = 0
    for spec in EVENTS:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        event = _create_event(spec, users["organizer"])
        participants = _register_companies(event, spec, users)
        _make_requests(event, participants)
        if event.request_policy == "approval":
            _strand_a_late_meeting(event, participants)
        created += 1
    return created


def _create_event(spec: dict, organizer) -> Event:
    start = timezone.now().date() + timedelta(days=spec["days_ahead"])
    event = services.create_event(organizer=organizer, data={
        **{key: spec[key] for key in ("title", "description", "city", "venue", "country", "time_zone",
                                      "meeting_minutes", "request_policy", "max_meetings", "tables")},
        "start_date": start, "end_date": start, "status": Event.Status.PUBLISHED,
        "registration_opens": timezone.now() - timedelta(days=10),
        "registration_closes": timezone.now() + timedelta(days=spec["days_ahead"] - 2),
        "focus_sectors": Sector.objects.filter(slug__in=spec["sectors"]),
    })
    for name, start_time, end_time, pause in spec["sessions"]:
        services.add_session(event=event, data={"name": name, "date": start, "start_time": start_time,
                                                "end_time": end_time, "pause_minutes": pause})
    return event


def _register_companies(event: Event, spec: dict, users: dict) -> list[Participation]:
    """The demo owners' companies, and VN/AZ companies of the focus sectors; a few wait for approval."""
    owners = [users["owner-vn"], users["owner-az"]]
    owned = list(Company.objects.filter(memberships__user__in=owners, status=ModerationStatus.APPROVED))
    others = (Company.objects.filter(status=ModerationStatus.APPROVED, country__in=["VN", "AZ"],
                                     sectors__slug__in=spec["sectors"])
              .exclude(pk__in=[c.pk for c in owned]).distinct().order_by("name"))
    participants = []
    for index, company in enumerate([*owned, *others[:24]]):
        participation = Participation.objects.create(
            event=event, company=company, delegates=2 if company.size == "large" else 1)
        if index % 9 == 8 and not company.memberships.exists():
            continue  # left pending, for the organizer to approve
        participation.status = ParticipationStatus.APPROVED
        participation.decided_at = timezone.now()
        participation.save(update_fields=["status", "decided_at"])
        participants.append(participation)
    return participants


def _make_requests(event: Event, participants: list[Participation]) -> None:
    """Cross-border requests: most accepted (and booked), some pending, a couple declined."""
    vietnamese = [p for p in participants if p.company.country == "VN"]
    azerbaijani = [p for p in participants if p.company.country == "AZ"]
    for index, (a, b) in enumerate(zip(vietnamese, azerbaijani, strict=False)):
        for requester, recipient in ((a, b), (b, vietnamese[(index + 1) % len(vietnamese)])):
            meeting_request = services.request_meeting(
                requester=requester, recipient=recipient,
                message=f"{requester.company.name} would like to discuss supplies and distribution with "
                        f"{recipient.company.name}.")
            if meeting_request.status != "pending":
                continue  # auto-accepted
            outcome = index % 4
            if outcome in (0, 1):
                services.accept_request(meeting_request=meeting_request, by=recipient)
            elif outcome == 2 and requester is a:
                services.decline_request(meeting_request=meeting_request, by=recipient,
                                         reason="Not our product range this season.")


def _strand_a_late_meeting(event: Event, participants: list[Participation]) -> None:
    """A late request that first-come-first-served cannot place, so "Schedule all" has work to show.

    A company free only in the first slot asks one whose first slot is already taken: accepted but left
    unscheduled, until the organizer's "Schedule all" moves the other meeting and places both.
    """
    first_slot = event.slots.order_by("starts_at").first()
    busy_first = {seat.participation_id for seat in Seat.objects.filter(slot=first_slot)}
    with_meetings = {seat.participation_id for seat in Seat.objects.filter(slot__event=event)}
    partner = next((p for p in participants if p.pk in busy_first and p.delegates == 1), None)
    if partner is None:
        return
    latecomer = next((p for p in participants if p.pk not in with_meetings
                      and p.company.country != partner.company.country), None)
    if latecomer is None:
        return
    latecomer.unavailable_slots.set(event.slots.exclude(pk=first_slot.pk))
    meeting_request = services.request_meeting(
        requester=latecomer, recipient=partner,
        message=f"{latecomer.company.name} arrives late: could we meet first thing in the morning?")
    services.accept_request(meeting_request=meeting_request, by=partner)
