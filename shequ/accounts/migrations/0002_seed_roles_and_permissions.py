from django.db import migrations


def seed(apps, schema_editor):
    from shequ.accounts.catalog import sync_catalog

    sync_catalog(apps)


def seed_policy(apps, schema_editor):
    SecurityPolicy = apps.get_model("accounts", "SecurityPolicy")
    if not SecurityPolicy.objects.exists():
        SecurityPolicy.objects.create()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(seed_policy, migrations.RunPython.noop),
    ]
