from django.db import migrations


def seed(apps, schema_editor):
    from shequ.projects.catalog import seed as seed_reference

    seed_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_evaluationdimension_evaluation_evaluationscore_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
