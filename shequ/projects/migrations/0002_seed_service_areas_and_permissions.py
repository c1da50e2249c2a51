from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.projects.catalog import seed as seed_areas

    seed_areas(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("residents", "0002_seed_groups_categories_permissions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
