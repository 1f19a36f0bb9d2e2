"""Sector briefs: the public list and page, the reader's language and its fallback note, drafts, escaping, the
links onward, the admin and the demo."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Sector
from market import demo_briefs
from market.briefs_selectors import public_briefs
from market.models import BriefText, SectorBrief
from tests.factories import EventFactory, HSChapterFactory, SectorFactory
from tests.market.factories_briefs import BriefTextFactory, SectorBriefFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]


@pytest.fixture
def agri(db):
    return SectorFactory(slug="agriculture-food", name_en="Agriculture and food processing")


@pytest.fixture
def brief(agri):
    return SectorBriefFactory(sector=agri, slug="agriculture-food", texts={"en": "Rice and hazelnuts"})


def page_of(client, brief, **params):
    return client.get(reverse("market:brief", args=[brief.slug]), params)


def listed(client, params=None) -> list[str]:
    response = client.get(reverse("market:briefs"), params or {})
    assert response.status_code == 200
    return [brief.shown_title for brief in response.context["page"]]


# Permission matrix ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [(role, 200) for role in ROLES])
def test_list_is_public(brief, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(reverse("market:briefs")).status_code == status


@pytest.mark.parametrize(("role", "status"), [(role, 200) for role in ROLES])
def test_published_brief_is_public(brief, owner, member, other_owner, loner, staff, as_role, role, status):
    assert page_of(as_role(role), brief).status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("owner", 404), ("member", 404),
                                              ("other_owner", 404), ("loner", 404), ("staff", 200)])
def test_unpublished_brief_is_a_preview_for_staff_only(brief, owner, member, other_owner, loner, staff, as_role,
                                                       role, status):
    SectorBrief.objects.filter(pk=brief.pk).update(published=False)

    assert page_of(as_role(role), brief).status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("owner", 404), ("loner", 404), ("staff", 200)])
def test_published_brief_without_text_is_404_but_for_staff(agri, owner, loner, staff, as_role, role, status):
    brief = SectorBriefFactory(sector=agri, texts={})

    assert page_of(as_role(role), brief).status_code == status


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_unknown_brief_is_404(db, staff, as_role, role):
    assert as_role(role).get(reverse("market:brief", args=["no-such-brief"])).status_code == 404


def test_staff_preview_says_so_and_links_to_the_admin(brief, client, staff):
    SectorBrief.objects.filter(pk=brief.pk).update(published=False)
    client.force_login(staff)

    response = page_of(client, brief)

    assert response.context["public"] is False
    page = response.content.decode()
    assert "Preview: this brief is not public." in page
    assert f'href="/en/admin/market/sectorbrief/{brief.pk}/change/"' in page


def test_unpublished_brief_is_not_listed(brief, agri, client):
    SectorBriefFactory(sector=SectorFactory(slug="construction"), published=False, texts={"en": "Cement"})

    assert listed(client) == ["Rice and hazelnuts"]


def test_published_brief_without_text_is_not_listed(brief, client):
    SectorBriefFactory(sector=SectorFactory(slug="construction"), texts={})

    assert listed(client) == ["Rice and hazelnuts"]


# The reader's language ------------------------------------------------------------------------------------


def test_page_in_the_readers_language_has_no_note(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={"en": "Rice and hazelnuts", "vi": "Gạo và hạt phỉ"})

    with translation.override("vi"):
        response = client.get(reverse("market:brief", args=[brief.slug]))

    assert (response.context["text"].title, response.context["in_reader_language"]) == ("Gạo và hạt phỉ", True)
    assert response.context["other_texts"] == [("en", "English")]
    assert "brief-language-note" not in response.content.decode()


def test_page_falls_back_to_another_language_with_a_note(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={"vi": "Gạo và hạt phỉ", "az": "Düyü və fındıq"})

    response = page_of(client, brief)

    # No English text: the first of the site's languages in order (en, vi, az) that the brief has.
    assert (response.context["text"].title, response.context["in_reader_language"]) == ("Gạo và hạt phỉ", False)
    assert "This brief is shown in Vietnamese: no English version yet." in response.content.decode()
    assert response.context["other_texts"] == [("az", "Azerbaijani")]


def test_page_shows_another_text_on_request(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={"en": "Rice and hazelnuts", "az": "Düyü və fındıq"})

    response = page_of(client, brief, text="az")

    assert response.context["text"].title == "Düyü və fındıq"
    assert response.context["other_texts"] == [("en", "English")]
    assert "This brief is shown in Azerbaijani: no English version yet." in response.content.decode()


def test_page_offers_the_other_texts_in_the_sites_language_order(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={"az": "Düyü və fındıq", "en": "Rice", "vi": "Gạo"})

    assert page_of(client, brief).context["other_texts"] == [("vi", "Vietnamese"), ("az", "Azerbaijani")]


def test_page_ignores_an_unknown_text_language(brief, client):
    response = page_of(client, brief, text="<fr>")

    assert (response.status_code, response.context["text"].title) == (200, "Rice and hazelnuts")


def test_list_shows_each_brief_in_the_readers_language_or_says_which(agri, client):
    SectorBriefFactory(sector=agri, texts={"en": "Rice and hazelnuts", "vi": "Gạo và hạt phỉ"})
    SectorBriefFactory(sector=SectorFactory(slug="renewable-energy", name_en="Renewable energy"),
                       texts={"az": "Bərpa olunan enerji"})

    with translation.override("vi"):
        response = client.get(reverse("market:briefs"))

    assert [(b.shown_title, b.shown_language, b.in_reader_language) for b in response.context["page"]] == [
        ("Gạo và hạt phỉ", "vi", True), ("Bərpa olunan enerji", "az", False)]
    page = response.content.decode()
    # Only the card shown in another language says so, for screen readers and hyphenation.
    assert (page.count('<h2 class="h3" lang="az">'), page.count('<p class="summary" lang="az">')) == (1, 1)
    assert page.count('<h2 class="h3" lang=') == 1


def test_list_names_the_language_of_a_brief_shown_in_another(agri, client):
    SectorBriefFactory(sector=agri, texts={"vi": "Gạo và hạt phỉ"})

    assert "In Vietnamese · Updated on" in client.get(reverse("market:briefs")).content.decode()


# Escaping -------------------------------------------------------------------------------------------------


def test_texts_are_escaped_and_addresses_linked(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={})
    BriefTextFactory(brief=brief, title="<script>alert(1)</script>", summary="<b>bold</b>",
                     trade="Rice & coffee <img src=x onerror=alert(2)>", standards="", logistics="",
                     contacts="AZPROMO: https://azpromo.az\n\n<a href=\"javascript:alert(3)\">click</a>")

    detail = page_of(client, brief).content.decode()
    listing = client.get(reverse("market:briefs")).content.decode()

    for page in (detail, listing):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<b>bold</b>" not in page
    assert "Rice &amp; coffee &lt;img src=x onerror=alert(2)&gt;" in detail
    assert '<a href="https://azpromo.az" rel="nofollow">https://azpromo.az</a>' in detail
    assert 'href="javascript:' not in detail


def test_page_shows_only_the_sections_with_text_in_order(agri, client):
    brief = SectorBriefFactory(sector=agri, texts={})
    BriefTextFactory(brief=brief, standards="")

    response = page_of(client, brief)

    assert [field for field, _heading, _body in response.context["sections"]] == ["trade", "logistics", "contacts"]
    assert "Standards and certificates" not in response.content.decode()


# Demo label, links onward, upcoming events ----------------------------------------------------------------


def test_demo_brief_is_labelled_on_the_list_and_the_page(brief, client):
    SectorBrief.objects.filter(pk=brief.pk).update(is_demo=True)

    assert "Demo content" in page_of(client, brief).content.decode()
    assert "Demo content" in client.get(reverse("market:briefs")).content.decode()


def test_brief_without_demo_flag_has_no_label(brief, client):
    assert "Demo content" not in page_of(client, brief).content.decode()


def test_brief_links_to_supply_and_demand_companies_marketplace_and_events(brief, client):
    links = page_of(client, brief).context["links"]

    assert links == {
        "supply_demand": "/en/market/supply-and-demand/?sector=agriculture-food",
        "companies": "/en/companies/?sector=agriculture-food",
        "marketplace": "/en/companies/marketplace/?sector=agriculture-food",
        "events": "/en/events/?sector=agriculture-food",
    }


def test_chapter_brief_links_to_its_chapter(agri, client):
    brief = SectorBriefFactory(sector=agri, hs_chapter=HSChapterFactory(code=10), slug="rice")

    links = page_of(client, brief).context["links"]

    assert (links["supply_demand"], links["marketplace"]) == (
        "/en/market/supply-and-demand/?sector=agriculture-food&chapter=10",
        "/en/companies/marketplace/?sector=agriculture-food&chapter=10")


def test_brief_lists_the_upcoming_events_of_its_sector(brief, agri, client):
    today = timezone.localdate()
    later = EventFactory(title="Later", start_date=today + datetime.timedelta(days=40),
                         end_date=today + datetime.timedelta(days=41))
    sooner = EventFactory(title="Sooner", start_date=today + datetime.timedelta(days=10),
                          end_date=today + datetime.timedelta(days=10))
    other_sector = EventFactory(title="Solar")
    draft = EventFactory(title="Draft", status="draft")
    for event in (later, sooner, draft):
        event.focus_sectors.add(agri)
    other_sector.focus_sectors.add(SectorFactory(slug="renewable-energy"))

    response = page_of(client, brief)

    assert [event.title for event in response.context["upcoming_events"]] == ["Sooner", "Later"]
    assert 'href="/en/events/?sector=agriculture-food"' in response.content.decode()


def test_brief_without_upcoming_events_says_so(brief, client):
    response = page_of(client, brief)

    assert response.context["upcoming_events"] == []
    assert "No upcoming event in this sector yet." in response.content.decode()


# The list: filter and query count -------------------------------------------------------------------------


def test_list_filters_by_sector(brief, client):
    SectorBriefFactory(sector=SectorFactory(slug="transport-logistics", name_en="Transportation and logistics"),
                       texts={"en": "Routes to Baku"})

    assert listed(client) == ["Rice and hazelnuts", "Routes to Baku"]
    assert listed(client, {"sector": "transport-logistics"}) == ["Routes to Baku"]


def test_list_rejects_an_unknown_sector_with_a_message(brief, client):
    response = client.get(reverse("market:briefs"), {"sector": "<nope>"})

    assert response.status_code == 200
    assert response.context["filter"].errors == {
        "sector": ["Select a valid choice. That choice is not one of the available choices."]}


def test_sector_filter_offers_only_sectors_with_a_published_brief(brief, client):
    SectorBriefFactory(sector=SectorFactory(slug="construction"), published=False)
    SectorFactory(slug="mining")

    choices = [slug for slug, _label in client.get(reverse("market:briefs")).context["filter"].form
               .fields["sector"].choices if slug]

    assert [str(slug) for slug in choices] == ["agriculture-food"]


@pytest.mark.parametrize("count", [1, 12])
def test_list_query_count_is_constant(db, client, django_assert_num_queries, count):
    for number in range(count):
        brief = SectorBriefFactory(sector=SectorFactory(slug=f"sector-q{number}"), texts={"en": f"Brief {number}"})
        BriefTextFactory(brief=brief, language="az", title=f"Brief {number} (az)")
        brief.hs_chapter = HSChapterFactory(code=number + 1)
        brief.save()

    # count, page of briefs (sector, chapter and the shown text joined in), the filter's sector choices
    with django_assert_num_queries(3):
        response = client.get(reverse("market:briefs"))

    assert len(response.context["page"]) == count


def test_page_query_count(brief, client, django_assert_num_queries):
    BriefTextFactory(brief=brief, language="vi", title="Gạo")
    for _ in range(2):
        EventFactory().focus_sectors.add(brief.sector)

    # the brief with sector and chapter, its texts, the upcoming events, their focus sectors
    with django_assert_num_queries(4):
        page_of(client, brief)


# Model and admin ------------------------------------------------------------------------------------------


def test_one_brief_per_sector_and_one_per_sector_and_chapter(brief, agri):
    SectorBriefFactory(sector=agri, hs_chapter=HSChapterFactory(code=10), slug="rice")

    with pytest.raises(IntegrityError):
        SectorBriefFactory(sector=agri, slug="agriculture-again")


def test_one_text_per_language(brief):
    with pytest.raises(IntegrityError):
        BriefTextFactory(brief=brief, language="en")


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("loner", 302), ("staff", 200)])
def test_admin_pages_are_for_staff(brief, owner, loner, staff, as_role, role, status):
    client = as_role(role)

    assert client.get(reverse("admin:market_sectorbrief_changelist")).status_code == status
    assert client.get(reverse("admin:market_sectorbrief_change", args=[brief.pk])).status_code == status


def admin_post(agri, **overrides):
    return {
        "sector": agri.pk, "hs_chapter": "", "slug": "agri-new", "published": "on",
        "texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "0", "texts-MIN_NUM_FORMS": "1", "texts-MAX_NUM_FORMS": "3",
        "texts-0-language": "en", "texts-0-title": "Rice and hazelnuts", "texts-0-summary": "What to know.",
        "texts-0-trade": "", "texts-0-standards": "", "texts-0-logistics": "", "texts-0-contacts": "",
        **overrides,
    }


def test_staff_writes_a_brief_with_its_text_in_the_admin(agri, client, staff):
    client.force_login(staff)

    response = client.post(reverse("admin:market_sectorbrief_add"), admin_post(agri))

    assert response.status_code == 302
    brief = SectorBrief.objects.get()
    assert (brief.slug, brief.sector, brief.published, brief.is_demo) == ("agri-new", agri, True, False)
    assert list(brief.texts.values_list("language", "title")) == [("en", "Rice and hazelnuts")]


@pytest.mark.parametrize(("overrides", "field", "error"), [
    ({"slug": "agriculture-food"}, "slug", "Sector brief with this Slug already exists."),
    ({"slug": "has space"}, "slug",
     "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    ({"sector": ""}, "sector", "This field is required."),
    ({"slug": "agri-2"}, "__all__", "This sector already has a brief."),
])
def test_admin_rejects_a_bad_brief(brief, agri, client, staff, overrides, field, error):
    client.force_login(staff)

    response = client.post(reverse("admin:market_sectorbrief_add"), admin_post(agri, **overrides))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [error]
    assert SectorBrief.objects.count() == 1


@pytest.mark.parametrize(("overrides", "error"), [
    ({"texts-0-title": "Two\nlines"}, {"title": [
        "Use a single line: line breaks and control characters are not allowed here."]}),
    ({"texts-0-summary": ""}, {"summary": ["This field is required."]}),
    ({"texts-0-language": "fr"}, {"language": [
        "Select a valid choice. fr is not one of the available choices."]}),
])
def test_admin_rejects_a_bad_text(agri, client, staff, overrides, error):
    client.force_login(staff)

    response = client.post(reverse("admin:market_sectorbrief_add"), admin_post(agri, **overrides))

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [error]
    assert SectorBrief.objects.count() == 0


def test_admin_wants_at_least_one_text(agri, client, staff):
    client.force_login(staff)

    response = client.post(reverse("admin:market_sectorbrief_add"), admin_post(agri, **{"texts-TOTAL_FORMS": "0"}))

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "Please submit at least 1 form."]
    assert SectorBrief.objects.count() == 0


# Demo ---------------------------------------------------------------------------------------------------


@pytest.fixture
def demo_sectors(db):
    return [SectorFactory(slug=slug) for slug in ("agriculture-food", "transport-logistics", "renewable-energy")]


def test_demo_loads_three_published_demo_briefs_once(demo_sectors):
    assert demo_briefs.load() == 3
    assert demo_briefs.load() == 0

    briefs = SectorBrief.objects.order_by("slug")
    assert [(b.slug, b.sector.slug, b.published, b.is_demo) for b in briefs] == [
        ("agriculture-food", "agriculture-food", True, True),
        ("renewable-energy", "renewable-energy", True, True),
        ("transport-logistics", "transport-logistics", True, True),
    ]
    assert [sorted(b.texts.values_list("language", flat=True)) for b in briefs] == [["az", "en", "vi"]] * 3
    assert all(text.summary and text.trade and text.standards and text.logistics and text.contacts
               for text in BriefText.objects.all())
    assert [b.shown_title for b in public_briefs()] == [
        "Agriculture and food processing: trading between Vietnam and Azerbaijan",
        "Renewable energy: trading between Vietnam and Azerbaijan",
        "Transportation and logistics: moving goods between Vietnam and Azerbaijan",
    ]


def test_demo_invents_no_figures(demo_sectors):
    demo_briefs.load()

    for text in BriefText.objects.all():
        whole = " ".join([text.title, text.summary, text.trade, text.standards, text.logistics, text.contacts])
        assert not any(sign in whole for sign in ("%", "$", "US$", "USD", "million", "triệu", "milyon"))


def test_demo_texts_pass_the_models_validation(demo_sectors):
    demo_briefs.load()

    for text in BriefText.objects.all():
        text.full_clean()


def test_demo_skips_a_missing_sector_and_one_staff_already_wrote_on(demo_sectors):
    Sector.objects.filter(slug="renewable-energy").delete()
    SectorBriefFactory(sector=demo_sectors[1], slug="our-routes", texts={"en": "Our routes"})

    assert demo_briefs.load() == 1
    assert sorted(SectorBrief.objects.values_list("slug", flat=True)) == ["agriculture-food", "our-routes"]
