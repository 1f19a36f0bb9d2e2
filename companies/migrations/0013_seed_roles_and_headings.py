from django.db import migrations

from companies.hs_headings import HS_HEADINGS
from companies.roles import ROLES


def seed(apps, schema_editor):
    Role = apps.get_model("companies", "Role")
    for position, (slug, name_en, name_vi, name_az) in enumerate(ROLES):
        Role.objects.update_or_create(slug=slug, defaults={"position": position, "name_en": name_en,
                                                           "name_vi": name_vi, "name_az": name_az})
    HSHeading = apps.get_model("companies", "HSHeading")
    for code, name_en, name_vi, name_az in HS_HEADINGS:
        HSHeading.objects.update_or_create(code=code, defaults={"chapter_id": code // 100, "name_en": name_en,
                                                                "name_vi": name_vi, "name_az": name_az})


def unseed(apps, schema_editor):
    apps.get_model("companies", "HSHeading").objects.filter(code__in=[row[0] for row in HS_HEADINGS]).delete()
    apps.get_model("companies", "Role").objects.filter(slug__in=[row[0] for row in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0012_roles_and_headings")]
    operations = [migrations.RunPython(seed, unseed)]
