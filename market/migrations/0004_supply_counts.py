"""Supply and demand counts kept by database triggers (market.models.supply, market.supply_triggers): the tables,
filled from a recount of the marketplace, then the triggers."""

from django.db import migrations, models

from market import supply_counts, supply_triggers


def fill(apps, schema_editor):
    supply_counts.rebuild(models=[apps.get_model("companies", "Listing")] + [
        apps.get_model("market", name) for name in ("SupplyCount", "SupplyExpiry", "SupplyWatermark")])


class Migration(migrations.Migration):

    dependencies = [
        ('market', '0003_digest'),
        ('companies', '0017_listing_newest_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='SupplyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(max_length=2, verbose_name="company's country")),
                ('kind', models.CharField(max_length=10, verbose_name='kind')),
                ('chapter', models.PositiveSmallIntegerField(verbose_name='HS chapter (0: a service)')),
                ('heading', models.PositiveIntegerField(verbose_name='HS heading (0: none)')),
                ('sector', models.BigIntegerField(verbose_name='sector id')),
                ('entries', models.IntegerField(verbose_name='entries')),
            ],
            options={
                'verbose_name': 'supply and demand count',
                'verbose_name_plural': 'supply and demand counts',
            },
        ),
        migrations.CreateModel(
            name='SupplyExpiry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(max_length=2, verbose_name="company's country")),
                ('kind', models.CharField(max_length=10, verbose_name='kind')),
                ('chapter', models.PositiveSmallIntegerField(verbose_name='HS chapter (0: a service)')),
                ('heading', models.PositiveIntegerField(verbose_name='HS heading (0: none)')),
                ('sector', models.BigIntegerField(verbose_name='sector id')),
                ('entries', models.IntegerField(verbose_name='entries')),
                ('expires_on', models.DateField(verbose_name='expires on')),
            ],
            options={
                'verbose_name': 'supply and demand count by expiry date',
                'verbose_name_plural': 'supply and demand counts by expiry date',
                'indexes': [models.Index(fields=['expires_on'], name='supply_expiry_day_idx')],
            },
        ),
        migrations.CreateModel(
            name='SupplyWatermark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='counted from')),
            ],
            options={
                'verbose_name': 'supply and demand watermark',
                'verbose_name_plural': 'supply and demand watermark',
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='supply_watermark_one_row')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(supply_triggers.create, supply_triggers.drop),
    ]
