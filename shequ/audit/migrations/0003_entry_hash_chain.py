"""The hash chain's two columns (filled for existing entries by 0004). A database default, so
that a row inserted by hand without them is simply unchained, which audit_verify reports."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
    ]
