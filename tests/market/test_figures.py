"""Trade figures: the model's invariants, the article's seed, the admin, the public trade page."""

import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from market import demo_figures
from market.figures_page import build_trade_page, usd_amount
from market.figures_seed import SOURCE_NAME, seed, unseed
from market.figures_selectors import trade_figures
from market.models import TradeFigure
from market.models.figures import previous_year_value
from tests.factories import HSChapterFactory, UserFactory
from tests.market.factories_figures import TradeFigureFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]
TRADE = reverse("market:trade")
CHANGELIST = reverse("admin:market_tradefigure_changelist")
ADD = reverse("admin:market_tradefigure_add")
M = Decimal(1_000_000)
# How each database names the unique constraint that failed (PostgreSQL by name, SQLite by its columns).
ALL_GOODS_CLASH = r"trade_figure_unique_all_goods|market_tradefigure\.year, market_tradefigure\.direction$"
CHAPTER_CLASH = r"trade_figure_unique_per_chapter|market_tradefigure\.direction, market_tradefigure\.hs_chapter_id$"


@pytest.fixture(autouse=True)
def no_figures(db):
    """Each test starts without figures, whether or not the data migration has put the article's in the test
    database; the tests that want them call seed()."""
    TradeFigure.objects.all().delete()


@pytest.fixture
def seeded(db):
    seed()
    return {(f.year, f.direction): f for f in TradeFigure.objects.all()}


def rows():
    return [(f.year, f.direction, f.hs_chapter_id, f.value_usd, f.change_pct, f.kind, f.source_name, f.source_url)
            for f in TradeFigure.objects.order_by("year", "direction")]


# The seed --------------------------------------------------------------------------------------------------------


def test_seed_adds_exactly_the_articles_figures(db):
    assert seed() == 7

    assert rows() == [
        (2022, "total", None, Decimal("84600000.00"), None, "derived", SOURCE_NAME, ""),
        (2023, "az_vn", None, Decimal("200000000.00"), None, "derived", SOURCE_NAME, ""),
        (2023, "total", None, Decimal("687700000.00"), Decimal("712.5"), "reported", SOURCE_NAME, ""),
        (2023, "vn_az", None, Decimal("39700000.00"), None, "derived", SOURCE_NAME, ""),
        (2024, "az_vn", None, Decimal("3400000.00"), Decimal("-98.3"), "reported", SOURCE_NAME, ""),
        (2024, "total", None, Decimal("52600000.00"), Decimal("-78.4"), "reported", SOURCE_NAME, ""),
        (2024, "vn_az", None, Decimal("49200000.00"), Decimal("23.9"), "reported", SOURCE_NAME, ""),
    ]
    assert SOURCE_NAME == ("Vietnam Customs, via the article “Vietnam, Azerbaijan see potential for stronger trade "
                           "ties”")


def test_seed_derives_each_previous_year_from_the_reported_change(seeded):
    for derived, reported in [((2022, "total"), (2023, "total")), ((2023, "vn_az"), (2024, "vn_az")),
                              ((2023, "az_vn"), (2024, "az_vn"))]:
        source = seeded[reported]
        assert seeded[derived].value_usd == previous_year_value(source.value_usd, source.change_pct)


def test_previous_year_value_divides_by_the_growth_and_rounds_to_a_tenth_of_a_million():
    assert previous_year_value(Decimal("687.7") * M, Decimal("712.5")) == Decimal("84.6") * M  # 84.64
    assert previous_year_value(Decimal("49.2") * M, Decimal("23.9")) == Decimal("39.7") * M  # 39.709…
    assert previous_year_value(Decimal("3.4") * M, Decimal("-98.3")) == Decimal("200.0") * M  # exactly 200
    assert previous_year_value(Decimal("52.6") * M, Decimal("-78.4")) == Decimal("243.5") * M  # 243.518…
    with pytest.raises(ValueError, match="no previous value"):
        previous_year_value(Decimal("1") * M, Decimal("-100"))


