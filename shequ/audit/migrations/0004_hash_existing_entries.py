"""Chain the entries written before the hash chain existed, in id order. On PostgreSQL the
append-only trigger is disabled for this one statement set (the migration runs as the owner)."""

from django.db import migrations

from shequ.audit.chain import FIELDS, entry_hash

TRIGGER = "audit_auditentry_append_only"


def forward(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")
    previous = ""
    rows = AuditEntry.objects.order_by("id").values("id", *FIELDS)
    for row in rows.iterator(chunk_size=2000):
        digest = entry_hash(row, previous)
        AuditEntry.objects.filter(pk=row["id"]).update(prev_hash=previous, entry_hash=digest)
        previous = digest
    if postgres:
        schema_editor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_entry_hash_chain")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
