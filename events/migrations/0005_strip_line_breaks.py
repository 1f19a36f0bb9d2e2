"""Clean the single-line fields of events saved before validate_single_line applied to them.

An event title with a line break made every notification email about the event fail (the title is in the
subject). As in companies' migration 0006, each run of line breaks or control characters, with the white space
around it, becomes one space. Not reversible, by design.
"""

import re

from django.db import migrations

# Copied, not imported, so that the migration keeps doing what it did when written.
_CONTROLS = "\x00-\x1f\x7f\u2028\u2029"
_BREAK_RUN = re.compile(f"[\\s{_CONTROLS}]*[{_CONTROLS}][\\s{_CONTROLS}]*")

FIELDS = {
    "Event": ["title", "city", "venue"],
    "Session": ["name"],
    "Table": ["name"],
}


def single_line(value: str) -> str:
    return _BREAK_RUN.sub(" ", value).strip() if _BREAK_RUN.search(value) else value


def strip_line_breaks(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("events", model_name)
        for pk, *values in model.objects.values_list("pk", *fields).iterator(chunk_size=2000):
            changed = {field: single_line(value) for field, value in zip(fields, values, strict=True)
                       if single_line(value) != value}
            if changed:
                model.objects.filter(pk=pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("events", "0004_bounded_dates_single_lines_protected_company")]
    operations = [migrations.RunPython(strip_line_breaks, migrations.RunPython.noop, elidable=True)]
