from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.protection.catalog import seed as seed_reference

    seed_reference(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0001_initial"),
        ("delivery", "0008_rollups_by_year_project_and_person_times"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
