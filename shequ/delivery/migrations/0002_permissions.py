from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial"), ("projects", "0002_seed_service_areas_and_permissions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
