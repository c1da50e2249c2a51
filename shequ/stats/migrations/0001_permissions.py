from django.db import migrations


def sync(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    """The permission to view statistics (stats.view), given to every role of the offices,
    communities, agencies and the university."""

    dependencies = [("accounts", "0002_seed_roles_and_permissions")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
