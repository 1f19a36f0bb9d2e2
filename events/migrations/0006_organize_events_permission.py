"""Organizer rights become a real permission (events.organize_events), granted through the Organizers group."""

from django.db import migrations


def grant_to_organizers(apps, schema_editor):
    # Permissions are otherwise created only after the whole migrate; create this one now to grant it.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    permission = Permission.objects.get(codename="organize_events", content_type__app_label="events")
    Group.objects.get_or_create(name="Organizers")[0].permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_strip_line_breaks"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="event",
            options={"ordering": ["start_date", "title"],
                     "permissions": [("organize_events", "Can create B2B events and organize them")],
                     "verbose_name": "event", "verbose_name_plural": "events"},
        ),
        migrations.RunPython(grant_to_organizers, migrations.RunPython.noop),
    ]
