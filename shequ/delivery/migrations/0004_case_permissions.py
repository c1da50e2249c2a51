from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("delivery", "0003_casework")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
