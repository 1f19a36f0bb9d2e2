from django.db import migrations


def seed_figures(apps, schema_editor):
    from market.figures_seed import seed

    seed(apps)


def unseed_figures(apps, schema_editor):
    from market.figures_seed import unseed

    unseed(apps)


def question_search_index(apps, schema_editor):
    # Typo-tolerant search on PostgreSQL, as companies/migrations/0011_search.py does for companies and entries.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS market_question_search_trgm ON market_question "
                              "USING gin (search_text gin_trgm_ops)")


def drop_question_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS market_question_search_trgm")


class Migration(migrations.Migration):
    """The article's trade figures (market.figures_seed: reported and derived, with their sources), and the
    trigram index of the questions' search column."""

    dependencies = [("market", "0001_initial")]
    operations = [
        migrations.RunPython(seed_figures, unseed_figures),
        migrations.RunPython(question_search_index, drop_question_search_index),
    ]
