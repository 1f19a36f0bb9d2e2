"""Trade fairs: the list and a fair's page, "we will be there", suggestions among the going companies, meeting
proposals by email, the admin and the demo data."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, ModerationStatus
from market import demo_fairs
from market import fairs_services as services
from market.fairs_selectors import fair_suggestions, going_companies
from market.models import Fair, FairAttendance, FairMeetingProposal
from matchmaking.models import Preference
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    ListingFactory,
    MembershipFactory,
    SectorFactory,
    UserFactory,
)
from tests.market.factories_fairs import (
    FairAttendanceFactory,
    FairFactory,
    FairMeetingProposalFactory,
    PastFairFactory,
)

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]


@pytest.fixture
def fair(db):
    return FairFactory(name="Baku food fair", slug="baku-food-fair")


@pytest.fixture
def past_fair(db):
    return PastFairFactory(name="Old expo", slug="old-expo")


@pytest.fixture
def both_going(fair, company, other_owner):
    """Mekong Coffee (the owner's company) and Caspian Foods (the other owner's) are going to the fair."""
    FairAttendanceFactory(fair=fair, company=company, seeks="Coffee importers")
    FairAttendanceFactory(fair=fair, company=other_owner.membership.company, seeks="Coffee suppliers")
    return fair


def caspian(other_owner) -> Company:
    return other_owner.membership.company


def propose_url(fair, company):
    return reverse("market:fair_propose", args=[fair.slug, company.slug])


# The model ----------------------------------------------------------------------------------------------------


def test_fair_cannot_end_before_it_starts(db):
    today = timezone.localdate()
    fair = Fair(name="Expo", slug="expo", city="Hà Nội", country="VN", start_date=today,
                end_date=today - timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        fair.full_clean()
    assert error.value.message_dict == {"end_date": ["The last day cannot be before the first day."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        fair.save()


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://fair.example/", "fair dot example"])
def test_fair_website_must_be_a_web_address(db, website):
    today = timezone.localdate()
    fair = Fair(name="Expo", slug="expo", city="Hà Nội", country="VN", start_date=today, end_date=today,
                website=website)

    with pytest.raises(ValidationError) as error:
        fair.full_clean()
    assert error.value.message_dict == {"website": ["Enter a valid URL."]}


def test_attendance_is_unique_per_company_and_fair(fair, company):
    FairAttendanceFactory(fair=fair, company=company)

    with pytest.raises(IntegrityError), transaction.atomic():
        FairAttendanceFactory(fair=fair, company=company)


def test_one_open_proposal_per_pair_and_fair_whichever_way(fair, company, other_owner):
    FairMeetingProposalFactory(fair=fair, sender=company, recipient=caspian(other_owner))

    with pytest.raises(IntegrityError), transaction.atomic():
        FairMeetingProposalFactory(fair=fair, sender=caspian(other_owner), recipient=company)

    FairMeetingProposalFactory(fair=fair, sender=caspian(other_owner), recipient=company, status="withdrawn")
    FairMeetingProposalFactory(fair=FairFactory(), sender=caspian(other_owner), recipient=company)
    assert FairMeetingProposal.objects.count() == 3


def test_proposal_to_oneself_is_refused_by_the_database(fair, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        FairMeetingProposalFactory(fair=fair, sender=company, recipient=company)


# The list -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_is_public(fair, owner, member, other_owner, loner, staff, as_role, role):
    assert as_role(role).get(reverse("market:fairs")).status_code == 200


def test_list_shows_upcoming_soonest_first_and_past_separately(db, client):
    today = timezone.localdate()
    later = FairFactory(name="Later", start_date=today + timedelta(days=60))
    running = FairFactory(name="Running", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1))
    soon = FairFactory(name="Soon", start_date=today + timedelta(days=5))
    long_ago = FairFactory(name="Long ago", start_date=today - timedelta(days=400),
                           end_date=today - timedelta(days=398))
    recent = FairFactory(name="Recent", start_date=today - timedelta(days=3), end_date=today - timedelta(days=1))

    response = client.get(reverse("market:fairs"))

    assert list(response.context["page"].object_list) == [running, soon, later]
    assert response.context["past"] == [recent, long_ago]


def test_list_counts_only_approved_companies_going(fair, company, client):
    FairAttendanceFactory(fair=fair, company=company)
    FairAttendanceFactory(fair=fair, company=CompanyFactory(status=ModerationStatus.PENDING))

    response = client.get(reverse("market:fairs"))

    assert [f.going_count for f in response.context["page"].object_list] == [1]
    assert "1 company going" in response.content.decode()


def test_list_filters_by_sector_and_country(db, client):
    food, energy = SectorFactory(slug="agriculture-food"), SectorFactory(slug="renewable-energy")
    baku_food = FairFactory(name="Baku food", country="AZ", sectors=[food])
    hanoi_energy = FairFactory(name="Hanoi energy", country="VN", sectors=[energy])
    hanoi_food = FairFactory(name="Hanoi food", country="VN", sectors=[food, energy])
    old_hanoi_food = PastFairFactory(name="Old Hanoi food", country="VN", sectors=[food])
    url = reverse("market:fairs")

    by_sector = client.get(url, {"sector": "agriculture-food"}).context
    by_both = client.get(url, {"sector": "renewable-energy", "country": "VN"}).context
    by_country = client.get(url, {"country": "AZ"}).context

    assert (list(by_sector["page"].object_list), by_sector["past"]) == ([baku_food, hanoi_food], [old_hanoi_food])
    assert (list(by_both["page"].object_list), by_both["past"]) == ([hanoi_energy, hanoi_food], [])
    assert (list(by_country["page"].object_list), by_country["past"]) == ([baku_food], [])


@pytest.mark.parametrize("query", [{"sector": "no-such-sector"}, {"country": "XX"}])
def test_list_bad_filter_is_a_form_error_not_a_500(fair, client, query):
    response = client.get(reverse("market:fairs"), query)

    assert response.status_code == 200
    assert list(response.context["filter"].form.errors) == list(query)


@pytest.mark.parametrize("count", [1, 6])
def test_list_query_count_is_constant(db, client, django_assert_num_queries, count):
    for _ in range(count):
        FairAttendanceFactory(fair=FairFactory())
        FairAttendanceFactory(fair=PastFairFactory())

    # the sector filter's choices, upcoming count, upcoming page (with the going count), their sectors, past
    # fairs, their sectors.
    with django_assert_num_queries(6):
        response = client.get(reverse("market:fairs"))
    assert len(response.context["past"]) == count


# A fair's page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_public(both_going, owner, member, other_owner, loner, staff, as_role, role):
    assert as_role(role).get(both_going.get_absolute_url()).status_code == 200


def test_detail_of_unknown_fair_is_404(db, client):
    assert client.get(reverse("market:fair", args=["nowhere"])).status_code == 404


def test_detail_lists_only_approved_companies_going_by_name(fair, client):
    for name, status in [("Zeta Tea", "approved"), ("Alpha Rice", "approved"), ("Hidden Co", "pending"),
                         ("Gone Co", "suspended")]:
        FairAttendanceFactory(fair=fair, company=CompanyFactory(name=name, status=status), seeks=f"{name} seeks")

    response = client.get(fair.get_absolute_url())

    assert [a.company.name for a in response.context["going"]] == ["Alpha Rice", "Zeta Tea"]
    html = response.content.decode()
    assert "Zeta Tea seeks" in html
    assert "Hidden Co" not in html


def test_detail_invites_an_approved_company_to_mark_the_fair(fair, owner, client):
    client.force_login(owner)

    response = client.get(fair.get_absolute_url())

    assert (response.context["can_attend"], response.context["attendance"]) == (True, None)
    assert reverse("market:fair_attend", args=[fair.slug]) in response.content.decode()


def test_detail_of_past_fair_offers_no_mark(past_fair, owner, client):
    client.force_login(owner)

    response = client.get(past_fair.get_absolute_url())

    assert response.context["can_attend"] is False
    assert reverse("market:fair_attend", args=[past_fair.slug]) not in response.content.decode()


def test_detail_shows_unapproved_company_its_own_unlisted_mark(fair, company, owner, client):
    FairAttendanceFactory(fair=fair, company=company)
    Company.objects.filter(pk=company.pk).update(status=ModerationStatus.PENDING)
    client.force_login(owner)

    response = client.get(fair.get_absolute_url())

    assert (response.context["going"], response.context["attendance"].company) == ([], company)
    assert "It is listed once your company profile is approved." in response.content.decode()


@pytest.mark.parametrize("going", [1, 6])
def test_detail_query_count_is_constant(fair, company, owner, client, django_assert_num_queries, going):
    FairAttendanceFactory(fair=fair, company=company)
    for _ in range(going):
        other = CompanyFactory(country="AZ")
        FairAttendanceFactory(fair=fair, company=other)
        FairMeetingProposalFactory(fair=fair, sender=other, recipient=company)
    client.force_login(owner)

    # session, user, membership (with company), fair, its sectors, going companies, their sectors, proposals,
    # profiles, marks and relations, sector names (reasons), unread notifications (header).
    with django_assert_num_queries(13):
        response = client.get(fair.get_absolute_url())
    assert (len(response.context["suggestions"]), len(response.context["received"])) == (going, going)


# "We will be there" -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("loner", 403), ("staff", 403)],
)
def test_attend_page_permission_matrix(fair, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(reverse("market:fair_attend", args=[fair.slug])).status_code == status


@pytest.mark.parametrize(
    ("role", "status", "going"),
    [("anonymous", 302, []), ("owner", 302, ["Mekong Coffee"]), ("member", 302, ["Mekong Coffee"]),
     ("other_owner", 302, ["Caspian Foods"]), ("loner", 403, []), ("staff", 403, [])],
)
def test_attend_post_permission_matrix(fair, owner, member, other_owner, loner, staff, as_role, role, status,
                                       going):
    response = as_role(role).post(reverse("market:fair_attend", args=[fair.slug]), {"seeks": "Buyers"})

    assert response.status_code == status
    assert [a.company.name for a in FairAttendance.objects.all()] == going


def test_attend_records_what_the_company_seeks_and_who_marked(fair, company, member, client):
    client.force_login(member)

    response = client.post(reverse("market:fair_attend", args=[fair.slug]),
                           {"seeks": "  Importers\n  of roasted coffee "})

    assert response.url == fair.get_absolute_url()
    attendance = FairAttendance.objects.get()
    assert (attendance.fair, attendance.company, attendance.seeks, attendance.created_by) == (
        fair, company, "Importers of roasted coffee", member)


def test_attend_again_edits_what_the_company_seeks(fair, company, owner, client):
    FairAttendanceFactory(fair=fair, company=company, seeks="Old")
    client.force_login(owner)

    page = client.get(reverse("market:fair_attend", args=[fair.slug]))
    client.post(reverse("market:fair_attend", args=[fair.slug]), {"seeks": "New"})

    assert page.context["form"]["seeks"].value() == "Old"
    assert list(FairAttendance.objects.values_list("seeks", flat=True)) == ["New"]


@pytest.mark.parametrize(
    ("seeks", "errors"),
    [
        ("x" * 301, {"seeks": ["Ensure this value has at most 300 characters (it has 301)."]}),
        ("Bell\x07", {"seeks": ["Use a single line: line breaks and control characters are not allowed here."]}),
    ],
    ids=["too-long", "control-character"],
)
def test_attend_bad_input_is_a_form_error(fair, owner, client, seeks, errors):
    client.force_login(owner)

    response = client.post(reverse("market:fair_attend", args=[fair.slug]), {"seeks": seeks})

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert FairAttendance.objects.count() == 0


def test_attend_with_nothing_sought_is_allowed(fair, owner, client):
    client.force_login(owner)

    client.post(reverse("market:fair_attend", args=[fair.slug]), {"seeks": ""})

    assert list(FairAttendance.objects.values_list("seeks", flat=True)) == [""]


def test_attend_past_fair_is_refused(past_fair, owner, client):
    client.force_login(owner)

    response = client.post(reverse("market:fair_attend", args=[past_fair.slug]), {"seeks": "Buyers"})

    assert response.status_code == 403
    assert "This fair is over." in response.content.decode()
    assert FairAttendance.objects.count() == 0


@pytest.mark.parametrize("state", ["pending", "rejected", "suspended", "deactivated"])
def test_attend_by_unapproved_company_is_refused(fair, company, owner, client, state):
    Company.objects.filter(pk=company.pk).update(status=state)
    client.force_login(owner)

    response = client.post(reverse("market:fair_attend", args=[fair.slug]), {"seeks": "Buyers"})

    assert response.status_code == 403
    assert FairAttendance.objects.count() == 0


def test_attend_service_refuses_unapproved_company(fair, company):
    company.status = ModerationStatus.PENDING

    with pytest.raises(services.FairError, match="Only approved companies can mark a fair"):
        services.attend_fair(fair=fair, company=company, seeks="", by=None)


@pytest.mark.parametrize(
    ("role", "status", "left"),
    [("anonymous", 302, ["Mekong Coffee", "Caspian Foods"]), ("owner", 302, ["Caspian Foods"]),
     ("member", 302, ["Caspian Foods"]), ("other_owner", 302, ["Mekong Coffee"]),
     ("loner", 403, ["Mekong Coffee", "Caspian Foods"]), ("staff", 403, ["Mekong Coffee", "Caspian Foods"])],
)
def test_leave_permission_matrix(both_going, owner, member, other_owner, loner, staff, as_role, role, status,
                                 left):
    response = as_role(role).post(reverse("market:fair_leave", args=[both_going.slug]))

    assert response.status_code == status
    assert list(FairAttendance.objects.order_by("pk").values_list("company__name", flat=True)) == left


def test_leave_is_post_only(both_going, owner, client):
    client.force_login(owner)

    assert client.get(reverse("market:fair_leave", args=[both_going.slug])).status_code == 405
    assert FairAttendance.objects.count() == 2


def test_leave_withdraws_the_companys_open_proposals_there(both_going, company, other_owner, owner, client):
    sent = FairMeetingProposalFactory(fair=both_going, sender=company, recipient=caspian(other_owner))
    elsewhere = FairMeetingProposalFactory(sender=company, recipient=caspian(other_owner))
    client.force_login(owner)

    client.post(reverse("market:fair_leave", args=[both_going.slug]))

    sent.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (sent.status, elsewhere.status) == ("withdrawn", "open")


def test_leave_past_fair_is_refused(past_fair, company, owner, client):
    FairAttendanceFactory(fair=past_fair, company=company)
    client.force_login(owner)

    assert client.post(reverse("market:fair_leave", args=[past_fair.slug])).status_code == 403
    assert FairAttendance.objects.count() == 1


# Suggestions among the going companies ------------------------------------------------------------------------


@pytest.fixture
def coffee_fair(fair, company, client):
    """Mekong Coffee (VN) offers green coffee; at the fair: an Azerbaijani coffee importer asking for it, an
    Azerbaijani tea house in another sector, a Vietnamese coffee competitor, a company going but not approved."""
    coffee, tea = SectorFactory(slug="agriculture-food"), SectorFactory(slug="tourism")
    chapter = HSChapterFactory(code=9)
    company.sectors.set([coffee])
    ListingFactory(company=company, kind="offer", sector=coffee, hs_chapter=chapter, title="Green Robusta")
    importer = CompanyFactory(name="Baku Roasters", country="AZ", sectors=[coffee])
    ListingFactory(company=importer, kind="request", sector=coffee, hs_chapter=chapter, title="Robusta beans")
    teahouse = CompanyFactory(name="Quba Tea House", country="AZ", sectors=[tea])
    rival = CompanyFactory(name="Da Lat Beans", country="VN", sectors=[coffee])
    pending = CompanyFactory(name="Pending Beans", country="AZ", sectors=[coffee],
                             status=ModerationStatus.PENDING)
    for going in (company, importer, teahouse, rival, pending):
        FairAttendanceFactory(fair=fair, company=going)
    return {"importer": importer, "teahouse": teahouse, "rival": rival}


def test_suggestions_rank_the_going_companies_by_score_with_reasons(coffee_fair, fair, company):
    suggestions = fair_suggestions(company, going_companies(fair), [])

    assert [s.company.name for s in suggestions] == ["Baku Roasters", "Da Lat Beans", "Quba Tea House"]
    assert [s.score for s in suggestions] == [70, 40, 30]
    assert [(line.text, line.points) for line in suggestions[0].lines] == [
        ("Both work in agriculture and food processing", 30),
        ("Both trade in HS 09 (coffee, tea, maté and spices): they are looking for “Robusta beans”, you offer "
         "“Green Robusta”", 10),
        ("Cross-border: Vietnam ↔ Azerbaijan", 20),
        ("You share English", 10),
    ]


def test_suggestions_put_must_meet_first_and_leave_out_not_interested(coffee_fair, fair, company):
    Preference.objects.create(company=company, other=coffee_fair["teahouse"], kind="must_meet")
    Preference.objects.create(company=company, other=coffee_fair["importer"], kind="not_interested")

    suggestions = fair_suggestions(company, going_companies(fair), [])

    assert [(s.company.name, s.must_meet) for s in suggestions] == [("Quba Tea House", True),
                                                                    ("Da Lat Beans", False)]


def test_suggestions_for_an_unapproved_company_are_empty(coffee_fair, fair, company):
    company.status = ModerationStatus.PENDING

    assert fair_suggestions(company, going_companies(fair), []) == []


def test_detail_shows_suggestions_with_a_proposal_button_to_a_going_company(coffee_fair, fair, owner, client):
    client.force_login(owner)

    response = client.get(fair.get_absolute_url())

    assert [s.company.name for s in response.context["suggestions"]] == ["Baku Roasters", "Da Lat Beans",
                                                                         "Quba Tea House"]
    assert propose_url(fair, coffee_fair["importer"]) in response.content.decode()


def test_detail_shows_suggestions_without_button_to_a_company_not_going(coffee_fair, fair, company, owner,
                                                                       client):
    FairAttendance.objects.filter(company=company).delete()
    client.force_login(owner)

    response = client.get(fair.get_absolute_url())

    assert len(response.context["suggestions"]) == 3
    assert "Propose to meet there" not in response.content.decode()


# Meeting proposals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 403), ("loner", 403), ("staff", 403)],
)
def test_propose_page_permission_matrix(both_going, owner, member, other_owner, loner, staff, as_role, role,
                                        status):
    url = propose_url(both_going, caspian(other_owner))

    assert as_role(role).get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "status", "sent"),
    [("anonymous", 302, 0), ("owner", 302, 1), ("member", 302, 1), ("other_owner", 403, 0), ("loner", 403, 0),
     ("staff", 403, 0)],
)
def test_propose_post_permission_matrix(both_going, owner, member, other_owner, loner, staff, as_role, role,
                                        status, sent):
    response = as_role(role).post(propose_url(both_going, caspian(other_owner)), {"message": "Meet at noon?"})

    assert response.status_code == status
    assert FairMeetingProposal.objects.count() == sent


def test_propose_to_a_company_not_going_is_404(fair, company, owner, other_owner, client):
    FairAttendanceFactory(fair=fair, company=company)
    client.force_login(owner)

    assert client.get(propose_url(fair, caspian(other_owner))).status_code == 404


def test_propose_to_an_unapproved_company_is_404(both_going, owner, other_owner, client):
    Company.objects.filter(pk=caspian(other_owner).pk).update(status=ModerationStatus.SUSPENDED)
    client.force_login(owner)

    assert client.get(propose_url(both_going, caspian(other_owner))).status_code == 404


def test_propose_without_going_is_refused(fair, owner, other_owner, client):
    FairAttendanceFactory(fair=fair, company=caspian(other_owner))
    client.force_login(owner)

    response = client.post(propose_url(fair, caspian(other_owner)), {"message": "Hello"})

    assert response.status_code == 403
    assert "Mark that your company will be at this fair" in response.content.decode()
    assert FairMeetingProposal.objects.count() == 0


def test_propose_at_a_past_fair_is_refused(past_fair, company, owner, other_owner, client):
    FairAttendanceFactory(fair=past_fair, company=company)
    FairAttendanceFactory(fair=past_fair, company=caspian(other_owner))
    client.force_login(owner)

    assert client.post(propose_url(past_fair, caspian(other_owner)), {"message": "Hello"}).status_code == 403
    assert FairMeetingProposal.objects.count() == 0


@pytest.mark.parametrize(
    ("message", "errors"),
    [
        ("", {"message": ["This field is required."]}),
        ("   \n ", {"message": ["This field is required."]}),
        ("x" * 1001, {"message": ["Ensure this value has at most 1000 characters (it has 1001)."]}),
    ],
    ids=["empty", "blank", "too-long"],
)
def test_propose_bad_input_is_a_form_error(both_going, owner, other_owner, client, message, errors):
    client.force_login(owner)

    response = client.post(propose_url(both_going, caspian(other_owner)), {"message": message})

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert (FairMeetingProposal.objects.count(), mail.outbox) == (0, [])


def test_proposal_emails_every_member_of_the_recipient_in_its_language_with_the_proposers_contact(
        both_going, company, owner, other_owner, client, django_capture_on_commit_callbacks):
    recipient = caspian(other_owner)
    recipient.email_language = "az"
    recipient.save()
    MembershipFactory(company=recipient, user=UserFactory(username="colleague"), role="member")
    owner.first_name, owner.last_name = "Lan", "Nguyễn"
    owner.save()
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(propose_url(both_going, recipient), {"message": "  Coffee tasting at our stand? "})

    assert response.url == both_going.get_absolute_url()
    proposal = FairMeetingProposal.objects.get()
    assert (proposal.sender, proposal.recipient, proposal.sent_by, proposal.message, proposal.status) == (
        company, recipient, owner, "Coffee tasting at our stand?", "open")
    [message] = mail.outbox
    assert message.to == ["colleague@example.com", "other@example.com"]
    assert message.subject == "Baku food fair: Mekong Coffee sizə orada görüşməyi təklif edir"  # in Azerbaijani
    assert "Coffee tasting at our stand?" in message.body
    assert "- Lan Nguyễn: owner@example.com\n" in message.body
    assert f"- Nguyễn Thị Lan: {company.contact_email}, +84 24 3825 1234" in message.body
    assert f"{settings.SITE_URL}/az/market/fairs/baku-food-fair/\n" in message.body
    assert f"{settings.SITE_URL}/az/companies/mekong-coffee/\n" in message.body


def test_proposers_contact_is_not_on_the_recipients_page(both_going, company, owner, other_owner, client):
    services.propose_meeting(fair=both_going, sender=company, recipient=caspian(other_owner),
                             message="Meet on day one?", by=owner)
    client.force_login(other_owner)

    response = client.get(both_going.get_absolute_url())

    html = response.content.decode()
    assert [p.message for p in response.context["received"]] == ["Meet on day one?"]
    assert "owner@example.com" not in html
    assert company.contact_email not in html


def test_second_proposal_either_way_is_refused_while_one_is_open(both_going, company, owner, other_owner):
    services.propose_meeting(fair=both_going, sender=company, recipient=caspian(other_owner), message="Hi",
                             by=owner)

    with pytest.raises(services.FairError, match="already proposed a meeting to this company"):
        services.propose_meeting(fair=both_going, sender=company, recipient=caspian(other_owner), message="Hi",
                                 by=owner)
    with pytest.raises(services.FairError, match="has already proposed a meeting to you at this fair"):
        services.propose_meeting(fair=both_going, sender=caspian(other_owner), recipient=company, message="Hi",
                                 by=other_owner)
    assert FairMeetingProposal.objects.count() == 1


def test_second_proposal_is_a_form_error_on_the_page(both_going, company, owner, other_owner, client):
    FairMeetingProposalFactory(fair=both_going, sender=company, recipient=caspian(other_owner))
    client.force_login(owner)

    response = client.post(propose_url(both_going, caspian(other_owner)), {"message": "Again"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["You have already proposed a meeting to this company at this fair."]}


def test_proposals_are_rate_limited_per_company(both_going, company, owner, other_owner):
    for _ in range(services.PROPOSALS_PER_WINDOW):
        FairMeetingProposalFactory(sender=company, status="withdrawn")

    with pytest.raises(services.FairError, match="sent 10 meeting proposals in the last 24 hours"):
        services.propose_meeting(fair=both_going, sender=company, recipient=caspian(other_owner), message="Hi",
                                 by=owner)

    FairMeetingProposal.objects.update(created_at=timezone.now() - timedelta(hours=25))
    services.propose_meeting(fair=both_going, sender=company, recipient=caspian(other_owner), message="Hi",
                             by=owner)
    assert FairMeetingProposal.objects.filter(status="open").count() == 1


@pytest.mark.parametrize(
    ("role", "status", "state"),
    [("anonymous", 302, "open"), ("owner", 302, "withdrawn"), ("member", 302, "withdrawn"),
     ("other_owner", 403, "open"), ("loner", 403, "open"), ("staff", 403, "open")],
)
def test_withdraw_permission_matrix(both_going, company, owner, member, other_owner, loner, staff, as_role, role,
                                    status, state):
    proposal = FairMeetingProposalFactory(fair=both_going, sender=company, recipient=caspian(other_owner))

    response = as_role(role).post(reverse("market:fair_withdraw", args=[both_going.slug, proposal.pk]))

    proposal.refresh_from_db()
    assert (response.status_code, proposal.status) == (status, state)


def test_withdrawn_proposal_lets_either_company_propose_again(both_going, company, owner, other_owner, client):
    proposal = FairMeetingProposalFactory(fair=both_going, sender=company, recipient=caspian(other_owner))
    services.withdraw_proposal(proposal=proposal, company=company)

    services.propose_meeting(fair=both_going, sender=caspian(other_owner), recipient=company, message="Hi",
                             by=other_owner)

    with pytest.raises(services.FairError, match="no longer open"):
        services.withdraw_proposal(proposal=proposal, company=company)
    assert list(FairMeetingProposal.objects.order_by("pk").values_list("status", flat=True)) == ["withdrawn",
                                                                                                 "open"]


def test_withdraw_of_another_fairs_proposal_is_404(both_going, company, owner, other_owner, client):
    proposal = FairMeetingProposalFactory(sender=company, recipient=caspian(other_owner))
    client.force_login(owner)

    assert client.post(reverse("market:fair_withdraw", args=[both_going.slug, proposal.pk])).status_code == 404


# Admin and demo ------------------------------------------------------------------------------------------------


def test_admin_pages_open(both_going, company, other_owner, staff, client):
    FairMeetingProposalFactory(fair=both_going, sender=company, recipient=caspian(other_owner))
    client.force_login(staff)

    for name, args in [("admin:market_fair_changelist", []), ("admin:market_fair_add", []),
                       ("admin:market_fair_change", [both_going.pk]),
                       ("admin:market_fairmeetingproposal_changelist", [])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_admin_refuses_fair_ending_before_it_starts(db, staff, client):
    client.force_login(staff)
    data = {"name": "Expo", "slug": "expo", "city": "Hà Nội", "country": "VN", "start_date": "2031-05-10",
            "end_date": "2031-05-09", "website": "https://expo.example/", "description": "",
            "attendances-TOTAL_FORMS": "0", "attendances-INITIAL_FORMS": "0"}

    response = client.post(reverse("admin:market_fair_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"end_date": ["The last day cannot be before the first day."]}
    assert Fair.objects.count() == 0


def test_demo_load_is_idempotent_and_labelled(db):
    for slug in ("agriculture-food", "trade", "transport-logistics"):
        SectorFactory(slug=slug)
    CompanyFactory(name="Xəzər Fındıq MMC", slug="xezer-findiq-mmc", country="AZ")

    first, second = demo_fairs.load(), demo_fairs.load()

    assert (first, second) == (4, 0)
    assert [f.name for f in Fair.objects.order_by("name")] == [
        "Baku food and agriculture fair (demo)", "Hanoi industry and energy expo (demo)",
        "Ho Chi Minh City logistics expo (demo)"]
    assert all("Demo content" in f.description for f in Fair.objects.all())
    assert [(a.fair.slug, a.company.name) for a in FairAttendance.objects.all()] == [
        ("baku-food-agriculture-fair-demo", "Xəzər Fındıq MMC")]
    assert Fair.objects.past().count() == 1
