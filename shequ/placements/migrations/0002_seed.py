from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.placements.catalog import seed as seed_reference

    seed_reference(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("trainings", "0002_seed")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
