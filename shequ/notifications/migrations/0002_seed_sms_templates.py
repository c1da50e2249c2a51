from django.db import migrations


def seed(apps, schema_editor):
    from shequ.notifications.catalog import seed as seed_templates

    seed_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
