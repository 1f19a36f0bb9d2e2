import pytest
from django.core.exceptions import ValidationError

from companies.validators import validate_single_line
from tests.factories import CompanyFactory, ListingFactory


@pytest.mark.parametrize("value", ["Saigon Solar Works", "Abşeron Qəhvə Evi MMC", "Đà Nẵng – Coastal JSC",
                                   "+84 28 3823 4567", "", "  spaced  "])
def test_validate_single_line_accepts_one_line_of_any_script(value):
    assert validate_single_line(value) is None


@pytest.mark.parametrize("value", ["Mekong\nRice", "Mekong\rRice", "Mekong\r\nRice", "Mekong\tRice", "Mekong\x00",
                                   "Mekong\x1bRice", "Mekong\x7fRice", "Mekong\u2028Rice", "Mekong\u2029Rice",
                                   "Mekong Rice\n"])
def test_validate_single_line_refuses_line_breaks_and_control_characters(value):
    with pytest.raises(ValidationError) as error:
        validate_single_line(value)

    assert error.value.code == "line_break"
    assert error.value.messages == ["Use a single line: line breaks and control characters are not allowed here."]


@pytest.mark.django_db
def test_company_full_clean_checks_each_single_line_field():
    company = CompanyFactory(name="Mekong\nRice", city="Cần\rThơ", contact_person="Lan\u2028Nguyễn",
                             contact_phone="+84\t292", description="Rice.\nAnd more rice.")

    with pytest.raises(ValidationError) as error:
        company.full_clean()

    assert sorted(error.value.message_dict) == ["city", "contact_person", "contact_phone", "name"]


@pytest.mark.django_db
def test_listing_full_clean_checks_the_title():
    listing = ListingFactory(title="Robusta\ngreen coffee", description="Grade 1.\nFrom Đắk Lắk.")

    with pytest.raises(ValidationError) as error:
        listing.full_clean()

    assert list(error.value.message_dict) == ["title"]


@pytest.mark.parametrize(("language", "names", "ordered"), [
    ("az", ["Özbəkistan", "Çin", "Əfqanıstan", "İsrail", "Zambiya", "Irak", "Cənubi Afrika"],
     ["Cənubi Afrika", "Çin", "Əfqanıstan", "Irak", "İsrail", "Özbəkistan", "Zambiya"]),
    ("vi", ["Đức", "Ấn Độ", "Úc", "Anh", "Ý", "Dominica", "Ả Rập Xê-út"],
     ["Ả Rập Xê-út", "Anh", "Ấn Độ", "Dominica", "Đức", "Úc", "Ý"]),
    ("en", ["Åland Islands", "Zambia", "Réunion", "Albania"], ["Åland Islands", "Albania", "Réunion", "Zambia"]),
])
def test_names_sort_in_the_languages_own_alphabet(language, names, ordered):
    from companies.i18n_names import sort_key

    assert sorted(names, key=lambda name: sort_key(name, language)) == ordered
