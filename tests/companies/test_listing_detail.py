"""A marketplace entry's own page, and the offers and requests on a company's page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from companies.models import Company, Listing
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ListingFactory,
    MembershipFactory,
    OrganizerFactory,
    ParticipationFactory,
    UserFactory,
)

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "organizer", "staff"]
STATES = ["approved", "pending", "rejected", "expired", "company_suspended"]
# Whoever is not of the entry's company and not staff sees it only while it is listed.
INSIDERS = {"owner", "member", "staff"}


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="organizer")


@pytest.fixture
def all_roles(owner, member, other_owner, loner, organizer, staff):
    return None


@pytest.fixture
def listing(company):
    return ListingFactory(company=company, title="Robusta green coffee, grade 1",
                          description="Grade 1 Robusta from Đắk Lắk.\nTwo containers a month.")


def url(listing) -> str:
    return reverse("companies:listing_detail", args=[listing.pk])


def put_in_state(listing, state: str) -> None:
    if state == "expired":
        Listing.objects.filter(pk=listing.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    elif state == "company_suspended":
        Company.objects.filter(pk=listing.company_id).update(status=Company.Status.SUSPENDED)
    else:
        Listing.objects.filter(pk=listing.pk).update(status=state)


def event_titles(participations) -> list[str]:
    return [participation.event.title for participation in participations]


# Who sees what -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_detail_permission_matrix(all_roles, listing, as_role, role, state):
    put_in_state(listing, state)
    expected = 200 if state == "approved" or role in INSIDERS else 404

    assert as_role(role).get(url(listing)).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_detail_of_a_missing_entry_is_404(all_roles, as_role, role):
    assert as_role(role).get(reverse("companies:listing_detail", args=[999_999])).status_code == 404


def test_detail_of_a_company_that_is_deactivated_is_404_for_the_public(listing, client):
    Company.objects.filter(pk=listing.company_id).update(status=Company.Status.DEACTIVATED)

    assert client.get(url(listing)).status_code == 404


# What the page shows -------------------------------------------------------------------------------------------


def test_detail_shows_the_entry_and_its_company(listing, client):
    response = client.get(url(listing))
    html = response.content.decode()

    assert response.context["listing"] == listing
    assert "<h1>Robusta green coffee, grade 1</h1>" in html
    assert "Grade 1 Robusta from Đắk Lắk.<br>Two containers a month." in html
    assert f'By <a href="{listing.company.get_absolute_url()}">Mekong Coffee</a> · Hà Nội, Vietnam' in html
    assert "HS 09 · Coffee, tea, maté and spices" in html
    assert f"<dd>{date_format(listing.expires_on, 'DATE_FORMAT')}</dd>" in html
    assert "<dd>Any country</dd>" in html


def test_detail_head_has_canonical_link_and_open_graph(listing, client, settings):
    settings.SITE_URL = "https://tradebridge.example"

    html = client.get(url(listing)).content.decode()

    canonical = f"https://tradebridge.example/en/companies/marketplace/{listing.pk}/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:title" content="Offer: Robusta green coffee, grade 1 · Mekong Coffee">' in html
    assert '<meta property="og:description" content="Grade 1 Robusta from Đắk Lắk.\nTwo containers a month.">' \
        in html
    assert 'name="robots"' not in html


def test_detail_of_an_unlisted_entry_is_not_indexed(listing, owner, client):
    put_in_state(listing, "pending")
    client.force_login(owner)

    assert '<meta name="robots" content="noindex">' in client.get(url(listing)).content.decode()


def test_detail_asks_anonymous_visitors_to_log_in_or_register(listing, client):
    html = client.get(url(listing)).content.decode()

    next_ = f"/en/companies/marketplace/{listing.pk}/"
    assert f'<a href="{reverse("account_login")}?next={next_}">Log in</a>' in html
    assert f'<a href="{reverse("account_signup")}?next={next_}">register your company</a>' in html
    assert "Request a meeting" not in html
    assert reverse("companies:listing_edit", args=[listing.pk]) not in html


@pytest.mark.parametrize("state", ["pending", "rejected", "expired", "company_suspended"])
def test_detail_tells_the_owner_the_status_and_offers_edit_and_delete(listing, owner, client, state):
    put_in_state(listing, state)
    Listing.objects.filter(pk=listing.pk).update(status_reason="Prices are missing." if state == "rejected" else "")
    client.force_login(owner)

    html = client.get(url(listing)).content.decode()

    badge = {"pending": "Pending review", "rejected": "Rejected"}.get(state, "Approved")
    assert re.search(rf'<span class="badge badge-tone-\w+">{badge}</span>', html)
    assert ('<span class="badge badge-tone-neutral">expired</span>' in html) is (state == "expired")
    reason = {"pending": "our team reviews it first.", "rejected": "it was not approved.",
              "expired": "its expiry date has passed; edit it to choose a new one.",
              "company_suspended": "the company profile is not approved at the moment."}[state]
    assert re.search(rf"This entry is not shown in the marketplace:\s+{re.escape(reason)}", html)
    assert ("<strong>Reason:</strong> Prices are missing." in html) is (state == "rejected")
    assert f'href="{reverse("companies:listing_edit", args=[listing.pk])}"' in html
    assert f'href="{reverse("companies:listing_delete", args=[listing.pk])}"' in html


def test_detail_shows_a_member_the_status_without_edit_links(listing, member, client):
    client.force_login(member)

    html = client.get(url(listing)).content.decode()

    assert "This entry is shown in the marketplace." in html
    assert reverse("companies:listing_edit", args=[listing.pk]) not in html
    assert reverse("companies:listing_delete", args=[listing.pk]) not in html


def test_detail_shows_staff_the_status_and_the_admin_link(listing, staff, client):
    put_in_state(listing, "pending")
    client.force_login(staff)

    html = client.get(url(listing)).content.decode()

    assert '<span class="badge badge-tone-warning">Pending review</span>' in html
    assert f'href="{reverse("admin:companies_listing_change", args=[listing.pk])}"' in html
    assert reverse("companies:listing_edit", args=[listing.pk]) not in html


@pytest.mark.parametrize("role", ["anonymous", "other_owner", "loner", "organizer"])
def test_detail_shows_no_status_to_others(all_roles, listing, as_role, role):
    html = as_role(role).get(url(listing)).content.decode()

    assert "Moderation" not in html
    assert "Pending review" not in html and "This entry is shown in the marketplace." not in html


# A way to act: meeting the company at an event -----------------------------------------------------------------


@pytest.fixture
def forums(company, other_owner):
    """Three upcoming forums: Mekong Coffee and Caspian Foods both take part in "Baku"; only Mekong Coffee in
    "Hanoi"; Caspian Foods alone in "Tashkent". Past, draft and not-yet-approved participations are left out."""
    caspian = other_owner.membership.company
    today = timezone.localdate()
    baku = EventFactory(title="Baku forum", start_date=today + timedelta(days=10))
    hanoi = EventFactory(title="Hanoi forum", start_date=today + timedelta(days=40))
    tashkent = EventFactory(title="Tashkent forum", start_date=today + timedelta(days=20))
    past = EventFactory(title="Past forum", start_date=today - timedelta(days=10),
                        registration_opens=timezone.now() - timedelta(days=30),
                        registration_closes=timezone.now() - timedelta(days=20))
    draft = EventFactory(title="Draft forum", status="draft")
    awaiting = EventFactory(title="Awaiting forum")
    for event in (baku, hanoi, past, draft):
        ParticipationFactory(event=event, company=company)
    ParticipationFactory(event=awaiting, company=company, status="pending")
    for event in (baku, tashkent, past, draft, awaiting):
        ParticipationFactory(event=event, company=caspian)
    return {"baku": baku, "hanoi": hanoi, "tashkent": tashkent}


def test_detail_offers_a_meeting_request_at_an_event_both_companies_attend(listing, forums, other_owner, client):
    client.force_login(other_owner)

    response = client.get(url(listing))
    html = response.content.decode()

    assert event_titles(response.context["shared_events"]) == ["Baku forum"]
    assert event_titles(response.context["other_events"]) == ["Hanoi forum"]
    theirs = listing.company.participations.get(event=forums["baku"])
    request_url = reverse("events:request_meeting", args=[forums["baku"].slug, theirs.pk])
    assert f'<a class="button button-small" href="{request_url}">Request a meeting</a>' in html
    assert html.count("Request a meeting") == 1
    assert re.search(rf'<a href="{forums["hanoi"].get_absolute_url()}">\s*Register to meet them at Hanoi forum\s*</a>',
                     html)
    assert f'href="{listing.company.get_absolute_url()}">See the company page</a>' in html


def test_detail_shows_an_open_request_instead_of_a_second_one(listing, forums, other_owner, client):
    from events.services import request_meeting

    caspian = other_owner.membership.company
    request_meeting(requester=caspian.participations.get(event=forums["baku"]),
                    recipient=listing.company.participations.get(event=forums["baku"]))
    client.force_login(other_owner)

    html = client.get(url(listing)).content.decode()

    assert "Request a meeting" not in html
    assert "Your companies already have a meeting request there:" in html
    assert f'<a href="{reverse("events:requests", args=[forums["baku"].slug])}">Meeting requests</a>' in html


def test_detail_invites_a_company_that_shares_no_event_to_register(listing, forums, client):
    stranger = CompanyFactory(name="Ganja Textiles", country="AZ")
    user = MembershipFactory(company=stranger, user=UserFactory(username="stranger")).user
    client.force_login(user)

    response = client.get(url(listing))
    html = response.content.decode()

    assert event_titles(response.context["shared_events"]) == []
    assert event_titles(response.context["other_events"]) == ["Baku forum", "Hanoi forum"]
    assert "Request a meeting" not in html
    assert len(re.findall(r"Register to meet them at", html)) == 2


@pytest.mark.parametrize("role", ["loner", "organizer"])
def test_detail_asks_a_user_without_company_to_create_one(all_roles, listing, forums, as_role, role):
    response = as_role(role).get(url(listing))
    html = response.content.decode()

    assert event_titles(response.context["other_events"]) == ["Baku forum", "Hanoi forum"]
    assert f'<a href="{reverse("companies:create")}">Create your company profile</a> to request meetings.' in html
    assert "Request a meeting" not in html


def test_detail_without_upcoming_events_points_to_the_event_list(listing, other_owner, client):
    client.force_login(other_owner)

    html = client.get(url(listing)).content.decode()

    assert "Mekong Coffee is not registered for an upcoming B2B event yet." in html
    assert f'<a href="{reverse("events:list")}">See the B2B events</a>' in html


def test_detail_shows_the_owner_no_meeting_actions(listing, forums, owner, client):
    client.force_login(owner)

    response = client.get(url(listing))

    assert (response.context["shared_events"], response.context["other_events"]) == ([], [])
    assert "Register to meet them" not in response.content.decode()


@pytest.mark.parametrize("events", [1, 6])
def test_detail_query_count_is_constant(listing, other_owner, client, django_assert_num_queries, events):
    caspian = other_owner.membership.company
    for _ in range(events):
        event = EventFactory()
        ParticipationFactory(event=event, company=listing.company)
        ParticipationFactory(event=event, company=caspian)
        ParticipationFactory(event=EventFactory(), company=listing.company)
    client.force_login(other_owner)

    # session, user, membership, entry (with company, sector, chapter), the company's participations with their
    # events, the viewer's participations there, open requests between the two, unread notifications (header).
    with django_assert_num_queries(9):
        client.get(url(listing))


# Cards link to the entry page ----------------------------------------------------------------------------------


def test_marketplace_cards_link_to_the_entry_page(listing, client):
    html = client.get(reverse("companies:marketplace")).content.decode()

    assert f'<h2 class="h3"><a href="{url(listing)}">Robusta green coffee, grade 1</a></h2>' in html


def test_my_listings_cards_link_to_the_entry_page(listing, owner, client):
    pending = ListingFactory(company=listing.company, title="Jasmine rice", status="pending")
    client.force_login(owner)

    html = client.get(reverse("companies:my_listings")).content.decode()

    assert f'<a href="{url(listing)}">Robusta green coffee, grade 1</a>' in html
    assert f'<a href="{url(pending)}">Jasmine rice</a>' in html


# The company page's offers and requests ------------------------------------------------------------------------


def listing_titles(groups) -> list[str]:
    entries, _more = groups
    return [entry.title for entry in entries]


def test_company_page_lists_open_offers_and_requests_newest_first(company, client):
    now = timezone.now()
    ListingFactory(company=company, title="Older offer", created_at=now - timedelta(days=3))
    ListingFactory(company=company, title="Newer offer", created_at=now - timedelta(days=1))
    ListingFactory(company=company, title="Wanted: jute bags", kind="request", created_at=now - timedelta(days=2))
    ListingFactory(company=company, title="Pending offer", status="pending")
    ListingFactory(company=company, title="Rejected request", kind="request", status="rejected")
    ListingFactory(company=company, title="Expired offer", expires_on=timezone.localdate() - timedelta(days=1))
    ListingFactory(title="Another company's offer")

    response = client.get(company.get_absolute_url())
    html = response.content.decode()

    assert listing_titles(response.context["offers"]) == ["Newer offer", "Older offer"]
    assert listing_titles(response.context["requests"]) == ["Wanted: jute bags"]
    assert '<h2 id="offers-heading">Offers</h2>' in html
    assert '<h2 id="requests-heading">Looking for</h2>' in html
    assert "See all their offers in the marketplace" not in html
    newer = Listing.objects.get(title="Newer offer")
    assert f'<h3><a href="{url(newer)}">Newer offer</a></h3>' in html


def test_company_page_without_open_entries_has_no_groups(company, client):
    ListingFactory(company=company, title="Pending offer", status="pending")

    html = client.get(company.get_absolute_url()).content.decode()

    assert "offers-heading" not in html and "requests-heading" not in html


def test_company_page_invites_its_owner_to_publish_when_it_has_no_entries(company, owner, client):
    client.force_login(owner)

    html = client.get(company.get_absolute_url()).content.decode()

    assert f'<a href="{reverse("companies:listing_create")}">Publish an offer or a request</a>' in html


def test_company_page_caps_each_group_and_links_to_the_marketplace(company, client):
    now = timezone.now()
    for i in range(7):
        ListingFactory(company=company, title=f"Offer {i}", created_at=now - timedelta(hours=i))
    ListingFactory(company=company, title="Only request", kind="request")

    response = client.get(company.get_absolute_url())
    html = response.content.decode()

    assert listing_titles(response.context["offers"]) == ["Offer 0", "Offer 1", "Offer 2", "Offer 3", "Offer 4"]
    assert response.context["offers"][1] is True
    assert response.context["requests"][1] is False
    see_all = f'{reverse("companies:marketplace")}?company={company.slug}&amp;kind=offer'
    assert f'<a href="{see_all}">See all their offers in the marketplace</a>' in html
    assert "See all their requests in the marketplace" not in html


def test_marketplace_filters_by_company_and_names_it(company, client):
    ListingFactory(company=company, title="Mekong offer")
    ListingFactory(company=CompanyFactory(name="Caspian Foods"), title="Caspian offer")

    response = client.get(reverse("companies:marketplace"), {"company": company.slug})
    html = response.content.decode()

    assert [entry.title for entry in response.context["page"].object_list] == ["Mekong offer"]
    assert response.context["of_company"] == company
    assert f'Entries of <a href="{company.get_absolute_url()}">Mekong Coffee</a>.' in html
    assert f'<input type="hidden" name="company" value="{company.slug}" id="id_company">' in html


def test_marketplace_company_filter_of_an_unknown_company_finds_nothing(company, client):
    ListingFactory(company=company)

    response = client.get(reverse("companies:marketplace"), {"company": "no-such-company"})

    assert list(response.context["page"].object_list) == []
    assert response.context["of_company"] is None


@pytest.mark.parametrize("count", [1, 12])
def test_company_page_query_count_is_constant(company, client, django_assert_num_queries, count):
    for _ in range(count):
        ListingFactory(company=company)
        ListingFactory(company=company, kind="request")

    # company, its sectors, its languages, its offers, its requests (each with sector and chapter), its public
    # success stories (events.templatetags.stories).
    with django_assert_num_queries(6):
        client.get(company.get_absolute_url())
