from django.db import migrations

# Listing's copies of its company's candidate key (companies 0016), for the entries that exist already; later
# changes are followed by matchmaking.signals. The SQL is matchmaking.services._COPY_KEYS_SQL as of this migration.
COPY_KEYS = (
    "UPDATE companies_listing SET key_country = k.country, key_sector_mask = k.sector_mask, "
    "key_sector_count = k.sector_count, key_language_mask = k.language_mask, key_role_mask = k.role_mask "
    "FROM matchmaking_candidatekey k WHERE k.company_id = companies_listing.company_id"
)


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0004_candidate_key_masks"), ("companies", "0016_listing_key_copies")]
    operations = [migrations.RunSQL(COPY_KEYS, migrations.RunSQL.noop)]
