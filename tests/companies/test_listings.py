"""Marketplace entries: the owner's pages, the public marketplace, moderation in the admin, demo data."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies import demo, fragments, services
from companies.demo_data import DEMO_COMPANIES
from companies.demo_listings import DEMO_LISTINGS
from companies.hs_chapters import HS_CHAPTERS, RESERVED
from companies.models import Company, HSChapter, Listing, Sector
from companies.moderation import moderate
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    HSHeadingFactory,
    ListingFactory,
    MembershipFactory,
    SectorFactory,
    UserFactory,
)

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]
MARKETPLACE = reverse("companies:marketplace")
MINE = reverse("companies:my_listings")
CREATE = reverse("companies:listing_create")
CHANGELIST = reverse("admin:companies_listing_changelist")


@pytest.fixture
def all_roles(owner, member, other_owner, loner, staff):
    return None


@pytest.fixture
def listing(company):
    return ListingFactory(company=company, title="Robusta green coffee, grade 1")


def valid_post(**overrides):
    return {
        "kind": "offer",
        "title": "Jasmine rice, 5% broken",
        "description": "New-crop jasmine rice in 25 kg bags.",
        "sector": SectorFactory(slug="agriculture-food").pk,
        "hs_chapter": HSChapterFactory(code=10).pk,
        "target_countries": ["AZ", "GE"],
        "expires_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        **overrides,
    }


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


# Permission matrix ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_marketplace_is_public(all_roles, listing, as_role, role):
    assert as_role(role).get(MARKETPLACE).status_code == 200


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 200),
                                              ("other_owner", 200), ("loner", 302), ("staff", 302)])
def test_my_listings_permission_matrix(all_roles, listing, as_role, role, status):
    assert as_role(role).get(MINE).status_code == status


def test_my_listings_without_company_redirects_to_profile_form(loner, client):
    client.force_login(loner)

    assert client.get(MINE)["Location"] == reverse("companies:create")


def test_my_listings_shows_the_company_entries_and_actions_only_to_owners(listing, owner, member, other_owner,
                                                                          client):
    client.force_login(owner)
    as_owner = client.get(MINE)
    client.force_login(member)
    as_member = client.get(MINE)
    client.force_login(other_owner)
    as_other = client.get(MINE)

    assert [entry.title for entry in as_owner.context["listings"]] == ["Robusta green coffee, grade 1"]
    assert reverse("companies:listing_edit", args=[listing.pk]) in as_owner.content.decode()
    assert [entry.title for entry in as_member.context["listings"]] == ["Robusta green coffee, grade 1"]
    assert reverse("companies:listing_edit", args=[listing.pk]) not in as_member.content.decode()
    assert list(as_other.context["listings"]) == []


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 403),
                                              ("other_owner", 200), ("loner", 403), ("staff", 403)])
def test_create_permission_matrix(all_roles, as_role, role, status):
    assert as_role(role).get(CREATE).status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 403),
                                              ("other_owner", 403), ("loner", 403), ("staff", 403)])
def test_edit_permission_matrix(all_roles, listing, as_role, role, status):
    assert as_role(role).get(reverse("companies:listing_edit", args=[listing.pk])).status_code == status


@pytest.mark.parametrize(("role", "status", "remaining"), [
    ("anonymous", 302, 1), ("owner", 302, 0), ("member", 403, 1), ("other_owner", 403, 1), ("loner", 403, 1),
    ("staff", 403, 1),
])
def test_delete_permission_matrix(all_roles, listing, as_role, role, status, remaining):
    response = as_role(role).post(reverse("companies:listing_delete", args=[listing.pk]))

    assert response.status_code == status
    assert Listing.objects.count() == remaining


def test_edit_of_missing_entry_is_403_like_another_company_s(owner, client):
    client.force_login(owner)

    assert client.get(reverse("companies:listing_edit", args=[999_999])).status_code == 403


def test_delete_asks_for_confirmation_first(listing, owner, client):
    client.force_login(owner)

    response = client.get(reverse("companies:listing_delete", args=[listing.pk]))

    assert response.status_code == 200
    assert "Robusta green coffee, grade 1" in response.content.decode()
    assert Listing.objects.count() == 1


# Create and edit -----------------------------------------------------------------------------------------------


def test_create_submits_a_pending_entry(company, owner, client):
    client.force_login(owner)

    response = client.post(CREATE, valid_post())

    assert response.status_code == 302
    assert response["Location"] == MINE
    listing = Listing.objects.get()
    assert (listing.company, listing.kind, listing.title, listing.hs_chapter_id, listing.status) == (
        company, "offer", "Jasmine rice, 5% broken", 10, "pending")
    assert listing.target_countries == ["AZ", "GE"]


def test_create_a_service_without_hs_chapter(company, owner, client):
    client.force_login(owner)

    client.post(CREATE, valid_post(hs_chapter="", title="Rail freight to Baku"))

    assert Listing.objects.get().hs_chapter is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("expires_on", "past", "The expiry date cannot be in the past."),
    ("expires_on", "far", "An entry can stay at most a year; choose an earlier expiry date."),
    ("expires_on", "31/02/2027", "Enter a valid date."),
    ("title", "", "This field is required."),
    ("title", "   ", "This field is required."),
    ("title", "x" * 161, "Ensure this value has at most 160 characters (it has 161)."),
    ("title", "Robusta\ngreen coffee", "Use a single line: line breaks and control characters are not allowed here."),
    ("description", "", "This field is required."),
    ("hs_chapter", "99", "Select a valid choice. That choice is not one of the available choices."),
    ("hs_chapter", "77", "Select a valid choice. That choice is not one of the available choices."),
    ("hs_chapter", "coffee", "Select a valid choice. That choice is not one of the available choices."),
    ("kind", "swap", "Select a valid choice. swap is not one of the available choices."),
    ("kind", "", "This field is required."),
    ("sector", "999999", "Select a valid choice. That choice is not one of the available choices."),
    ("target_countries", ["XX"], "Select a valid choice. XX is not one of the available choices."),
])
def test_create_bad_input_gets_a_message_and_saves_nothing(company, owner, client, field, value, message):
    HSChapterFactory(code=77)
    today = timezone.localdate()
    value = {"past": (today - timedelta(days=1)).isoformat(),
             "far": (today + timedelta(days=400)).isoformat()}.get(value, value) if isinstance(value, str) else value
    client.force_login(owner)

    response = client.post(CREATE, valid_post(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert Listing.objects.count() == 0


def test_create_expiring_today_is_allowed(company, owner, client):
    client.force_login(owner)

    client.post(CREATE, valid_post(expires_on=timezone.localdate().isoformat()))

    assert Listing.objects.count() == 1


def test_edit_saves_and_sends_the_entry_back_to_review(listing, owner, client):
    client.force_login(owner)

    response = client.post(reverse("companies:listing_edit", args=[listing.pk]), valid_post(title="Fine Robusta"))

    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title, listing.status, listing.moderated_at) == ("Fine Robusta", "pending", None)


def test_edit_with_bad_input_changes_nothing(listing, owner, client):
    client.force_login(owner)

    response = client.post(reverse("companies:listing_edit", args=[listing.pk]), valid_post(title=""))

    assert response.status_code == 200
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Robusta green coffee, grade 1", "approved")


def test_edit_form_shows_current_target_countries(listing, owner, client):
    Listing.objects.filter(pk=listing.pk).update(target_countries=["AZ"])
    client.force_login(owner)

    response = client.get(reverse("companies:listing_edit", args=[listing.pk]))

    assert response.context["form"]["target_countries"].value() == ["AZ"]


def test_service_refuses_an_expiry_in_the_past(company):
    data = {"kind": "offer", "title": "Rice", "description": "Rice.", "sector": SectorFactory(),
            "hs_chapter": HSChapterFactory(code=10), "target_countries": [],
            "expires_on": timezone.localdate() - timedelta(days=1)}

    with pytest.raises(services.CompanyError, match="The expiry date cannot be in the past."):
        services.create_listing(company=company, data=data)
    assert Listing.objects.count() == 0


# The marketplace -----------------------------------------------------------------------------------------------


def test_marketplace_lists_only_public_entries(client, company):
    yesterday = timezone.localdate() - timedelta(days=1)
    ListingFactory(company=company, title="Visible")
    ListingFactory(company=company, title="Pending", status="pending")
    ListingFactory(company=company, title="Rejected", status="rejected")
    ListingFactory(company=company, title="Expired", expires_on=yesterday)
    ListingFactory(company=CompanyFactory(status=Company.Status.SUSPENDED), title="Of a suspended company")

    response = client.get(MARKETPLACE)

    assert titles(response) == ["Visible"]


def test_marketplace_entry_links_to_its_company(client, listing):
    html = client.get(MARKETPLACE).content.decode()

    assert f'href="{listing.company.get_absolute_url()}"' in html
    assert "HS 09 · Coffee, tea, maté and spices" in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": "request"}, ["Azerbaijani request for rice"]),
    ({"kind": "offer"}, ["Open offer of coffee", "Vietnamese offer of coffee to Azerbaijan"]),
    ({"sector": "trade"}, ["Azerbaijani request for rice"]),
    ({"chapter": "10"}, ["Azerbaijani request for rice"]),
    ({"country": "AZ"}, ["Azerbaijani request for rice"]),
    ({"market": "AZ"}, ["Azerbaijani request for rice", "Open offer of coffee",
                        "Vietnamese offer of coffee to Azerbaijan"]),
    ({"market": "GE"}, ["Azerbaijani request for rice", "Open offer of coffee"]),
    ({"q": "rice"}, ["Azerbaijani request for rice"]),
    ({"q": "Caspian"}, ["Azerbaijani request for rice"]),
    ({"q": "coffee Azerbaijan"}, ["Vietnamese offer of coffee to Azerbaijan"]),
    # A bad value is shown as an error beside its field; the other filters still apply.
    ({"kind": "nonsense"}, ["Azerbaijani request for rice", "Open offer of coffee",
                            "Vietnamese offer of coffee to Azerbaijan"]),
])
def test_marketplace_filters(client, db, params, expected):
    vietnamese = CompanyFactory(name="Mekong Coffee", country="VN")
    azerbaijani = CompanyFactory(name="Caspian Foods", country="AZ")
    ListingFactory(company=vietnamese, title="Vietnamese offer of coffee to Azerbaijan", target_countries=["AZ"])
    ListingFactory(company=vietnamese, title="Open offer of coffee")
    ListingFactory(company=azerbaijani, title="Azerbaijani request for rice", kind="request",
                   hs_chapter=HSChapterFactory(code=10), sector=SectorFactory(slug="trade"))

    response = client.get(MARKETPLACE, params)

    assert response.status_code == 200
    assert sorted(titles(response)) == expected
    if params == {"kind": "nonsense"}:
        assert response.context["filter"].errors == {
            "kind": ["Select a valid choice. nonsense is not one of the available choices."]}


def test_marketplace_paginates_by_20(client, company):
    for i in range(25):
        ListingFactory(company=company, title=f"Entry {i:02d}")

    first, second = client.get(MARKETPLACE), client.get(MARKETPLACE, {"page": 2})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 5


@pytest.mark.parametrize("count", [1, 30])
def test_marketplace_query_count_is_constant(db, client, django_assert_num_queries, count):
    for _ in range(count):
        ListingFactory(company=CompanyFactory())

    # count, page of entries (with company, sector, chapter); on a cold cache the filter's sector, chapter and
    # countries-in-use choices (companies.selectors), which a second request reads from the cache.
    with django_assert_num_queries(5):
        client.get(MARKETPLACE, {"page": 1})
    # The same address again: the rendered filters and results come from the cache (companies.fragments).
    with django_assert_num_queries(0):
        client.get(MARKETPLACE, {"page": 1})
    fragments.forget_public_lists()
    with django_assert_num_queries(2):
        client.get(MARKETPLACE, {"page": 1})


@pytest.mark.parametrize("count", [1, 15])
def test_my_listings_query_count_is_constant(company, owner, client, django_assert_num_queries, count):
    for _ in range(count):
        ListingFactory(company=company)
    client.force_login(owner)

    # session, user, membership (view), entries with sector and chapter, membership (header).
    with django_assert_num_queries(6):
        client.get(MINE)


# Moderation in the admin ---------------------------------------------------------------------------------------


@pytest.fixture
def pending_entries(company, owner):
    owner.email = "owner@mekong.example"
    owner.save()
    return [ListingFactory(company=company, status="pending", title=f"Pending {i}") for i in range(2)]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 302), ("staff", 200)])
def test_listing_admin_is_for_staff_only(all_roles, listing, as_role, role, status):
    assert as_role(role).get(CHANGELIST).status_code == status


def test_bulk_approve_entries_emails_the_owner_once(client, staff, pending_entries,
                                                    django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "approve",
                                            ACTION_CHECKBOX_NAME: [e.pk for e in pending_entries]})

    assert response.status_code == 302
    assert sorted(Listing.objects.values_list("status", flat=True)) == ["approved", "approved"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@mekong.example"]
    assert mail.outbox[0].subject == "Mekong Coffee: your marketplace entries are published"
    assert "- Offer: Pending 0" in mail.outbox[0].body and "- Offer: Pending 1" in mail.outbox[0].body


def test_bulk_reject_entries_asks_for_a_reason_first(client, staff, pending_entries):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: [e.pk for e in pending_entries]})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/companies/moderation_reason.html"
    assert sorted(Listing.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_bulk_reject_entries_with_empty_reason_changes_nothing(client, staff, pending_entries):
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "reject", "apply": "1", "reason": "",
                                        ACTION_CHECKBOX_NAME: [e.pk for e in pending_entries]})

    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert sorted(Listing.objects.values_list("status", flat=True)) == ["pending", "pending"]


def test_bulk_reject_entries_with_reason_rejects_and_emails(client, staff, pending_entries,
                                                            django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "reject", "apply": "1", "reason": "Prices are missing.",
                                 ACTION_CHECKBOX_NAME: [e.pk for e in pending_entries]})

    assert list(Listing.objects.order_by().values_list("status", "status_reason").distinct()) == [
        ("rejected", "Prices are missing.")]
    assert len(mail.outbox) == 1
    assert "Reason: Prices are missing." in mail.outbox[0].body


def test_moderation_email_is_in_the_company_language(company, owner, django_capture_on_commit_callbacks):
    Company.objects.filter(pk=company.pk).update(email_language="vi")
    company.refresh_from_db()
    entry = ListingFactory(company=company, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        moderate(status="approved", items=[entry])

    assert mail.outbox[0].body.startswith("Xin chào,")


def test_reject_service_needs_a_reason(listing):
    with pytest.raises(services.CompanyError, match="Give the company a reason for the rejection."):
        moderate(status="rejected", items=[listing], reason="  ")


def test_approving_an_approved_entry_again_changes_and_sends_nothing(listing, owner,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        changed = moderate(status="approved", items=[listing])

    assert changed == 0
    assert mail.outbox == []


# HS chapters and demo data -------------------------------------------------------------------------------------


def test_hs_chapters_data_has_97_chapters_named_in_three_languages():
    assert [row[0] for row in HS_CHAPTERS] == list(range(1, 98))
    assert all(name.strip() and len(name) <= 200 for row in HS_CHAPTERS for name in row[1:])
    assert set(RESERVED) == {77}


@pytest.mark.django_db
def test_hs_chapter_is_named_in_the_active_language():
    chapter = HSChapterFactory(code=9)

    from django.utils import translation

    with translation.override("vi"):
        assert str(chapter) == "09 · Cà phê, chè, chè Paragoay và các loại gia vị"
    with translation.override("az"):
        assert chapter.name == "Qəhvə, çay, mate və ədviyyat"


def test_demo_listings_refer_to_demo_companies_sectors_and_chapters():
    names = {c["name"] for c in DEMO_COMPANIES}
    sector_slugs = set(demo.SECTOR_WEIGHTS)

    assert {e["company"] for e in DEMO_LISTINGS} <= names
    assert {e["sector"] for e in DEMO_LISTINGS} <= sector_slugs
    assert all(e["hs"] is None or (1 <= e["hs"] <= 97 and e["hs"] not in RESERVED) for e in DEMO_LISTINGS)
    assert {e["kind"] for e in DEMO_LISTINGS} == {"offer", "request"}
    assert all(len(e["title"]) <= 160 for e in DEMO_LISTINGS)


@pytest.mark.django_db
def test_load_listings_is_idempotent():
    for code, *_ in HS_CHAPTERS:
        HSChapterFactory(code=code)
    for slug in demo.SECTOR_WEIGHTS:
        SectorFactory(slug=slug)
    for data in DEMO_COMPANIES:
        CompanyFactory(name=data["name"], slug=services.slug_base(data["name"]))

    first, second = demo.load_listings(), demo.load_listings()

    assert (first, second) == (len(DEMO_LISTINGS), 0)
    assert Listing.objects.filter(status="approved").count() == len(DEMO_LISTINGS)


@pytest.mark.django_db
def test_create_synthetic_listings_gives_each_company_0_to_4_approved_entries():
    for slug in demo.SECTOR_WEIGHTS:
        SectorFactory(slug=slug)
    for code in {c for chapters in demo.SECTOR_CHAPTERS.values() for c in chapters if c}:
        HSChapterFactory(code=code)
    demo.create_synthetic(60, seed=1)

    made = demo.create_synthetic_listings(seed=1)
    again = demo.create_synthetic_listings(seed=1)

    per_company = [c.listings.count() for c in Company.objects.all()]
    assert made == sum(per_company) and again == 0
    assert set(per_company) <= {0, 1, 2, 3, 4}
    assert set(Listing.objects.values_list("status", flat=True)) == {"approved"}
    assert all(listing.sector in listing.company.sectors.all() for listing in Listing.objects.all()[:50])


def test_listing_str_and_target_country_names(db):
    entry = ListingFactory.build(title="Cashew kernels", target_countries=["AZ", "GE"])

    assert str(entry) == "Offer: Cashew kernels"
    assert entry.target_country_names == ["Azerbaijan", "Georgia"]


def test_sector_and_chapter_are_protected_while_entries_use_them(listing):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Sector.objects.filter(pk=listing.sector_id).delete()
    with pytest.raises(ProtectedError):
        HSChapter.objects.filter(pk=9).delete()


def test_my_listings_marks_expired_entries(company, owner, client):
    ListingFactory(company=company, expires_on=timezone.localdate() - timedelta(days=3))
    client.force_login(owner)

    html = client.get(MINE).content.decode()

    assert re.search(r"Approved\s*·\s*expired", html)


def test_member_cannot_create_even_by_post(company, member, client):
    client.force_login(member)

    assert client.post(CREATE, valid_post()).status_code == 403
    assert Listing.objects.count() == 0


def test_owner_without_email_gets_no_moderation_mail(company, django_capture_on_commit_callbacks):
    MembershipFactory(company=company, user=UserFactory(username="silent", email=""))
    entry = ListingFactory(company=company, status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        moderate(status="approved", items=[entry])

    assert mail.outbox == []


# HS headings ----------------------------------------------------------------------------------------------------


def test_hs_headings_data_names_at_least_150_headings_in_three_languages_under_their_chapters():
    from companies.hs_headings import HS_HEADINGS

    codes = [row[0] for row in HS_HEADINGS]
    chapters = {row[0] for row in HS_CHAPTERS} - RESERVED
    assert len(codes) >= 150
    assert codes == sorted(set(codes))
    assert all(code // 100 in chapters and code % 100 for code in codes)
    assert all(name.strip() and len(name) <= 200 for row in HS_HEADINGS for name in row[1:])
    assert {904, 901, 902, 1006, 2709, 2710, 3901, 8541, 7214, 2523} <= set(codes)


@pytest.mark.django_db
def test_hs_headings_are_seeded_and_named_in_the_active_language():
    from django.utils import translation

    from companies.models import HSHeading

    pepper = HSHeading.objects.get(code=904)

    assert pepper.chapter_id == 9
    with translation.override("vi"):
        assert str(pepper) == "0904 · Hạt tiêu"
    with translation.override("az"):
        assert pepper.name == "İstiot"


def test_create_an_offer_with_a_heading_of_its_chapter(company, owner, client):
    client.force_login(owner)

    response = client.post(CREATE, valid_post(hs_chapter=HSChapterFactory(code=9).pk,
                                              hs_heading=HSHeadingFactory(code=904).pk, title="Black pepper"))

    assert response.status_code == 302
    assert Listing.objects.values_list("hs_chapter_id", "hs_heading_id").get() == (9, 904)


@pytest.mark.parametrize("chapter", [10, ""])
def test_listing_form_refuses_a_heading_outside_the_chosen_chapter(company, owner, client, chapter):
    client.force_login(owner)

    response = client.post(CREATE, valid_post(hs_chapter=chapter and HSChapterFactory(code=chapter).pk,
                                              hs_heading=HSHeadingFactory(code=904).pk))

    assert response.status_code == 200
    assert response.context["form"].errors["hs_heading"] == [
        "This heading is not in the chosen HS chapter: choose a heading of that chapter, or none."]
    assert Listing.objects.count() == 0


@pytest.mark.django_db
def test_database_refuses_a_heading_outside_the_entry_chapter(company):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(company=company, hs_chapter=HSChapterFactory(code=10), hs_heading=HSHeadingFactory(code=904))
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(company=company, hs_chapter=None, hs_heading=HSHeadingFactory(code=904))


@pytest.mark.django_db
def test_database_refuses_a_heading_filed_under_another_chapter():
    from django.db import IntegrityError, transaction

    from companies.models import HSHeading

    with pytest.raises(IntegrityError), transaction.atomic():
        HSHeading.objects.create(code=1099, chapter=HSChapterFactory(code=9), name_en="Wrong")


def test_update_listing_service_refuses_a_heading_outside_the_chapter(listing):
    data = {field: getattr(listing, field) for field in services.LISTING_FIELDS}

    with pytest.raises(services.CompanyError, match="This heading is not in the chosen HS chapter."):
        services.update_listing(listing=listing, data={**data, "hs_chapter": HSChapterFactory(code=10),
                                                       "hs_heading": HSHeadingFactory(code=904)})
