from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.trainings.catalog import seed as seed_reference

    seed_reference(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial"), ("volunteers", "0004_self_permission")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