def test_seed_writes_the_arithmetic_in_each_derived_note_in_three_languages(seeded):
    total_2022 = seeded[(2022, "total")]
    assert total_2022.note_en == ("Derived from 2023: US$687.7 million ÷ (1 + 7.125) = US$84.64 million (a rise of "
                                  "712.5%), rounded to US$84.6 million.")
    assert seeded[(2023, "vn_az")].note_en == (
        "Derived from 2024: US$49.2 million ÷ (1 + 0.239) = US$39.71 million (a rise of 23.9%), rounded to "
        "US$39.7 million.")
    assert seeded[(2023, "az_vn")].note_en == (
        "Derived from 2024: US$3.4 million ÷ (1 − 0.983) = US$200.0 million (a fall of 98.3%).")
    derived = [f for f in seeded.values() if f.kind == "derived"]
    assert len(derived) == 3
    assert all(f.note_en and f.note_vi and f.note_az for f in derived)
    # The reported figures carry no note, except the 2024 total, whose fall does not match the reported 2023 total.
    assert sorted(key for key, f in seeded.items() if f.kind == "reported" and f.note_en) == [(2024, "total")]
    assert "US$243.5 million" in seeded[(2024, "total")].note_en


def test_seed_is_idempotent_and_keeps_staff_corrections(seeded):
    TradeFigure.objects.filter(year=2024, direction="total").update(source_url="https://example.org/customs")

    assert seed() == 0

    assert TradeFigure.objects.count() == 7
    assert TradeFigure.objects.get(year=2024, direction="total").source_url == "https://example.org/customs"


def test_seed_runs_with_a_migration_app_registry(db):
    assert seed(django_apps) == 7
    assert seed(django_apps) == 0


def test_unseed_removes_the_articles_figures_only(seeded):
    TradeFigureFactory(year=2021, direction="vn_az")

    unseed()

    assert [(f.year, f.direction) for f in TradeFigure.objects.all()] == [(2021, "vn_az")]


def test_demo_load_adds_the_seed_once(db):
    assert demo_figures.load() == 7
    assert demo_figures.load() == 0


# Constraints -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"year": 1990}, "trade_figure_year_range"),
        ({"year": 2101}, "trade_figure_year_range"),
        ({"value_usd": Decimal("-1")}, "trade_figure_value_not_negative"),
        ({"change_pct": Decimal("-100.1")}, "trade_figure_change_at_least_minus_100"),
        ({"direction": "vn_cn"}, "trade_figure_direction_valid"),
        ({"kind": "guessed", "note_en": "A guess."}, "trade_figure_kind_valid"),
        ({"source_name": ""}, "trade_figure_has_source"),
        ({"kind": "derived", "note_en": ""}, "trade_figure_derived_has_note"),
    ],
)
def test_database_refuses_invalid_figure(db, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        TradeFigureFactory(**fields)

    assert TradeFigure.objects.count() == 0


def test_database_accepts_the_bounds(db):
    TradeFigureFactory(year=1991, value_usd=Decimal("0"), change_pct=Decimal("-100"))
    TradeFigureFactory(year=2100, kind="derived", note_en="From 2101's growth.")

    assert sorted(TradeFigure.objects.values_list("year", flat=True)) == [1991, 2100]


def test_one_figure_per_year_and_direction_for_all_goods(db):
    TradeFigureFactory(year=2024, direction="vn_az")

    with pytest.raises(IntegrityError, match=ALL_GOODS_CLASH), transaction.atomic():
        TradeFigureFactory(year=2024, direction="vn_az")

    TradeFigureFactory(year=2024, direction="az_vn")
    TradeFigureFactory(year=2023, direction="vn_az")
    assert TradeFigure.objects.count() == 3


def test_one_figure_per_year_direction_and_chapter(db):
    coffee, fuels = HSChapterFactory(code=9), HSChapterFactory(code=27)
    TradeFigureFactory(year=2024, direction="vn_az")  # all goods: no clash with a chapter's figure
    TradeFigureFactory(year=2024, direction="vn_az", hs_chapter=coffee)
    TradeFigureFactory(year=2024, direction="vn_az", hs_chapter=fuels)

    with pytest.raises(IntegrityError, match=CHAPTER_CLASH), transaction.atomic():
        TradeFigureFactory(year=2024, direction="vn_az", hs_chapter=coffee)

    assert TradeFigure.objects.count() == 3


def test_full_clean_explains_each_problem(db):
    TradeFigureFactory(year=2020, direction="total")
    next_year = timezone.localdate().year + 1

    with pytest.raises(ValidationError) as future:
        TradeFigureFactory.build(year=next_year).full_clean()
    with pytest.raises(ValidationError) as no_note:
        TradeFigureFactory.build(year=2019, kind="derived", note_en="  ").full_clean()
    with pytest.raises(ValidationError) as duplicate:
        TradeFigureFactory.build(year=2020, direction="total").full_clean()

    assert future.value.message_dict == {"year": ["A figure is for a year that has begun."]}
    assert no_note.value.message_dict == {"note_en": ["A derived value needs a note with its arithmetic."]}
    assert duplicate.value.message_dict == {"__all__": ["There is already a figure for this year and direction."]}


def test_note_follows_the_language_and_falls_back_to_english(db):
    figure = TradeFigureFactory(note_en="In English.", note_vi="Bằng tiếng Việt.", note_az="")

    with translation.override("vi"):
        assert figure.note == "Bằng tiếng Việt."
    with translation.override("az"):
        assert figure.note == "In English."


# Admin -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def clerk(db):
    """Staff without any permission on trade figures."""
    return UserFactory(username="clerk", is_staff=True)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 302), ("member", 302),
                                              ("loner", 302), ("clerk", 403), ("staff", 200)])
