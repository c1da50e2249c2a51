"""Names written with a middle dot (买买提·热合曼) get search keys for each of their parts."""

from django.db import migrations
from django.db.models import Q


def rebuild_dotted(apps, schema_editor):
    from shequ.core.pinyin import name_keys

    Resident = apps.get_model("residents", "Resident")
    Key = apps.get_model("residents", "ResidentSearchKey")
    dotted = Q()
    for dot in ("\u00b7", "\u2022", "\u2027", "\u30fb", "\uff0e", "\uff65", "."):
        dotted |= Q(name__contains=dot)
    for resident in Resident.objects.filter(dotted).iterator():
        Key.objects.filter(resident_id=resident.pk).delete()
        Key.objects.bulk_create(
            [
                Key(resident_id=resident.pk, division_code=resident.division_id, key=key)
                for key in name_keys(resident.name)
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("residents", "0003_one_id_number_and_transfers")]

    operations = [migrations.RunPython(rebuild_dotted, migrations.RunPython.noop)]
