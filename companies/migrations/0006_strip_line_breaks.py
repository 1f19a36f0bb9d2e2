"""Clean the single-line fields of rows saved before validate_single_line existed.

A line break or control character in a company name or an entry title would otherwise still reach email
subjects (where it can break or inject a header) and CSV exports. Each run of such characters, with the
whitespace around it, becomes one space; the value is then stripped. Not reversible: the old characters are
gone, which is the point.
"""

import re

from django.db import migrations

# Copied from companies.validators rather than imported, so that this migration keeps doing what it did when
# written even if the validator changes later.
_CONTROLS = "\x00-\x1f\x7f\u2028\u2029"
_BREAK_RUN = re.compile(f"[\\s{_CONTROLS}]*[{_CONTROLS}][\\s{_CONTROLS}]*")

FIELDS = {
    "Company": ["name", "city", "contact_person", "contact_phone"],
    "Listing": ["title"],
}


def single_line(value: str) -> str:
    return _BREAK_RUN.sub(" ", value).strip() if _BREAK_RUN.search(value) else value


def strip_line_breaks(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("companies", model_name)
        # Scanned in Python: a database regex would differ between SQLite and PostgreSQL, and few rows change.
        for pk, *values in model.objects.values_list("pk", *fields).iterator(chunk_size=2000):
            changed = {field: single_line(value) for field, value in zip(fields, values, strict=True)
                       if single_line(value) != value}
            if changed:
                model.objects.filter(pk=pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("companies", "0005_single_line_fields")]
    operations = [migrations.RunPython(strip_line_breaks, migrations.RunPython.noop, elidable=True)]
