from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from shequ.access.perms import Perm
from shequ.access.rule import has_perm, reach_q
from shequ.audit.models import AuditEntry

if TYPE_CHECKING:
    from shequ.accounts.models import User


def audit_list(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[AuditEntry]:
    """Entries the audit administrator may read: those of divisions in reach, and the
    system-wide ones (logins, failed logins) that belong to no division."""
    if not has_perm(user, Perm.AUDIT_VIEW):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(
        reach_q(user, Perm.AUDIT_VIEW, "division_code") | Q(division_code="")
    )
    f = filters or {}
    if f.get("date_from"):
        qs = qs.filter(at__gte=_start(f["date_from"]))
    if f.get("date_to"):
        qs = qs.filter(at__lt=_start(f["date_to"]) + timedelta(days=1))
    if f.get("username"):
        qs = qs.filter(actor_username=f["username"].strip())
    if f.get("action"):
        qs = qs.filter(action__startswith=f["action"].strip())
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"].strip())
    if f.get("division"):
        qs = qs.filter(division_code__startswith=f["division"].strip())
    if f.get("outcome"):
        qs = qs.filter(outcome=f["outcome"])
    return qs.order_by("-at", "-id")


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


READ_SUPERVISORS = (Perm.PROTECTION_SUPERVISE, Perm.AUDIT_VIEW)


def read_log_list(*, user: User, username: str = "") -> QuerySet[AuditEntry]:
    """Logged reads of protection records (shequ/audit/reads.py) for their supervisors (in the
    reach of `protection.supervise`) and the audit administrator (`audit.view`); 404 for
    everyone else."""
    from shequ.audit.reads import READ_ACTION
    from shequ.core.errors import NotFound

    perms = [p for p in READ_SUPERVISORS if has_perm(user, p)]
    if not perms:
        raise NotFound()
    where = Q(pk__in=[])
    for perm in perms:
        where |= reach_q(user, perm, "division_code")
    qs = AuditEntry.objects.filter(where, action=READ_ACTION)
    if username:
        qs = qs.filter(actor_username=username.strip())
    return qs.order_by("-at", "-id")
