from django.db import migrations


def rebuild(apps, schema_editor):
    from shequ.delivery.people_counts import rebuild as recount

    recount()


class Migration(migrations.Migration):
    """Fill the people counters from the month roll-up of the records already there."""

    dependencies = [("delivery", "0011_people_count")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
