"""Writing the audit log. Call `audit_record` inside the same transaction as the change it
records, so that the change and its trace commit or roll back together."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.audit.chain import FIELDS, ChainState, entry_hash, verify
from shequ.audit.models import RETENTION_DAYS, AuditEntry, Outcome
from shequ.core import request_context
from shequ.core.errors import Forbidden, InvalidInput

if TYPE_CHECKING:
    from shequ.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    division_code: str | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> AuditEntry:
    """Append one entry: when, who, from where, what action, which object and division, and
    the outcome."""
    info = request_context.current()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if division_code is None and obj is not None:
        division_code = getattr(obj, "division_id", None) or getattr(obj, "division_code", None)
    object_type = obj._meta.label_lower if obj is not None else ""
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor,
        actor_username=(username or getattr(actor, "username", "") or "")[:150],
        ip=AuditEntry._meta.get_field("ip").get_prep_value(info.ip),
        user_agent=info.user_agent,
        channel=info.channel,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        division_code=division_code or "",
        outcome=outcome,
        detail=json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder)),
    )
    with transaction.atomic():
        # one writer at a time extends the chain: the lock is held until the transaction ends
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.prev_hash = last or ""
        values = {name: getattr(entry, name) for name in FIELDS}
        entry.entry_hash = entry_hash(values, entry.prev_hash)
        entry.save(force_insert=True)
    return entry


CHAIN_LOCK = 0x5348_4551_4155_4449  # "SHEQAUDI": the advisory lock of the chain's tail


def audit_chain_state(*, latest: int | None = None, anchor: str = "") -> ChainState:
    """Verify the chain: all of it, only the `latest` entries (the auditor's page), or from the
    entry whose hash is `anchor` (a head recorded earlier) on. The whole chain must start where
    the last purge left it (or, never purged, at the very first entry): removing its oldest
    entries is a break too."""
    qs = AuditEntry.objects.order_by("id").values("id", "prev_hash", "entry_hash", *FIELDS)
    start: str | None = None
    if anchor:
        anchored = AuditEntry.objects.filter(entry_hash=anchor).values_list("id", flat=True)
        first = anchored.first()
        if first is None:
            return ChainState(0, 0, "anchor")
        qs = qs.filter(id__gte=first)
    elif latest is not None:
        newest = list(
            AuditEntry.objects.order_by("-id").values_list("id", flat=True)[latest - 1 : latest]
        )
        if newest:
            qs = qs.filter(id__gte=newest[0])
    else:
        purge = AuditEntry.objects.filter(action="audit.purge").order_by("-id").first()
        start = str(purge.detail.get("chain_start", "")) if purge else ""
    return verify(qs.iterator(chunk_size=2000), start_hash=start)


def audit_purge(*, by: User, older_than_days: int) -> int:
    """Delete entries older than `older_than_days` (never fewer than the retention period).
    Only the audit administrator may; the purge itself is recorded."""
    if not has_perm(by, Perm.AUDIT_PURGE):
        raise Forbidden(_("You may not purge the audit log."))
    if older_than_days < RETENTION_DAYS:
        raise InvalidInput(
            _("Entries younger than %(days)d days cannot be purged.") % {"days": RETENTION_DAYS},
            field="older_than_days",
            code="retention",
        )
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        count, _unused = AuditEntry.objects.filter(at__lt=cutoff).delete()
        oldest = AuditEntry.objects.order_by("id").values_list("prev_hash", flat=True).first()
        audit_record(
            actor=by,
            action="audit.purge",
            # where the chain now starts: audit_verify checks that nothing older went since
            detail={"older_than_days": older_than_days, "deleted": count, "chain_start": oldest},
        )
    return int(count)


EXPORT_HEADERS = [
    "time",
    "username",
    "ip",
    "channel",
    "action",
    "object_type",
    "object_id",
    "object",
    "division",
    "outcome",
    "detail",
]
EXPORT_LIMIT = 200_000


def audit_export(*, by: User, filters: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """The entries matching `filters` as CSV or Excel; the export itself is audited.
    Returns (content, content type, file name)."""
    import json

    from shequ.audit.selectors import audit_list
    from shequ.core.spreadsheet import export_title, write_csv, write_xlsx

    if not has_perm(by, Perm.AUDIT_EXPORT):
        raise Forbidden(_("You may not export the audit log."))
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(_("Unknown format."), field="format")
    qs = audit_list(user=by, filters=filters)[:EXPORT_LIMIT]
    rows = (
        [
            timezone.localtime(e.at),
            e.actor_username,
            e.ip,
            e.channel,
            e.action,
            e.object_type,
            e.object_id,
            e.object_repr,
            e.division_code,
            e.outcome,
            json.dumps(e.detail, ensure_ascii=False),
        ]
        for e in qs.iterator(chunk_size=2000)
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    with transaction.atomic():
        if fmt == "csv":
            content, ctype = write_csv(EXPORT_HEADERS, rows), "text/csv; charset=utf-8"
        else:
            content = write_xlsx(
                EXPORT_HEADERS,
                rows,
                sheet_title="audit",
                title=export_title(_("Audit log"), _("the whole deployment")),
            )
            ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        audit_record(
            actor=by,
            action="audit.export",
            detail={"format": fmt, "filters": {k: str(v) for k, v in filters.items() if v}},
        )
    return content, ctype, f"audit-{stamp}.{fmt}"
