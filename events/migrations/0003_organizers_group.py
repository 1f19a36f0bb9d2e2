from django.db import migrations

ORGANIZERS_GROUP = "Organizers"  # events.models.ORGANIZERS_GROUP


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ORGANIZERS_GROUP)


class Migration(migrations.Migration):
    """The organizer role is this group: admins give it to a user in the Django admin."""

    dependencies = [("events", "0002_constraint_messages"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
