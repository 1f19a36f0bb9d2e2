import re

import pytest
from django.urls import reverse

from companies import fragments
from companies.models import Company
from tests import images
from tests.conftest import stored_files
from tests.factories import CompanyFactory, LanguageFactory, ListingFactory, SectorFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]
SINGLE_LINE = "Use a single line: line breaks and control characters are not allowed here."


def valid_post(**overrides):
    return {
        "name": "Caspian Hazelnut Trade",
        "country": "AZ",
        "city": "Qəbələ",
        "sectors": [SectorFactory(slug="agriculture-food").pk],
        "description": "Hazelnut grower and exporter.",
        "website": "https://caspianhazelnut.example",
        "founded": "2011",
        "size": "medium",
        "languages": [LanguageFactory(code="az").pk],
        "contact_person": "Aysel Məmmədova",
        "contact_email": "aysel@caspianhazelnut.example",
        "contact_phone": "+994 12 555 12 34",
        "email_language": "az",
        **overrides,
    }


# Permission matrix ------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [(r, 200) for r in ROLES])
def test_directory_is_public(company, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(reverse("companies:directory")).status_code == status


@pytest.mark.parametrize(("role", "status"), [(r, 200) for r in ROLES])
def test_detail_of_approved_company_is_public(company, owner, member, other_owner, loner, staff, as_role,
                                              role, status):
    assert as_role(role).get(company.get_absolute_url()).status_code == status


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", [Company.Status.PENDING, Company.Status.REJECTED, Company.Status.SUSPENDED,
                                   Company.Status.DEACTIVATED])
def test_detail_of_unapproved_company_is_404_for_everyone(company, owner, member, other_owner, loner, staff,
                                                          as_role, role, state):
    Company.objects.filter(pk=company.pk).update(status=state)

    assert as_role(role).get(company.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 200), ("member", 403), ("other_owner", 403), ("loner", 403), ("staff", 403)],
)
def test_edit_permission_matrix(company, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(reverse("companies:edit", args=[company.slug])).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 302), ("member", 403), ("other_owner", 403), ("loner", 403), ("staff", 403)],
)
def test_edit_post_permission_matrix_changes_only_for_owner(company, owner, member, other_owner, loner, staff,
                                                            as_role, role, status):
    response = as_role(role).post(reverse("companies:edit", args=[company.slug]), valid_post(name="Renamed"))

    company.refresh_from_db()
    assert response.status_code == status
    assert company.name == ("Renamed" if role == "owner" else "Mekong Coffee")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 302), ("member", 302), ("other_owner", 302), ("loner", 200), ("staff", 200)],
)
def test_create_permission_matrix(company, owner, member, other_owner, loner, staff, as_role, role, status):
    # Users who already belong to a company are sent to it; the others get the form.
    assert as_role(role).get(reverse("companies:create")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("loner", 302), ("staff", 302)],
)
def test_mine_permission_matrix(company, owner, member, other_owner, loner, staff, as_role, role, status):
    assert as_role(role).get(reverse("companies:mine")).status_code == status


# Create and edit --------------------------------------------------------------------------------


def test_create_company_with_logo(client, loner, media_root):
    client.force_login(loner)

    response = client.post(reverse("companies:create"), valid_post(logo=images.png_upload()))

    assert response.status_code == 302
    assert response["Location"] == reverse("companies:mine")
    company = Company.objects.get(name="Caspian Hazelnut Trade")
    assert company.status == Company.Status.PENDING
    assert company.memberships.get().user == loner
    assert stored_files(media_root) == sorted([company.logo.name, company.logo_thumbnail.name])


def test_create_and_edit_company_with_roles_in_trade(client, loner):
    from companies.models import Role

    roles = {role.slug: role.pk for role in Role.objects.all()}
    client.force_login(loner)

    client.post(reverse("companies:create"), valid_post(roles=[roles["producer"], roles["exporter"]]))
    company = Company.objects.get(name="Caspian Hazelnut Trade")
    client.post(reverse("companies:edit", args=[company.slug]), valid_post(roles=[roles["importer"]]))

    assert list(company.roles.values_list("slug", flat=True)) == ["importer"]
    html = client.get(reverse("companies:edit", args=[company.slug])).content.decode()
    assert re.search(rf'<input type="checkbox" name="roles" value="{roles["importer"]}"[^>]* checked', html)


