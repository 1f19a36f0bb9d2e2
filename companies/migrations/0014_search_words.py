"""The vocabulary of the search columns (companies.SearchWord, docs/search.md): on PostgreSQL a GIN trigram index
on it, statement triggers on companies_company and companies_listing that add the words of every inserted or
updated row, and the words of the rows already there. A misspelt term is then corrected against a few thousand
words instead of being compared with the whole text of every company. Nothing of this runs on other databases,
where the table stays empty.
"""

from django.db import migrations, models

# Words the search may correct a term to: as long as a term that is corrected (companies.search.FUZZY_MIN_LENGTH),
# cut as terms are (MAX_TERM_LENGTH), and without digits (numbers are matched exactly).
WORDS_OF = """
    SELECT DISTINCT left(w, 40) FROM {rows}, regexp_split_to_table({rows}.search_text, ' ') AS w
    WHERE length(w) >= 4 AND w !~ '[0-9]'
"""
# No unique constraint to wait on: two writers adding the same new word at once both add it, which is harmless.
FUNCTION = f"""
CREATE OR REPLACE FUNCTION companies_collect_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO companies_searchword (word)
    SELECT new_word FROM ({WORDS_OF.format(rows="new_rows")}) AS found (new_word)
    WHERE NOT EXISTS (SELECT 1 FROM companies_searchword WHERE word = new_word);
    RETURN NULL;
END
$$
"""
TABLES = ["companies_company", "companies_listing"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS companies_searchword_trgm ON companies_searchword USING gin (word gin_trgm_ops)")
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        # A trigger with transition tables takes one event: one for inserts, one for updates.
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_words_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION companies_collect_search_words()")
    for table in TABLES:
        schema_editor.execute(
            f"INSERT INTO companies_searchword (word) SELECT found.word FROM ({WORDS_OF.format(rows=table)}) "
            f"AS found (word) WHERE NOT EXISTS (SELECT 1 FROM companies_searchword s WHERE s.word = found.word)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_words_{event} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS companies_collect_search_words()")


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0013_seed_roles_and_headings'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(db_index=True, max_length=40)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
