from django.db import migrations


def fill(apps, schema_editor):
    """Candidate keys for the companies that exist already (later changes are followed by signals)."""
    Company = apps.get_model("companies", "Company")
    CandidateKey = apps.get_model("matchmaking", "CandidateKey")
    sectors = {}
    for company_id, sector_id in Company.sectors.through.objects.values_list("company_id", "sector_id"):
        sectors.setdefault(company_id, []).append(sector_id)
    keys = [
        CandidateKey(company_id=pk, country=country,
                     sectors="," + ",".join(str(s) for s in sorted(sectors[pk])) + "," if pk in sectors else "")
        for pk, country in Company.objects.values_list("pk", "country")
    ]
    CandidateKey.objects.bulk_create(keys, batch_size=5000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0001_initial")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