def test_company_form_roles_are_optional_and_seeded_in_three_languages(client, loner):
    from django.utils import translation

    from companies.models import Role

    client.force_login(loner)
    client.post(reverse("companies:create"), valid_post())

    assert Company.objects.get(name="Caspian Hazelnut Trade").roles.count() == 0
    assert list(Role.objects.values_list("slug", flat=True)) == [
        "producer", "exporter", "importer", "distributor", "retailer", "logistics", "services", "investor"]
    with translation.override("vi"):
        assert Role.objects.get(slug="exporter").name == "Nhà xuất khẩu"


BAD_UPLOADS = {
    "svg": (images.SVG, "logo.svg", "not a readable PNG, JPEG or WebP image"),
    "html-as-png": (images.HTML, "logo.png", "not a readable PNG, JPEG or WebP image"),
    "truncated": (images.truncated_png(), "logo.png", "not a readable PNG, JPEG or WebP image"),
    "bomb": (images.bomb_png(), "logo.png", "The limit is 16 megapixels."),
    "oversize": (images.oversize_png(), "logo.png", "The limit is 5 MB."),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_create_company_refuses_bad_logo_with_message_and_leaves_nothing(client, loner, media_root, case):
    content, name, message = BAD_UPLOADS[case]
    client.force_login(loner)

    response = client.post(reverse("companies:create"), valid_post(logo=images.upload(content, name)))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo"])
    assert Company.objects.filter(name="Caspian Hazelnut Trade").count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("country", "XX", "Select a valid choice. XX is not one of the available choices."),
        ("sectors", [], "This field is required."),
        ("founded", "2999", "The founding year cannot be in the future."),
        ("founded", "1700", "Ensure this value is greater than or equal to 1800."),
        ("website", "not a url", "Enter a valid URL."),
        ("contact_email", "nobody", "Enter a valid email address."),
        ("size", "huge", "Select a valid choice. huge is not one of the available choices."),
        ("description", "x" * 4001, "Ensure this value has at most 4000 characters (it has 4001)."),
        ("name", "Caspian\nHazelnut", SINGLE_LINE),
        ("city", "Qəbələ\r\nAzerbaijan", SINGLE_LINE),
        ("contact_person", "Aysel\u2028Məmmədova", SINGLE_LINE),
        ("contact_phone", "+994 12\t555 12 34", SINGLE_LINE),
    ],
)
def test_create_company_shows_field_errors_and_saves_nothing(client, loner, field, value, message):
    client.force_login(loner)

    response = client.post(reverse("companies:create"), valid_post(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Company.objects.count() == 0


def test_edit_company_form_ties_errors_to_fields(client, owner, company):
    client.force_login(owner)

    response = client.post(reverse("companies:edit", args=[company.slug]), valid_post(contact_email="nobody"))

    html = response.content.decode()
    assert 'id="id_contact_email_error"' in html
    assert 'aria-invalid="true"' in html


# Directory --------------------------------------------------------------------------------------


def names(response):
    return [c.name for c in response.context["page"].object_list]


def test_directory_lists_only_approved_companies(db, client):
    CompanyFactory(name="Approved Co")
    for status in ["pending", "rejected", "suspended", "deactivated"]:
        CompanyFactory(name=f"{status} Co", status=status)

    assert names(client.get(reverse("companies:directory"))) == ["Approved Co"]


def test_directory_filters_by_repeatable_sector_slugs(db, client):
    coffee, logistics, mining = (SectorFactory(slug=s) for s in ["agriculture-food", "logistics", "mining"])
    CompanyFactory(name="Coffee", sectors=[coffee])
    CompanyFactory(name="Freight", sectors=[logistics])
    CompanyFactory(name="Both", sectors=[coffee, logistics])
    CompanyFactory(name="Gold", sectors=[mining])

    response = client.get(reverse("companies:directory"), {"sector": ["agriculture-food", "logistics"]})

    assert names(response) == ["Both", "Coffee", "Freight"]


def test_directory_filters_by_repeatable_role_slugs(db, client):
    CompanyFactory(name="Pepper Exporter", roles=["producer", "exporter"])
    CompanyFactory(name="Spice Importer", roles=["importer", "distributor"])
    CompanyFactory(name="Freight Forwarder", roles=["logistics"])
    CompanyFactory(name="No Role")

    response = client.get(reverse("companies:directory"), {"role": ["exporter", "importer"]})

    assert names(response) == ["Pepper Exporter", "Spice Importer"]
    assert re.search(r'<input type="checkbox" name="role" value="exporter"[^>]* checked', response.content.decode())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "AZ"}, ["Baku Oil"]),
        ({"city": "bak"}, ["Baku Oil"]),
        ({"women_led": "true"}, ["Hanoi Silk"]),
        ({"women_led": "false"}, ["Baku Oil", "Saigon Chips"]),
        ({"size": "large"}, ["Saigon Chips"]),
        ({"language": "ru"}, ["Baku Oil"]),
        ({"q": "silk"}, ["Hanoi Silk"]),
        ({"q": "semiconductor saigon"}, ["Saigon Chips"]),
        ({"sort": "-name"}, ["Saigon Chips", "Hanoi Silk", "Baku Oil"]),
        ({"sort": "-founded"}, ["Saigon Chips", "Baku Oil", "Hanoi Silk"]),
    ],
)
def test_directory_filters(db, client, params, expected):
    CompanyFactory(name="Hanoi Silk", city="Hà Nội", women_led=True, founded=1990, size="small",
                   description="Silk weaving.", languages=[LanguageFactory(code="vi")])
    CompanyFactory(name="Baku Oil", country="AZ", city="Bakı", founded=2000, size="medium",
                   description="Oil services.", languages=[LanguageFactory(code="ru")])
    CompanyFactory(name="Saigon Chips", city="Saigon", founded=2010, size="large",
                   description="Semiconductor assembly.", languages=[LanguageFactory(code="en")])

    assert names(client.get(reverse("companies:directory"), params)) == expected


