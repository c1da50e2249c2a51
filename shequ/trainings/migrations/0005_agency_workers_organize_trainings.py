from django.db import migrations


def sync(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    """Agency social workers organize trainings (a project's training target)."""

    dependencies = [("trainings", "0004_training_project")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
