"""The impact report (events/impact.py, docs/impact.md): its numbers on a small hand-built event, its charts, its
pages and CSV exports, who may see them, and the queries they cost.

The event (tests/events/conftest.py) is in Baku: three 20-minute slots from 9:00, two tables. Five companies:
Highland Coffee (VN, agriculture, women-led), Caspian Foods (AZ, trade), Saigon Steel (VN, construction), Baku
Build (AZ, construction), Istanbul Logistics (TR, logistics). Seven requests:

| | request | became | feedback | outcome |
|---|---|---|---|---|
| m1 | Coffee → Caspian (VN→AZ) | held | both: took place, cooperation | Coffee first: agreement (sales,
  $50,000); Caspian: agreement (distribution, $40,000) |
| m2 | Build → Steel (AZ→VN) | held | Steel: took place, informative | Steel: negotiation; Build: agreement
  (memorandum, no value) |
| m3 | Caspian → Steel (AZ→VN) | no-show, Steel absent | Caspian: did not take place | Caspian: nothing |
| m4 | Istanbul → Coffee (other) | scheduled | | Istanbul: negotiation; Coffee: nothing |
| m5 | Coffee → Build (VN→AZ) | pending | | |
| m6 | Istanbul → Caspian (other) | declined | | |
| m7 | Steel → Coffee (other: VN→VN) | accepted, then cancelled | | |

Coffee and Caspian checked in; a sixth company's registration awaits approval (never counted).
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.charts import Bar, bar_chart, grouped_bar_chart
from events.impact import Filters, Numbers, impact_report
from events.models import (
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    Participation,
)
from tests.events.conftest import EVENT_ROLES
from tests.factories import CompanyFactory, EventFactory, ParticipationFactory, SectorFactory, meet

SVG = "{http://www.w3.org/2000/svg}"


def answer(meeting, participation, *, took_place=True, usefulness=""):
    return MeetingFeedback.objects.create(meeting=meeting, participation=participation, took_place=took_place,
                                          usefulness=usefulness)


def outcome(meeting, participation, result, *, kind="", value=None, minutes_ago=0):
    return MeetingOutcome.objects.create(meeting=meeting, participation=participation, result=result,
                                         agreement_kind=kind, value_usd=value,
                                         answered_at=timezone.now() - timedelta(minutes=minutes_ago))


@pytest.fixture
def sectors(db):
    return SimpleNamespace(agriculture=SectorFactory(slug="agriculture", name_en="Agriculture"),
                           trade=SectorFactory(slug="trade", name_en="Trade"),
                           construction=SectorFactory(slug="construction", name_en="Construction"),
                           logistics=SectorFactory(slug="logistics", name_en="Logistics"))


def company_in(event, name, country, sector, **kwargs) -> Participation:
    return ParticipationFactory(event=event, company=CompanyFactory(name=name, country=country, sectors=[sector],
                                                                    **kwargs))


@pytest.fixture
def impact(event, coffee, distributor, sectors):
    coffee.company.sectors.set([sectors.agriculture])
    type(coffee.company).objects.filter(pk=coffee.company.pk).update(women_led=True)
    distributor.company.sectors.set([sectors.trade])
    steel = company_in(event, "Saigon Steel", "VN", sectors.construction)
    build = company_in(event, "Baku Build", "AZ", sectors.construction)
    istanbul = company_in(event, "Istanbul Logistics", "TR", sectors.logistics)
    company_in(event, "Pending Pepper", "VN", sectors.agriculture, women_led=True).__class__.objects.filter(
        company__name="Pending Pepper").update(status="pending")
    m1, m2, m3 = meet(coffee, distributor), meet(build, steel), meet(distributor, steel)
    m4, m7 = meet(istanbul, coffee), meet(steel, coffee)
    services.request_meeting(requester=coffee, recipient=build)
    services.decline_request(meeting_request=services.request_meeting(requester=istanbul, recipient=distributor),
                             by=distributor, reason="")
    services.cancel_meeting(meeting=m7, reason="")
    for meeting, status in ((m1, MeetingStatus.HELD), (m2, MeetingStatus.HELD), (m3, MeetingStatus.NO_SHOW)):
        meeting.status = status
        meeting.absent = steel if meeting is m3 else None
        meeting.save()
    Participation.objects.filter(pk__in=[coffee.pk, distributor.pk]).update(checked_in_at=timezone.now())
    answer(m1, coffee, usefulness="cooperation")
    answer(m1, distributor, usefulness="cooperation")
    answer(m2, steel, usefulness="informative")
    answer(m3, distributor, took_place=False)
    outcome(m1, coffee, "agreement", kind="sales", value=Decimal("50000"), minutes_ago=10)
    outcome(m1, distributor, "agreement", kind="distribution", value=Decimal("40000"))
    outcome(m2, steel, "negotiation")
    outcome(m2, build, "agreement", kind="memorandum")
    outcome(m3, distributor, "nothing")
    outcome(m4, istanbul, "negotiation")
    outcome(m4, coffee, "nothing")
    return SimpleNamespace(event=event, meetings=[m1, m2, m3, m4, m7], steel=steel, build=build, istanbul=istanbul)


def report_of(event, filters=None, **kwargs):
    return impact_report(Event.objects.filter(pk=event.pk), filters, **kwargs)


def numbers(*, participants=None, checked_in=None, value=0, **counts) -> Numbers:
    return Numbers(participants=participants, checked_in=checked_in, agreement_value=Decimal(value), **counts)


# The numbers --------------------------------------------------------------------------------------------------


def test_totals_count_each_stage_and_an_agreement_both_sides_report_once(impact):
    report = report_of(impact.event)

    assert report.total == numbers(requested=7, accepted=5, scheduled=4, held=2, no_shows=1, participants=5,
                                   checked_in=2, feedback=4, took_place=3, informative=1, cooperation=2,
                                   negotiation=1, agreements=2, nothing=1, value=50000)


def test_directions_run_from_the_requesting_company_country(impact):
    report = report_of(impact.event)

    assert [(str(label), numbers) for label, numbers in report.directions] == [
        ("Vietnam → Azerbaijan", numbers(requested=2, accepted=1, scheduled=1, held=1, feedback=2, took_place=2,
                                         cooperation=2, agreements=1, value=50000)),
        ("Azerbaijan → Vietnam", numbers(requested=2, accepted=2, scheduled=2, held=1, no_shows=1, feedback=2,
                                         took_place=1, informative=1, agreements=1, nothing=1, value=0)),
        ("Other countries", numbers(requested=3, accepted=2, scheduled=1, negotiation=1)),
    ]


def test_women_led_counts_meetings_where_either_company_is_women_led(impact):
    assert report_of(impact.event).women_led == numbers(
        requested=4, accepted=3, scheduled=2, held=1, participants=1, checked_in=1, feedback=2, took_place=2,
        cooperation=2, negotiation=1, agreements=1, value=50000)


def test_a_meeting_counts_once_in_each_sector_of_either_company(impact):
    report = report_of(impact.event)

    assert [(sector.slug, numbers) for sector, numbers in report.sectors] == [
        ("agriculture", numbers(requested=4, accepted=3, scheduled=2, held=1, participants=1, checked_in=1,
                                feedback=2, took_place=2, cooperation=2, negotiation=1, agreements=1, value=50000)),
        # Build–Steel (m2) is between two construction companies: once, not twice.
        ("construction", numbers(requested=4, accepted=3, scheduled=2, held=1, no_shows=1, participants=2,
                                 checked_in=0, feedback=2, took_place=1, informative=1, agreements=1, nothing=1,
                                 value=0)),
        ("logistics", numbers(requested=2, accepted=1, scheduled=1, participants=1, checked_in=0, negotiation=1)),
        ("trade", numbers(requested=3, accepted=2, scheduled=2, held=1, no_shows=1, participants=1, checked_in=1,
                          feedback=3, took_place=2, cooperation=2, agreements=1, nothing=1, value=50000)),
    ]


@pytest.mark.parametrize(("coffee_value", "caspian_value", "total"), [
    (50000, 50000, 50000),  # the same value on both sides: once
    (None, 40000, 40000),  # one side's value suffices
    (None, None, 0),  # an agreement without a value adds nothing to the value
])
def test_an_agreement_is_worth_the_larger_of_the_two_values(impact, coffee, distributor, coffee_value,
                                                            caspian_value, total):
    m1 = impact.meetings[0]
    MeetingOutcome.objects.filter(meeting=m1, participation=coffee).update(value_usd=coffee_value)
    MeetingOutcome.objects.filter(meeting=m1, participation=distributor).update(value_usd=caspian_value)

    report = report_of(impact.event)

    assert (report.total.agreements, report.total.agreement_value) == (2, Decimal(total))


def test_agreements_by_kind_take_the_kind_named_first(impact):
    assert report_of(impact.event).agreement_kinds == [
        ("Sales or supply contract", 1), ("Distribution or agency", 0), ("Joint venture", 0), ("Investment", 0),
        ("Memorandum of understanding", 1), ("Other agreement", 0)]


def test_per_company_rows_show_meetings_held_missed_and_feedback(impact):
    rows = [(c.name, c.country, c.meetings, c.held, c.missed, c.feedback)
            for c in report_of(impact.event, per_company=True).companies]

    assert rows == [("Baku Build", "Azerbaijan", 1, 1, 0, 0), ("Caspian Foods", "Azerbaijan", 2, 1, 0, 2),
                    ("Highland Coffee", "Vietnam", 2, 1, 0, 1), ("Istanbul Logistics", "Türkiye", 1, 0, 0, 0),
                    ("Saigon Steel", "Vietnam", 2, 1, 1, 1)]


def test_women_led_filter_keeps_the_meetings_of_women_led_companies(impact):
    report = report_of(impact.event, Filters(women_led=True), per_company=True)

    assert report.total == numbers(requested=4, accepted=3, scheduled=2, held=1, participants=1, checked_in=1,
                                   feedback=2, took_place=2, cooperation=2, negotiation=1, agreements=1, value=50000)
    assert [company.name for company in report.companies] == ["Highland Coffee"]


def test_country_filter_keeps_meetings_with_a_company_of_that_country(impact):
    report = report_of(impact.event, Filters(country="AZ"))

    # m1, m2, m3, m5, m6: each has Caspian Foods or Baku Build on one side.
    assert (report.total.requested, report.total.accepted, report.total.participants) == (5, 3, 2)
    assert report.total.agreement_value == Decimal(50000)


def test_filters_combine_on_the_same_company(impact, sectors):
    # No Azerbaijani company is in agriculture: nothing, although Coffee (agriculture) meets Azerbaijani companies.
    report = report_of(impact.event, Filters(sector=sectors.agriculture, country="AZ"))

    assert report.total == numbers(participants=0, checked_in=0)
    assert report.sectors == []


def test_sector_filter_equals_the_sector_row(impact, sectors):
    report = report_of(impact.event, Filters(sector=sectors.construction))

    assert report.total == dict(report_of(impact.event).sectors)[sectors.construction]


def test_an_empty_event_has_zeros(event):
    report = report_of(event, per_company=True)

    assert report.total == numbers(participants=0, checked_in=0)
    assert report.companies == []


def test_staff_report_adds_up_events_and_gives_a_row_per_event(impact, organizer):
    other = EventFactory(title="Hanoi Forum", slug="hanoi-forum", start_date=impact.event.start_date
                         + timedelta(days=5), end_date=impact.event.start_date + timedelta(days=5))
    a = ParticipationFactory(event=other, company=CompanyFactory(name="Hanoi Tea", country="VN"))
    b = ParticipationFactory(event=other, company=CompanyFactory(name="Ganja Carpets", country="AZ"))
    meet(a, b)

    report = impact_report(Event.objects.all(), per_event=True)

    assert (report.total.requested, report.total.accepted, report.total.participants) == (8, 6, 7)
    assert [(event.slug, n.requested, n.accepted, n.participants, n.agreements) for event, n in report.by_event] == [
        ("hanoi-forum", 1, 1, 2, 0), ("baku-forum", 7, 5, 5, 2)]


# Charts -------------------------------------------------------------------------------------------------------


def test_bar_chart_is_well_formed_svg_with_escaped_labels():
    svg = bar_chart(chart_id="c<1>", title="Deals & <b>offers</b>", description="A \"test\"",
                    bars=[Bar("<script>alert(1)</script>", 3), Bar("Trà & cà phê", 0)])

    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("role"), root.get("viewBox"), root.get("aria-labelledby")) == (
        "img", "0 0 400 88", "c<1>-title c<1>-desc")
    assert root.find(f"{SVG}title").text == "Deals & <b>offers</b>"
    assert [text.text for text in root.iter(f"{SVG}text")] == ["<script>alert(1)</script>", "3", "Trà & cà phê", "0"]
    assert [rect.get("width") for rect in root.iter(f"{SVG}rect")] == ["330.0", "1"]
    assert "<script>" not in svg


def test_grouped_chart_names_each_group_and_each_bar():
    svg = grouped_bar_chart(chart_id="g", title="Outcomes", description="By direction", groups=[
        ("Vietnam → Azerbaijan", [Bar("Agreement", 2), Bar("Nothing", 1)]), ("Other", [Bar("Agreement", 0)])])

    root = ET.fromstring(svg)
    assert [text.text for text in root.iter(f"{SVG}text")] == [
        "Vietnam → Azerbaijan", "Agreement", "2", "Nothing", "1", "Other", "Agreement", "0"]
    # Each series in its own colour, the same in every group.
    assert [rect.get("fill") for rect in root.iter(f"{SVG}rect")] == ["#0b6e4f", "#1849a9", "#0b6e4f"]


# Pages and permissions ----------------------------------------------------------------------------------------

EVENT_ACCESS = {"anonymous": 302, "participant": 403, "other_participant": 403, "non_participant": 403,
                "organizer": 200, "other_organizer": 403, "co_organizer": 200, "viewer": 200, "staff": 200}
STAFF_ACCESS = {"anonymous": 302, "participant": 403, "other_participant": 403, "non_participant": 403,
                "organizer": 403, "other_organizer": 403, "co_organizer": 403, "viewer": 403, "staff": 200}


def test_access_tables_cover_every_role():
    assert list(EVENT_ACCESS) == list(STAFF_ACCESS) == EVENT_ROLES


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("name", ["impact", "impact_csv"])
def test_event_report_is_for_its_team_and_staff(impact, all_roles, as_role, role, name):
    response = as_role(role).get(reverse(f"events:{name}", args=[impact.event.slug]))

    assert response.status_code == EVENT_ACCESS[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", EVENT_ROLES)
@pytest.mark.parametrize("name", ["impact_all", "impact_all_csv"])
def test_report_across_events_is_for_staff(impact, all_roles, as_role, role, name):
    response = as_role(role).get(reverse(f"events:{name}"))

    assert response.status_code == STAFF_ACCESS[role]


def test_report_of_an_unknown_event_is_404(all_roles, as_role):
    assert as_role("staff").get(reverse("events:impact", args=["no-such-event"])).status_code == 404


@pytest.mark.parametrize("name", ["impact", "impact_csv"])
def test_reports_refuse_writes(impact, as_role, name):
    assert as_role("organizer").post(reverse(f"events:{name}", args=[impact.event.slug])).status_code == 405


def test_event_page_shows_numbers_charts_with_tables_and_companies(impact, as_role):
    response = as_role("organizer").get(reverse("events:impact", args=[impact.event.slug]))
    html = response.content.decode()

    assert response.status_code == 200
    assert [t.name for t in response.templates][:1] == ["events/impact/event.html"]
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert [ET.fromstring(svg).get("aria-labelledby") for svg in svgs] == [
        f"chart-{key}-title chart-{key}-desc" for key in ("funnel", "usefulness", "direction", "sector")]
    assert html.count('class="data-table impact-table"') == 4 + 3  # one beside each chart, then the breakdowns
    assert 'href="/en/events/baku-forum/manage/impact.csv"' in html
    assert response.context["report"].total.agreements == 2
    assert [c.name for c in response.context["report"].companies][-1] == "Saigon Steel"


def test_event_page_filters_from_the_query_string(impact, as_role):
    response = as_role("organizer").get(reverse("events:impact", args=[impact.event.slug]), {"women_led": "on"})

    assert response.context["report"].total.requested == 4
    assert 'href="/en/events/baku-forum/manage/impact.csv?women_led=on"' in response.content.decode()


def test_bad_filters_get_a_form_error_and_are_left_out(impact, as_role):
    response = as_role("organizer").get(reverse("events:impact", args=[impact.event.slug]),
                                        {"sector": "no-such-sector", "country": "XX", "women_led": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "sector": ["Select a valid choice. That choice is not one of the available choices."],
        "country": ["Select a valid choice. XX is not one of the available choices."]}
    assert response.context["report"].total.requested == 4  # the valid filter (women-led) still applies


def test_csv_refuses_bad_filters(impact, as_role):
    response = as_role("organizer").get(reverse("events:impact_csv", args=[impact.event.slug]), {"country": "XX"})

    assert response.status_code == 400
    assert response.content.decode() == ("The filters are not valid. Country: Select a valid choice. XX is not one "
                                         "of the available choices.")


def test_staff_page_rejects_an_unknown_event_filter(impact, all_roles, as_role):
    response = as_role("staff").get(reverse("events:impact_all"), {"event": "nope"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["event"]
    assert response.context["report"].total.requested == 7


def test_staff_page_filters_by_event(impact, all_roles, as_role):
    response = as_role("staff").get(reverse("events:impact_all"), {"event": "another-forum"})

    assert response.status_code == 200
    assert [event.slug for event, _n in response.context["report"].by_event] == ["another-forum"]
    assert response.context["report"].total.requested == 0


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_event_csv_has_every_number(impact, as_role):
    response = as_role("organizer").get(reverse("events:impact_csv", args=[impact.event.slug]))

    assert response["Content-Disposition"] == 'attachment; filename="baku-forum-impact.csv"'
    assert read_csv(response) == [
        ["Section", "Group", "Requested", "Accepted", "Scheduled", "Held", "No-shows", "Participants", "Checked in",
         "Feedback answers", "Took place (answers)", "Insufficient interest", "Informative", "Cooperation possible",
         "Negotiations", "Agreements", "Nothing came of it", "Agreement value (USD)"],
        ["Total", "", "7", "5", "4", "2", "1", "5", "2", "4", "3", "0", "1", "2", "1", "2", "1", "50000.00"],
        ["Direction", "Vietnam → Azerbaijan", "2", "1", "1", "1", "0", "", "", "2", "2", "0", "0", "2", "0", "1",
         "0", "50000.00"],
        ["Direction", "Azerbaijan → Vietnam", "2", "2", "2", "1", "1", "", "", "2", "1", "0", "1", "0", "0", "1",
         "1", "0.00"],
        ["Direction", "Other countries", "3", "2", "1", "0", "0", "", "", "0", "0", "0", "0", "0", "1", "0", "0",
         "0.00"],
        ["Women-led", "Either company women-led", "4", "3", "2", "1", "0", "1", "1", "2", "2", "0", "0", "2", "1",
         "1", "0", "50000.00"],
        ["Sector", "Agriculture", "4", "3", "2", "1", "0", "1", "1", "2", "2", "0", "0", "2", "1", "1", "0",
         "50000.00"],
        ["Sector", "Construction", "4", "3", "2", "1", "1", "2", "0", "2", "1", "0", "1", "0", "0", "1", "1", "0.00"],
        ["Sector", "Logistics", "2", "1", "1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "1", "0", "0", "0.00"],
        ["Sector", "Trade", "3", "2", "2", "1", "1", "1", "1", "3", "2", "0", "0", "2", "0", "1", "1",
         "50000.00"],
        ["Agreement kind", "Sales or supply contract", *[""] * 13, "1", "", ""],
        ["Agreement kind", "Distribution or agency", *[""] * 13, "0", "", ""],
        ["Agreement kind", "Joint venture", *[""] * 13, "0", "", ""],
        ["Agreement kind", "Investment", *[""] * 13, "0", "", ""],
        ["Agreement kind", "Memorandum of understanding", *[""] * 13, "1", "", ""],
        ["Agreement kind", "Other agreement", *[""] * 13, "0", "", ""],
        ["Company", "Baku Build", "", "1", "", "1", "0", "", "", "0", "", "", "", "", "", "", "", ""],
        ["Company", "Caspian Foods", "", "2", "", "1", "0", "", "", "2", "", "", "", "", "", "", "", ""],
        ["Company", "Highland Coffee", "", "2", "", "1", "0", "", "", "1", "", "", "", "", "", "", "", ""],
        ["Company", "Istanbul Logistics", "", "1", "", "0", "0", "", "", "0", "", "", "", "", "", "", "", ""],
        ["Company", "Saigon Steel", "", "2", "", "1", "1", "", "", "1", "", "", "", "", "", "", "", ""],
    ]


def test_staff_csv_applies_filters_and_lists_events(impact, all_roles, as_role):
    rows = read_csv(as_role("staff").get(reverse("events:impact_all_csv"), {"women_led": "on"}))

    assert [row[:4] for row in rows if row[0] in ("Total", "Event")] == [
        ["Total", "", "4", "3"], ["Event", "Another forum", "0", "0"],
        ["Event", "Vietnam–Azerbaijan B2B Forum, Baku", "4", "3"]]


def test_csv_quotes_a_company_name_a_spreadsheet_would_run(impact, as_role):
    type(impact.steel.company).objects.filter(name="Saigon Steel").update(name="=cmd()")

    rows = read_csv(as_role("organizer").get(reverse("events:impact_csv", args=[impact.event.slug])))

    assert rows[-5][:2] == ["Company", "'=cmd()"]  # sorted first, and quoted


# Query counts -------------------------------------------------------------------------------------------------


def populate(event, meetings: int) -> None:
    """A chain of `meetings` meetings (company n asked company n+1), alternately Vietnamese and Azerbaijani, in
    two sectors, every one held, answered by both sides and followed by an agreement with a value."""
    sectors = [SectorFactory(slug="trade"), SectorFactory(slug="mining")]
    participations = [
        ParticipationFactory(event=event, company=CompanyFactory(country="VN" if n % 2 else "AZ", women_led=n % 3 == 0,
                                                                 sectors=[sectors[n % 2]]))
        for n in range(meetings + 1)]
    for a, b in zip(participations, participations[1:], strict=False):
        request = MeetingRequest.objects.create(event=event, requester=a, recipient=b, status="accepted")
        meeting = Meeting.objects.create(event=event, request=request, status=MeetingStatus.HELD)
        for side in (a, b):
            answer(meeting, side, usefulness="cooperation")
            outcome(meeting, side, "agreement", kind="sales", value=Decimal(1000))


# Session, user, event and organizer check (4); on a page the header's membership, notifications and organizer
# permission (4 for an organizer without a company) and the sector filter's choices (1); then the report's own
# grouped queries, whatever the number of meetings: 3 sources (requests with their meetings, feedback answers,
# outcome answers) × (1 grouped + 3 by sector), 2 participant counts, sectors, agreement kinds; then for one
# event the companies (their list, meetings asked and asked for, no-shows, feedback: 5), for staff the events (1).
REPORT = 3 * 4 + 2 + 1 + 1
QUERY_BUDGET = {"impact": 4 + 4 + 1 + REPORT + 5, "impact_csv": 4 + REPORT + 5}
# Staff: session and user (2); on the page, membership and notifications (2) and the event and sector choices (2).
STAFF_BUDGET = {"impact_all": 2 + 2 + 2 + REPORT + 1, "impact_all_csv": 2 + REPORT + 1}


@pytest.mark.parametrize("meetings", [5, 50])
@pytest.mark.parametrize("name", QUERY_BUDGET)
def test_event_report_queries_do_not_grow_with_meetings(event, as_role, django_assert_num_queries, name, meetings):
    populate(event, meetings)
    client = as_role("organizer")

    with django_assert_num_queries(QUERY_BUDGET[name]):
        response = client.get(reverse(f"events:{name}", args=[event.slug]))

    assert response.status_code == 200
    assert response.context is None or response.context["report"].total.agreements == meetings


@pytest.mark.parametrize("meetings", [5, 50])
@pytest.mark.parametrize("name", STAFF_BUDGET)
def test_staff_report_queries_do_not_grow_with_meetings(event, staff, as_role, django_assert_num_queries, name,
                                                        meetings):
    populate(event, meetings)
    client = as_role("staff")

    with django_assert_num_queries(STAFF_BUDGET[name]):
        response = client.get(reverse(f"events:{name}"), {"women_led": "on"})

    assert response.status_code == 200