def test_directory_form_keeps_its_values(db, client):
    SectorFactory(slug="mining")

    response = client.get(reverse("companies:directory"), {"sector": "mining", "q": "gold", "country": "AZ"})

    html = response.content.decode()
    assert 'value="gold"' in html
    assert re.search(r'<input type="checkbox" name="sector" value="mining"[^>]* checked', html)
    assert '<option value="AZ" selected>' in html


def test_directory_ignores_invalid_filter_values_and_marks_them(db, client):
    CompanyFactory(name="Only")

    response = client.get(reverse("companies:directory"), {"country": "ZZZ", "sector": "nope", "page": "x"})

    assert response.status_code == 200
    assert names(response) == ["Only"]
    assert response.context["filter"].errors.keys() == {"country", "sector"}
    assert 'id="id_country_error"' in response.content.decode()


def test_directory_paginates_and_keeps_filters_in_links(db, client, settings):
    settings.COMPANY_PAGE_SIZE = 2
    for i in range(5):
        CompanyFactory(name=f"Co {i}", country="AZ")

    response = client.get(reverse("companies:directory"), {"country": "AZ", "page": 2})

    assert names(response) == ["Co 2", "Co 3"]
    assert 'href="?country=AZ&amp;page=3"' in response.content.decode()


@pytest.mark.parametrize(("count", "said"), [
    (3, "3 companies found"),
    (4, "More than 3 companies found: narrow the search or the filters to see them all."),
])
def test_directory_counts_up_to_the_cap(db, client, settings, count, said):
    settings.RESULT_COUNT_CAP = 3
    settings.COMPANY_PAGE_SIZE = 2
    for i in range(count):
        CompanyFactory(name=f"Co {i}")

    response = client.get(reverse("companies:directory"), {"page": 2})

    assert said in " ".join(response.content.decode().split())
    assert response.context["page"].paginator.num_pages == 2  # the pages end at the cap
    assert names(response) == ["Co 2"]


