"""The chapter index of marketplace entries also holds the HS heading, so that the exact top 20's bound
(matchmaking.candidates.contenders: "which companies answer us, at heading or chapter level?") is read from the
index alone instead of from the table's rows. The new index is built before the old one goes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0014_search_words'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='listing',
            index=models.Index(fields=['hs_chapter', 'kind', 'status', 'expires_on', 'company', 'hs_heading'],
                               name='listing_chapter_heading_idx'),
        ),
        migrations.RemoveIndex(
            model_name='listing',
            name='listing_chapter_idx',
        ),
    ]
