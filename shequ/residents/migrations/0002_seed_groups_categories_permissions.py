from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.residents.catalog import seed_lists

    seed_lists(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial"), ("accounts", "0002_seed_roles_and_permissions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
