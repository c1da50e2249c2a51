"""Seed the 民族 list (GB/T 3304) and write each resident's free-text ethnicity as its official
name where it matches one (汉 → 汉族, 01 → 汉族, Man → 满族). A value that matches none is kept
as it was typed: no data is lost."""

from django.db import migrations


def seed_and_map(apps, schema_editor):
    from shequ.core.catalogs import seed_rows
    from shequ.residents.catalog import ETHNICITIES, alias_key, ethnicity_aliases

    seed_rows(apps, "residents.Ethnicity", ETHNICITIES, keep_edits=True)
    Ethnicity = apps.get_model("residents", "Ethnicity")
    Resident = apps.get_model("residents", "Resident")
    aliases = ethnicity_aliases(Ethnicity.objects.values_list("code", "name", "name_en"))
    typed = Resident.objects.exclude(ethnicity="").values_list("ethnicity", flat=True).order_by().distinct()
    for value in list(typed):
        official = aliases.get(alias_key(value))
        if official and official != value:
            Resident.objects.filter(ethnicity=value).update(ethnicity=official)


class Migration(migrations.Migration):
    dependencies = [("residents", "0007_ethnicities")]

    operations = [migrations.RunPython(seed_and_map, migrations.RunPython.noop)]
