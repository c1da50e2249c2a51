"""Reads of juvenile protection. Cases are visible only to roles holding `protection.view`
within their reach, to organizations the case was referred to (once they accept), and to a user
who broke the glass, while that lasts. Everyone else gets 404: no lists, counts or search hits.
Every read of a case, whatever the path (page, API, list, export), writes an AccessLog entry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.selectors import organizations_holding
from shequ.audit.services import audit_record
from shequ.core.access import covers, get_visible_or_404, has_perm, reach_organizations
from shequ.core.errors import Forbidden, InvalidInput, NotFound
from shequ.organizations.models import Organization, OrganizationKind
from shequ.protection.catalog import BREAK_GLASS_HOURS
from shequ.protection.models import (
    VIEW,
    AccessLog,
    Alert,
    AlertKind,
    GlassBreak,
    ProtectionCase,
    Referral,
    ReferralStatus,
    Report,
)

REPORTER = "protection.reporter"
SUPERVISE = "protection.supervise"
RECEIVE = "protection.receive"


def _via(user: Any, case: ProtectionCase) -> str:
    if covers(user, VIEW, case.division_id) or covers(user, VIEW, case.level_id):
        return "reach"
    if GlassBreak.objects.filter(case=case, user_id=user.pk, expires_at__gt=timezone.now()):
        return "glass"
    return "referral"


def case_queryset(user: Any) -> QuerySet[ProtectionCase]:
    """The cases the user may see (the access rule and the case's explicit shares: see
    ProtectionCase.shared_q)."""
    return (
        ProtectionCase.objects.visible_to(user, VIEW)
        .select_related("child", "grade", "division", "level", "worker")
        .order_by("-created_at", "-id")
    )


def log_reads(user: Any, cases: list[ProtectionCase], channel: str) -> None:
    AccessLog.objects.bulk_create(
        [AccessLog(case=c, user=user, channel=channel, via=_via(user, c)) for c in cases]
    )


def case_list(user: Any, *, channel: str = "list", **filters: Any) -> list[ProtectionCase]:
    """A page of cases; each case shown is a read, logged."""
    qs = case_queryset(user).filter(**filters)
    cases = list(qs[:200])
    log_reads(user, cases, channel)
    return cases


def case_count(user: Any, **filters: Any) -> int:
    return case_queryset(user).filter(**filters).count()


def case_get(user: Any, pk: int, *, channel: str) -> ProtectionCase:
    case: ProtectionCase = get_visible_or_404(case_queryset(user), user, VIEW, pk=pk)
    log_reads(user, [case], channel)
    return case


def access_log(user: Any, case: ProtectionCase) -> list[AccessLog]:
    """The case's own access log, for its supervisor."""
    if not (covers(user, SUPERVISE, case.division_id) or covers(user, SUPERVISE, case.level_id)):
        raise Forbidden(_("The access log is for the case's supervisor."))
    return list(case.accesses.select_related("user")[:500])


def break_glass(user: Any, pk: int, reason: str) -> ProtectionCase:
    """Emergency access for a protection role outside the case's reach: limited in time,
    logged, and alerting the case's supervisors and the audit administrators."""
    if not has_perm(user, VIEW):
        raise NotFound()
    if len(reason.strip()) < 10:
        raise InvalidInput(_("Explain the emergency (at least 10 characters)."), field="reason")
    case = ProtectionCase.objects.filter(pk=pk).select_related("division").first()
    if case is None:
        raise NotFound()
    hours = int(getattr(settings, "SHEQU_BREAK_GLASS_HOURS", BREAK_GLASS_HOURS))
    now = timezone.now()
    with transaction.atomic():
        glass = GlassBreak.objects.create(
            case=case,
            user=user,
            reason=reason.strip()[:300],
            expires_at=now + timedelta(hours=hours),
        )
        message = _("%(user)s opened a case outside their reach: %(reason)s") % {
            "user": user.display_name,
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
            permission="audit.view",
            message=message,
            case=case,
            key=f"glass:{glass.pk}:audit",
        )
        audit_record(
            actor=user, action="protection.break_glass", obj=case, detail={"reason": glass.reason}
        )
    log_reads(user, [case], "glass")
    return case


def report_queryset(user: Any) -> QuerySet[Report]:
    """The community queues in the user's reach, and the user's own reports."""
    return (
        Report.objects.visible_to(user, VIEW)
        .select_related("child", "division", "reporter", "reporter_organization", "case")
        .prefetch_related("situations")
        .order_by("-created_at", "-id")
    )


def report_get(user: Any, pk: int) -> Report:
    report: Report = get_visible_or_404(report_queryset(user), user, VIEW, pk=pk)
    return report


def reporter_shown(user: Any, report: Report) -> dict[str, Any]:
    """Who reported: only to roles holding `protection.reporter` over the report's community
    (and to the reporter themself); otherwise nothing but the kind of source."""
    if report.reporter_id == user.pk or covers(user, REPORTER, report.division_id):
        return {
            "name": report.reporter.display_name if report.reporter else report.public_name,
            "organization": report.reporter_organization.name
            if report.reporter_organization
            else "",
            "phone": report.public_phone,
            "hidden": False,
        }
    return {"name": "", "organization": "", "phone": "", "hidden": True}


def alerts_for(user: Any) -> QuerySet[Alert]:
    """Open alerts addressed to a division in the user's reach for the alert's permission, or
    to one of the user's organizations."""
    from shequ.core.access import reach

    q = Q(pk__in=[])
    for perm in ("protection.view", "protection.supervise", "protection.meeting", "audit.view"):
        for prefix in reach(user, perm):
            q |= Q(permission=perm, division__code__startswith=prefix)
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, VIEW)
    q |= Q(organization_id__in=orgs)
    return Alert.objects.filter(q, resolved_at__isnull=True).order_by("-created_at")


def referrals_waiting(user: Any) -> QuerySet[Referral]:
    """Referrals addressed to the user's organizations and not yet answered."""
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, "protection.manage")
    return Referral.objects.filter(
        to_organization_id__in=orgs, status=ReferralStatus.PENDING
    ).select_related("case__child", "to_organization")


# the four parties' organizations that can take a referred case
RECEIVING_KINDS = (
    OrganizationKind.CIVIL_AFFAIRS,
    OrganizationKind.GOVERNMENT,
    OrganizationKind.STREET_OFFICE,
    OrganizationKind.SCHOOL,
    OrganizationKind.POLICE,
    OrganizationKind.HOSPITAL,
    OrganizationKind.AGENCY,
    OrganizationKind.COMMUNITY_COMMITTEE,
)


def receiving_organizations() -> QuerySet[Organization]:
    """Organizations of the four parties whose people can take a referred case."""
    return Organization.objects.filter(
        kind__in=RECEIVING_KINDS,
        is_active=True,
        pk__in=organizations_holding(perms=[RECEIVE, "protection.manage"]),
    ).select_related("division")
