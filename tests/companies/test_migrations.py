"""Data migrations, run against today's models (their fields have not changed since)."""

import importlib

import pytest
from django.apps import apps

from companies.models import Company, Listing
from tests.factories import CompanyFactory, ListingFactory

strip_line_breaks = importlib.import_module("companies.migrations.0006_strip_line_breaks")


@pytest.mark.django_db
def test_strip_line_breaks_makes_old_rows_single_line():
    # Saved without full_clean, as rows were before validate_single_line existed (no NUL: PostgreSQL refuses it).
    broken = CompanyFactory(name="Mekong\r\nRice \n Export\n", city="\u2028Cần\tThơ", contact_person="Lan\x01",
                            contact_phone="+84\x0b292", description="Rice.\nAnd more rice.")
    clean = CompanyFactory(name="Caspian Foods", city="Bakı")
    listing = ListingFactory(company=clean, title="Robusta\n\ngreen coffee\x7f")

    strip_line_breaks.strip_line_breaks(apps, schema_editor=None)

    assert list(Company.objects.filter(pk=broken.pk).values_list(
        "name", "city", "contact_person", "contact_phone", "description")) == [
        ("Mekong Rice Export", "Cần Thơ", "Lan", "+84 292", "Rice.\nAnd more rice.")]
    assert list(Company.objects.filter(pk=clean.pk).values_list("name", "city")) == [("Caspian Foods", "Bakı")]
    assert Listing.objects.get(pk=listing.pk).title == "Robusta green coffee"


@pytest.mark.parametrize(("value", "cleaned"), [("A\r\nB", "A B"), ("A \x00 \x01 B", "A B"), ("\nA\n", "A"),
                                                ("A  B", "A  B"), ("A\u2029B", "A B"), ("", "")])
def test_single_line_replaces_each_run_of_breaks_with_one_space(value, cleaned):
    assert strip_line_breaks.single_line(value) == cleaned
