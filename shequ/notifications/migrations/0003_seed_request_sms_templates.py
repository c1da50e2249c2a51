from django.db import migrations


def seed(apps, schema_editor):
    """The SMS texts of the kinds added since (the requests that wait for a decision)."""
    from shequ.notifications.catalog import seed as seed_templates

    seed_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_seed_sms_templates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
