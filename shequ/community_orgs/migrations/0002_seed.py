from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog
    from shequ.community_orgs.catalog import seed as seed_reference

    seed_reference(apps)
    sync_catalog(apps)


class Migration(migrations.Migration):
    dependencies = [("community_orgs", "0001_initial"), ("placements", "0002_seed")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
