from django.db import migrations

SECTORS = [
    # slug, English, Vietnamese, Azerbaijani
    ("agriculture-food", "Agriculture and food processing", "Nông nghiệp và chế biến thực phẩm",
     "Kənd təsərrüfatı və qida emalı"),
    ("construction", "Construction", "Xây dựng", "Tikinti"),
    ("petrochemicals-oil-gas", "Petrochemicals, oil and gas", "Hóa dầu, dầu khí", "Neft-kimya, neft və qaz"),
    ("renewable-energy", "Renewable energy", "Năng lượng tái tạo", "Bərpa olunan enerji"),
    ("transport-logistics", "Transportation and logistics", "Vận tải và logistics", "Nəqliyyat və logistika"),
    ("trade", "Trade", "Thương mại", "Ticarət"),
    ("mining", "Mining", "Khai khoáng", "Mədənçıxarma"),
    ("digital-economy", "Digital economy", "Kinh tế số", "Rəqəmsal iqtisadiyyat"),
    ("tourism", "Tourism", "Du lịch", "Turizm"),
    ("light-industry", "Light industry", "Công nghiệp nhẹ", "Yüngül sənaye"),
    ("electronics-machinery", "Electronics and machinery", "Điện tử và máy móc", "Elektronika və maşınqayırma"),
]

LANGUAGES = ["vi", "az", "en", "ru", "tr", "zh", "ko", "ja", "fr", "de", "ar", "fa"]


def seed(apps, schema_editor):
    Sector = apps.get_model("companies", "Sector")
    Language = apps.get_model("companies", "Language")
    for slug, name_en, name_vi, name_az in SECTORS:
        Sector.objects.update_or_create(
            slug=slug, defaults={"name_en": name_en, "name_vi": name_vi, "name_az": name_az}
        )
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)


def unseed(apps, schema_editor):
    apps.get_model("companies", "Sector").objects.filter(slug__in=[s[0] for s in SECTORS]).delete()
    apps.get_model("companies", "Language").objects.filter(code__in=LANGUAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