def test_trade_figure_admin_is_for_staff_with_permission(owner, member, loner, clerk, staff, as_role, role, status):
    client = as_role(role)

    assert client.get(CHANGELIST).status_code == status
    assert client.get(ADD).status_code == status


def admin_post(**overrides):
    return {"year": "2021", "direction": "vn_az", "hs_chapter": "", "value_usd": "41000000", "change_pct": "",
            "kind": "reported", "source_name": "General Department of Vietnam Customs",
            "source_url": "https://www.customs.gov.vn/", "note_en": "", "note_vi": "", "note_az": "",
            "_save": "Save", **overrides}


def test_admin_adds_a_figure(client, staff):
    HSChapterFactory(code=85)
    client.force_login(staff)

    response = client.post(ADD, admin_post(hs_chapter="85", change_pct="-12.5"))

    assert response.status_code == 302
    assert rows() == [(2021, "vn_az", 85, Decimal("41000000.00"), Decimal("-12.5"), "reported",
                       "General Department of Vietnam Customs", "https://www.customs.gov.vn/")]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"year": "1990"}, "year", "Ensure this value is greater than or equal to 1991."),
        ({"year": "abc"}, "year", "Enter a whole number."),
        ({"value_usd": "-5"}, "value_usd", "Ensure this value is greater than or equal to 0."),
        ({"value_usd": ""}, "value_usd", "This field is required."),
        ({"change_pct": "-101"}, "change_pct", "Ensure this value is greater than or equal to -100."),
        ({"direction": "up"}, "direction", "Select a valid choice. up is not one of the available choices."),
        ({"source_name": ""}, "source_name", "This field is required."),
        ({"source_url": "customs"}, "source_url", "Enter a valid URL."),
        ({"kind": "derived"}, "note_en", "A derived value needs a note with its arithmetic."),
        ({"hs_chapter": "98"}, "hs_chapter",
         "Select a valid choice. That choice is not one of the available choices."),
    ],
)
def test_admin_refuses_bad_input_next_to_the_field(client, staff, overrides, field, message):
    client.force_login(staff)

    response = client.post(ADD, admin_post(**overrides))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert TradeFigure.objects.count() == 0


def test_admin_refuses_a_future_year(client, staff):
    client.force_login(staff)

    response = client.post(ADD, admin_post(year=str(timezone.localdate().year + 1)))

    assert response.context["adminform"].form.errors["year"] == ["A figure is for a year that has begun."]
    assert TradeFigure.objects.count() == 0


