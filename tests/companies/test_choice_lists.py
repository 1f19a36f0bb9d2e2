"""The list pages' long choice lists: rendered in Python (companies.filters.PythonWidgetRenderer), the countries
limited to those in use and cached (companies.selectors), the home page's numbers cached."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils import translation

from companies.filters import CompanyFilter, ListingFilter, PythonWidgetRenderer
from companies.models import ModerationStatus
from companies.moderation import moderate
from companies.services import update_company
from config import generations
from events.story_cache import STORIES_GENERATION
from tests.factories import CompanyFactory, SectorFactory

TRICKY = 'R&D <"Tea"> & Co'

WIDGETS = [
    # (widget, value)
    (forms.TextInput(attrs={"placeholder": TRICKY, "required": True, "disabled": False}), TRICKY),
    (forms.TextInput(attrs={"type": "search"}), None),
    (forms.HiddenInput(), "mekong-coffee"),
    (forms.NumberInput(), 3),
    (forms.Select(choices=[("", "Any country"), ("AZ", "Azerbaijan"), ("VN", "Việt Nam"), ("X&Y", TRICKY)],
                  attrs={"id": "id_country", "aria-describedby": "id_country_helptext"}), "VN"),
    (forms.Select(choices=[("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")]), "b"),
    (forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]), ["a", "c"]),
    (forms.CheckboxSelectMultiple(choices=[("trade", "Trade"), ("mining", TRICKY)],
                                  attrs={"id": "id_sector", "class": "boxes"}), ["mining"]),
    (forms.CheckboxSelectMultiple(choices=[("Near", [("AZ", "Azerbaijan"), ("VN", "Vietnam")]),
                                           ("Far", [("FR", "France")])]), ["VN", "FR"]),
    (forms.CheckboxSelectMultiple(choices=[("a", "A")]), None),
    (forms.RadioSelect(choices=[("true", "Yes"), ("false", "No")], attrs={"id": "id_women_led"}), "false"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_python_rendering_is_the_html_of_djangos_templates(widget, value):
    templates = widget.render("field", value, renderer=DjangoTemplates())

    assert widget.render("field", value, renderer=PythonWidgetRenderer()) == templates


def test_a_widget_with_option_templates_of_its_own_is_rendered_by_its_templates():
    class RadioLikeSelect(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = RadioLikeSelect(choices=[("a", "A")])

    html = widget.render("field", "a", renderer=PythonWidgetRenderer())

    assert html == widget.render("field", "a", renderer=DjangoTemplates())
    assert '<label><input type="select" name="field" value="a" selected>' in html


# Countries in use -----------------------------------------------------------------------------------------------


def country_codes(filterset, name="country"):
    return [code for code, _name in filterset.form.fields[name].choices][1:]


def test_country_filter_offers_the_countries_of_approved_companies_the_corridor_first(db):
    for country in ["TR", "VN", "GE", "AZ"]:
        CompanyFactory(country=country)
    CompanyFactory(country="FR", status=ModerationStatus.PENDING)

    with translation.override("en"):
        choices = list(CompanyFilter().form.fields["country"].choices)

    assert choices == [("", "Any country"), ("AZ", "Azerbaijan"), ("VN", "Vietnam"), ("GE", "Georgia"),
                       ("TR", "Türkiye")]


@pytest.mark.parametrize(("language", "names"), [
    ("en", ["Azerbaijan", "Vietnam", "Türkiye"]),
    ("vi", ["Azerbaijan", "Việt Nam", "Thổ Nhĩ Kỳ"]),
    ("az", ["Azərbaycan", "Vyetnam", "Türkiyə"]),
])
def test_country_names_are_in_the_readers_language_from_the_same_cache(db, language, names):
    for country in ["TR", "AZ", "VN"]:
        CompanyFactory(country=country)
    with translation.override("en"):
        list(CompanyFilter().form.fields["country"].choices)  # fills the cache in English

    with translation.override(language):
        choices = list(CompanyFilter().form.fields["country"].choices)

    assert [name for _code, name in choices[1:]] == names


def test_marketplace_country_filters_offer_the_countries_in_use(db):
    CompanyFactory(country="AZ")
    CompanyFactory(country="KZ")

    listing_filter = ListingFilter()

    assert country_codes(listing_filter, "country") == country_codes(listing_filter, "market") == ["AZ", "KZ"]


def test_a_country_in_the_url_stays_offered_and_selected_when_no_company_has_it(db, client):
    CompanyFactory(country="VN")

    response = client.get(reverse("companies:directory"), {"country": "FR"})

    html = response.content.decode()
    assert response.context["filter"].errors == {}
    assert list(response.context["page"].object_list) == []
    assert '<option value="FR" selected>France</option>' in html
    assert country_codes(response.context["filter"]) == ["VN", "FR"]


def test_a_company_that_moves_to_another_country_moves_the_filter_at_once(db):
    company = CompanyFactory(country="VN")
    assert country_codes(CompanyFilter()) == ["VN"]  # now cached

    company.country = "KZ"
    company.save()

    assert country_codes(CompanyFilter()) == ["KZ"]


def test_an_owners_profile_change_of_country_shows_at_once(db):
    sector = SectorFactory(slug="trade")
    company = CompanyFactory(country="VN", sectors=[sector])
    assert country_codes(CompanyFilter()) == ["VN"]

    update_company(company=company, data={"country": "GE", "sectors": [sector]})

    assert country_codes(CompanyFilter()) == ["GE"]


def test_a_company_created_or_deleted_changes_the_countries_at_once(db):
    CompanyFactory(country="VN")
    assert country_codes(CompanyFilter()) == ["VN"]

    other = CompanyFactory(country="TR")
    assert country_codes(CompanyFilter()) == ["VN", "TR"]

    other.delete()
    assert country_codes(CompanyFilter()) == ["VN"]


def test_a_suspended_company_leaves_the_countries_once_the_decision_commits(db, django_capture_on_commit_callbacks):
    CompanyFactory(country="VN")
    suspended = CompanyFactory(country="TR")
    assert country_codes(CompanyFilter()) == ["VN", "TR"]

    with django_capture_on_commit_callbacks(execute=True):
        moderate([suspended], status=ModerationStatus.SUSPENDED, reason="Fake address.")

    assert country_codes(CompanyFilter()) == ["VN"]


def test_an_approval_shows_once_the_summaries_expire(db, settings):
    # Approvals are bulk updates, which send no model signal: they show after SUMMARY_TIMEOUT at the latest.
    from django.core.cache import cache

    from companies.selectors import COUNTRIES_KEY

    CompanyFactory(country="VN")
    pending = CompanyFactory(country="TR", status=ModerationStatus.PENDING)
    assert country_codes(CompanyFilter()) == ["VN"]

    moderate([pending], status=ModerationStatus.APPROVED)
    cache.delete(COUNTRIES_KEY)  # what the timeout does

    assert country_codes(CompanyFilter()) == ["VN", "TR"]


# The home page's numbers ----------------------------------------------------------------------------------------


def stats(response):
    return {key: response.context[key] for key in ("company_count", "vn_count", "az_count", "women_led_count")}


def sector_counts(response):
    # The sectors of the tests (the seeded ones have no company).
    return [(sector.name, sector.company_count) for sector in response.context["sectors"]
            if sector.slug.startswith("test-")]


def test_home_counts_approved_companies_and_follows_a_change_at_once(db, client):
    trade, mining = SectorFactory(slug="test-trade"), SectorFactory(slug="test-mining")
    CompanyFactory(country="VN", women_led=True, sectors=[trade])
    CompanyFactory(country="AZ", sectors=[trade, mining])
    CompanyFactory(country="AZ", status=ModerationStatus.PENDING, sectors=[mining])

    first = client.get(reverse("home"))
    CompanyFactory(country="VN", sectors=[mining])
    second = client.get(reverse("home"))

    assert stats(first) == {"company_count": 2, "vn_count": 1, "az_count": 1, "women_led_count": 1}
    assert sector_counts(first) == [("Test mining", 1), ("Test trade", 2)]
    assert stats(second) == {"company_count": 3, "vn_count": 2, "az_count": 1, "women_led_count": 1}
    assert sector_counts(second) == [("Test mining", 2), ("Test trade", 2)]


def test_home_sector_names_are_in_the_readers_language_from_the_same_cache(db, client):
    CompanyFactory(sectors=[SectorFactory(slug="test-tea")])
    english = client.get("/en/").content.decode()

    vietnamese = client.get("/vi/").content.decode()

    assert re.search(r'\?sector=test-tea">Test tea <span class="count">1</span>', english)
    assert re.search(r'\?sector=test-tea">Test tea \(vi\) <span class="count">1</span>', vietnamese)


def test_home_reads_its_numbers_from_the_cache_when_warm(db, client, django_assert_num_queries):
    CompanyFactory()
    client.get(reverse("home"))

    # The whole public part is a cached fragment (config.views.home).
    with django_assert_num_queries(0):
        client.get(reverse("home"))
    # Rendered again (a story changed): upcoming events (their focus sectors: none to fetch), featured success
    # stories; the numbers are still cached.
    generations.bump(STORIES_GENERATION)
    with django_assert_num_queries(2):
        client.get(reverse("home"))


# Reference tables -----------------------------------------------------------------------------------------------


def test_sector_choices_are_read_from_the_cache_and_follow_a_change_at_once(db, django_assert_num_queries):
    SectorFactory(slug="test-tea")
    with translation.override("en"):
        list(CompanyFilter().form.fields["sector"].choices)  # fills the cache

        with django_assert_num_queries(0):
            first = [label for _value, label in CompanyFilter().form.fields["sector"].choices]
        SectorFactory(slug="test-rubber")
        second = [label for _value, label in CompanyFilter().form.fields["sector"].choices]

    assert "Test tea" in first and "Test rubber" not in first
    assert "Test rubber" in second


def test_cached_choices_are_named_in_the_readers_language(db):
    SectorFactory(slug="test-tea")
    with translation.override("en"):
        english = dict(ListingFilter().form.fields["sector"].choices)
    with translation.override("vi"):
        vietnamese = dict(ListingFilter().form.fields["sector"].choices)

    assert (english["test-tea"], vietnamese["test-tea"]) == ("Test tea", "Test tea (vi)")


def test_a_chosen_sector_is_still_checked_against_the_database(db, client):
    SectorFactory(slug="test-tea")
    client.get(reverse("companies:directory"))  # fills the cache

    response = client.get(reverse("companies:directory"), {"sector": "nope"})

    assert list(response.context["filter"].errors) == ["sector"]
