"""Text search (docs/search.md): folded search columns on companies and marketplace entries, filled for the
existing rows; on PostgreSQL also the unaccent and pg_trgm extensions and GIN trigram indexes on the columns.

The indexes are created with SQL, on PostgreSQL only, rather than declared in the models' Meta: SQLite has no
GIN index, and declaring one there would break its migrations.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

INDEXES = [
    ("companies_company_search_trgm", "companies_company"),
    ("companies_listing_search_trgm", "companies_listing"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def fill(apps, schema_editor):
    from companies.search import company_search_fields, listing_search_fields

    Company = apps.get_model("companies", "Company")
    Listing = apps.get_model("companies", "Listing")
    Sector = apps.get_model("companies", "Sector")
    sector_names = {s.pk: [s.name_en, s.name_vi, s.name_az] for s in Sector.objects.all()}
    Through = Company.sectors.through
    company_sectors: dict[int, list[int]] = {}
    for company_id, sector_id in Through.objects.values_list("company_id", "sector_id"):
        company_sectors.setdefault(company_id, []).append(sector_id)
    companies = {}
    batch = []
    for company in Company.objects.only("pk", "name", "city", "country", "description").iterator(chunk_size=2000):
        companies[company.pk] = (company.name, company.city)
        names = [n for s in company_sectors.get(company.pk, []) for n in sector_names.get(s, [])]
        company.search_name, company.search_text = company_search_fields(
            name=company.name, city=company.city, country=company.country, description=company.description,
            sector_names=names)
        batch.append(company)
        if len(batch) >= 2000:
            Company.objects.bulk_update(batch, ["search_name", "search_text"])
            batch = []
    Company.objects.bulk_update(batch, ["search_name", "search_text"])
    batch = []
    for listing in Listing.objects.only("pk", "title", "description", "company_id", "sector_id").iterator(
            chunk_size=2000):
        name, city = companies.get(listing.company_id, ("", ""))
        listing.search_name, listing.search_text = listing_search_fields(
            title=listing.title, description=listing.description, company_name=name, company_city=city,
            sector_names=sector_names.get(listing.sector_id, []))
        batch.append(listing)
        if len(batch) >= 2000:
            Listing.objects.bulk_update(batch, ["search_name", "search_text"])
            batch = []
    Listing.objects.bulk_update(batch, ["search_name", "search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0010_team_invitations'),
    ]

    operations = [
        # Both do nothing on databases other than PostgreSQL.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.AddField(
            model_name='company',
            name='search_name',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search name'),
        ),
        migrations.AddField(
            model_name='company',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search text'),
        ),
        migrations.AddField(
            model_name='listing',
            name='search_name',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search name'),
        ),
        migrations.AddField(
            model_name='listing',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='search text'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