def test_admin_refuses_a_second_figure_for_the_same_year_and_direction(client, staff):
    TradeFigureFactory(year=2021, direction="vn_az")
    client.force_login(staff)

    response = client.post(ADD, admin_post())

    assert response.context["adminform"].form.non_field_errors() == [
        "There is already a figure for this year and direction."]
    assert TradeFigure.objects.count() == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, [(2024, "total", None), (2023, "vn_az", 9), (2022, "az_vn", None)]),
     ({"direction__exact": "vn_az"}, [(2023, "vn_az", 9)]),
     ({"kind__exact": "derived"}, [(2022, "az_vn", None)]),
     ({"year": "2024"}, [(2024, "total", None)]),
     ({"hs_chapter__isempty": "0"}, [(2023, "vn_az", 9)]),
     ({"q": "Comtrade"}, [(2022, "az_vn", None)]),
     ({"q": "coffee"}, [(2023, "vn_az", 9)])],
)
def test_admin_filters_and_search(client, staff, params, expected):
    TradeFigureFactory(year=2024, direction="total")
    TradeFigureFactory(year=2023, direction="vn_az", hs_chapter=HSChapterFactory(code=9))
    TradeFigureFactory(year=2022, direction="az_vn", kind="derived", note_en="From UN Comtrade's 2023 growth.")
    client.force_login(staff)

    response = client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert [(f.year, f.direction, f.hs_chapter_id) for f in response.context["cl"].result_list] == expected