def test_marketplace_counts_up_to_the_cap(client, settings, db):
    settings.RESULT_COUNT_CAP = 1
    ListingFactory.create_batch(2)

    response = client.get(reverse("companies:marketplace"))

    assert "More than 1 entry found" in " ".join(response.content.decode().split())


@pytest.mark.parametrize("count", [1, 30])
def test_directory_query_count_is_constant(db, client, django_assert_num_queries, count):
    sectors = [SectorFactory(slug="trade"), SectorFactory(slug="mining")]
    for _ in range(count):
        CompanyFactory(sectors=sectors, languages=[LanguageFactory(code="vi")])

    # count (up to the cap), page of companies, their sectors, their languages; on a cold cache (each test starts
    # with one) also the filter's sector, role, language and country choices, which the next request reads from
    # the cache (companies.selectors.reference_rows, countries_in_use).
    with django_assert_num_queries(8):
        client.get(reverse("companies:directory"), {"page": 1})
    # The same address again: the rendered filters and results come from the cache (companies.fragments).
    with django_assert_num_queries(0):
        client.get(reverse("companies:directory"), {"page": 1})
    fragments.forget_public_lists()
    with django_assert_num_queries(4):
        client.get(reverse("companies:directory"), {"page": 1})


# Contact details --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [("anonymous", False), ("owner", True), ("member", True), ("other_owner", False), ("loner", False),
     ("staff", True)],
)
def test_contact_details_visibility(company, owner, member, other_owner, loner, staff, as_role, role, shown):
    html = as_role(role).get(company.get_absolute_url()).content.decode()

    assert (company.contact_email in html) is shown
    assert (company.contact_phone in html) is shown


@pytest.mark.parametrize(("language", "first_two"), [
    ("en", ["Azerbaijan", "Vietnam"]), ("vi", ["Azerbaijan", "Việt Nam"]), ("az", ["Azərbaycan", "Vyetnam"])])
def test_country_pickers_put_the_corridors_two_countries_first(language, first_two):
    from django.utils import translation

    from companies.i18n_names import country_choices

    with translation.override(language):
        choices = country_choices()

    assert [name for _code, name in choices[:2]] == first_two
    assert len(choices) > 200 and len({code for code, _name in choices}) == len(choices)


@pytest.mark.parametrize(("language", "first_two"), [
    ("en", ["Arabic", "Azerbaijani"]), ("vi", ["Tiếng Ả Rập", "Tiếng Anh"]), ("az", ["Alman", "Azərbaycan"]),
])
def test_language_pickers_sort_languages_by_their_name_in_the_readers_language(db, language, first_two):
    """Stored by code (ar, az, de, en…), shown by name in the language's own alphabetical order."""
    from django.utils import translation

    from companies.filters import CompanyFilter
    from companies.forms import CompanyForm
    from companies.i18n_names import sort_key

    with translation.override(language):
        profile = [label for _value, label in CompanyForm().fields["languages"].choices]
        directory = [label for _value, label in CompanyFilter().form.fields["language"].choices][1:]

    assert profile == directory == sorted(profile, key=lambda name: sort_key(name, language))
    assert profile[:2] == first_two


def test_listing_target_countries_are_checkboxes_with_the_corridor_in_a_group_of_its_own(db):
    from django.utils import translation

    from companies.forms import ListingForm

    with translation.override("en"):
        field = ListingForm()["target_countries"]
        groups = [(group, len(options)) for group, options, _index in field.field.widget.optgroups(field.html_name, [])]
        html = str(field)

    assert groups[0] == ("Vietnam and Azerbaijan", 2)
    assert groups[1][0] == "Other countries" and groups[1][1] > 200
    assert 'type="checkbox"' in html and "<select" not in html
