from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0003_certificate")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
