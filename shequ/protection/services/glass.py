"""Breaking the glass: emergency access to a case outside the user's reach. A write (a
GlassBreak, two alerts, an audit entry), so it lives with the services."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput, NotFound
from shequ.protection.catalog import BREAK_GLASS_HOURS
from shequ.protection.models import Alert, AlertKind, GlassBreak, ProtectionCase
from shequ.protection.permissions import SUPERVISE, protection_caps
from shequ.protection.selectors import log_reads

if TYPE_CHECKING:
    from shequ.accounts.models import User


def break_glass(by: User, case_id: int, reason: str) -> ProtectionCase:
    """Emergency access for a protection role outside the case's reach: limited in time,
    logged, and alerting the case's supervisors and the audit administrators. (Positional
    arguments are accepted for the existing callers; new code names them.)"""
    if not protection_caps(by).see_cases:
        raise NotFound()
    if len(reason.strip()) < 10:
        raise InvalidInput(_("Explain the emergency (at least 10 characters)."), field="reason")
    case = ProtectionCase.objects.filter(pk=case_id).select_related("division").first()
    if case is None:
        raise NotFound()
    hours = int(getattr(settings, "SHEQU_BREAK_GLASS_HOURS", BREAK_GLASS_HOURS))
    now = timezone.now()
    with transaction.atomic():
        glass = GlassBreak.objects.create(
            case=case,
            user=by,
            reason=reason.strip()[:300],
            expires_at=now + timedelta(hours=hours),
        )
        message = _("%(user)s opened a case outside their reach: %(reason)s") % {
            "user": by.display_name,
            "reason": glass.reason,
        }
        street = case.division.parent_id or case.division_id
        Alert.objects.create(
            kind=AlertKind.GLASS_BROKEN,
            division_id=street,
            permission=SUPERVISE,
            message=message,
            case=case,
            key=f"glass:{glass.pk}:supervisor",
        )
        Alert.objects.create(  # the audit administrators sit at the city
            kind=AlertKind.GLASS_BROKEN,
            division_id=case.division_id[:4].ljust(12, "0"),
            permission=Perm.AUDIT_VIEW,
            message=message,
            case=case,
            key=f"glass:{glass.pk}:audit",
        )
        audit_record(
            actor=by, action="protection.break_glass", obj=case, detail={"reason": glass.reason}
        )
    log_reads(by, [case], "glass")
    return case
