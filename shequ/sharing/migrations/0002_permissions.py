from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial"), ("accounts", "0002_seed_roles_and_permissions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