# The trade page --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [(r, 200) for r in ROLES])
def test_trade_page_is_public(seeded, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(TRADE).status_code == status


def test_trade_page_says_the_figures_newest_year_first(seeded):
    page = build_trade_page(trade_figures())

    derived = "This value is not reported by the source but derived from another year's figures."
    assert [(year.year, [(s.text, s.note_number) for s in year.sentences]) for year in page.years] == [
        (2024, [
            ("In 2024, trade between Vietnam and Azerbaijan came to US$52.6 million. That is 78.4% less than in "
             "2023.", 2),
            ("In 2024, Vietnam's exports to Azerbaijan came to US$49.2 million. That is 23.9% more than in 2023.",
             None),
            ("In 2024, Vietnam's imports from Azerbaijan came to US$3.4 million. That is 98.3% less than in 2023.",
             None),
        ]),
        (2023, [
            ("In 2023, trade between Vietnam and Azerbaijan came to US$687.7 million. That is 712.5% more than in "
             "2022.", None),
            (f"In 2023, Vietnam's exports to Azerbaijan came to US$39.7 million. {derived}", 3),
            (f"In 2023, Vietnam's imports from Azerbaijan came to US$200.0 million. {derived}", 4),
        ]),
        (2022, [(f"In 2022, trade between Vietnam and Azerbaijan came to US$84.6 million. {derived}", 1)]),
    ]


def test_trade_page_charts_each_direction_beside_its_table(seeded):
    page = build_trade_page(trade_figures())

    assert [(chart.key, [(row.label, row.millions, row.change, row.note_number, row.source_number)
                         for row in chart.rows]) for chart in page.charts] == [
        ("total", [("2022 (derived)", "84.6", "", 1, 1), ("2023", "687.7", "+712.5%", None, 1),
                   ("2024", "52.6", "−78.4%", 2, 1)]),
        ("vn_az", [("2023 (derived)", "39.7", "", 3, 1), ("2024", "49.2", "+23.9%", None, 1)]),
        ("az_vn", [("2023 (derived)", "200.0", "", 4, 1), ("2024", "3.4", "−98.3%", None, 1)]),
    ]
    total_svg = str(page.charts[0].svg)
    assert re.findall(r'<text x="0" y="\d+" fill="#1d2430">([^<]+)</text>', total_svg) == [
        "2022 (derived)", "2023", "2024"]
    assert re.findall(r'font-weight="600">([^<]+)</text>', total_svg) == ["84.6", "687.7", "52.6"]
    assert [(note.number, note.heading) for note in page.notes] == [
        (1, "2022 · Both ways (total)"), (2, "2024 · Both ways (total)"), (3, "2023 · Vietnam → Azerbaijan"),
        (4, "2023 · Azerbaijan → Vietnam")]
    assert [(source.number, source.name, source.url) for source in page.sources] == [(1, SOURCE_NAME, "")]


def test_trade_page_renders_charts_tables_sources_and_notes(client, seeded):
    TradeFigureFactory(year=2024, direction="vn_az", hs_chapter=HSChapterFactory(code=85),
                       value_usd=Decimal("350000"), source_name="UN Comtrade",
                       source_url="https://comtradeplus.un.org/")

    content = client.get(TRADE).content.decode()

    assert re.findall(r'<svg [^>]*aria-labelledby="([a-z_-]+)-title', content) == [
        "trade-chart-total", "trade-chart-vn_az", "trade-chart-az_vn"]
    assert content.count('<table class="figures-table">') == 4  # one per chart, one for the HS chapters
    assert ("In 2024, Vietnam&#x27;s exports to Azerbaijan in HS chapter 85 (Electrical machinery and equipment; "
            "sound and television recorders and reproducers; parts) came to US$350,000.") in content
    assert ('<li id="figure-source-2"><a href="https://comtradeplus.un.org/" rel="noopener noreferrer">'
            'UN Comtrade</a></li>') in content
    assert f'<li id="figure-source-1">{SOURCE_NAME} <span class="muted">(no link given)</span></li>' in content
    assert ('<li id="figure-note-1"><strong>2022 · Both ways (total)</strong> <span class="badge '
            'badge-tone-warning">Derived</span>: Derived from 2023: US$687.7 million ÷ (1 + 7.125) = US$84.64 '
            'million (a rise of 712.5%), rounded to US$84.6 million.</li>') in content
    assert '<a href="#figure-note-3">See note 3.</a>' in content


@pytest.mark.parametrize(("language", "lang_attribute"), [("vi", 'lang="vi"'), ("az", 'lang="az"')])
def test_trade_page_in_vietnamese_and_azerbaijani_formats_numbers_and_notes(client, seeded, language,
                                                                            lang_attribute):
    with translation.override(language):
        content = client.get(reverse("market:trade")).content.decode()

    assert lang_attribute in content
    assert content.count("687,7") >= 3  # the sentence, the chart, the table (and the notes)
    assert "687.7" not in content
    assert "52.6 ÷ (1 − 0.784)" not in content  # the English note
    note = TradeFigure.objects.get(year=2022, direction="total")
    assert getattr(note, f"note_{language}") in content
    assert ">−78,4%<" in content


def test_amounts_use_the_languages_grouping():
    big, small = Decimal("1234500000"), Decimal("350000")

    with translation.override("en"):
        assert (usd_amount(big), usd_amount(small)) == ("US$1,234.5 million", "US$350,000")
    with translation.override("az"):
        assert (usd_amount(big), usd_amount(small)) == ("1\xa0234,5 milyon ABŞ dolları", "350\xa0000 ABŞ dolları")
    with translation.override("vi"):
        assert (usd_amount(big), usd_amount(small)) == ("US$1234,5 triệu", "US$350000")


def test_trade_page_without_figures_says_so(client, db):
    response = client.get(TRADE)

    assert response.status_code == 200
    assert response.context["page"].is_empty is True
    assert "No trade figures have been published here yet." in response.content.decode()
    assert "<svg" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_trade_page_query_count_is_constant(client, db, django_assert_num_queries, count):
    chapter = HSChapterFactory(code=9)
    for index in range(count):
        TradeFigureFactory(year=1991 + index % 30, direction=["total", "vn_az", "az_vn"][index // 30],
                           hs_chapter=chapter if index % 2 else None)

    with django_assert_num_queries(1):  # the figures with their chapters
        response = client.get(TRADE)

    page = response.context["page"]
    assert sum(len(chart.rows) for chart in page.charts) + len(page.chapter_rows) == count
