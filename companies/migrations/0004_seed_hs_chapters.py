from django.db import migrations

from companies.hs_chapters import HS_CHAPTERS


def seed(apps, schema_editor):
    HSChapter = apps.get_model("companies", "HSChapter")
    for code, name_en, name_vi, name_az in HS_CHAPTERS:
        HSChapter.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_vi": name_vi,
                                                                "name_az": name_az})


def unseed(apps, schema_editor):
    apps.get_model("companies", "HSChapter").objects.filter(code__in=[row[0] for row in HS_CHAPTERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_listings")]
    operations = [migrations.RunPython(seed, unseed)]
