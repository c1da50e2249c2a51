"""Reports of a child at risk (发现报告 / 强制报告): from any signed-in user who holds
`protection.report` (schools, hospitals, communities, agencies, government units), or from the
public through a rate-limited form. A report lands in the child's community queue and must be
acknowledged within the deadline: accepted (a case opens) or redirected to another community."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations
from shequ.audit.services import audit_record
from shequ.core.errors import AppError, InvalidInput
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.protection import notifying as notifications
from shequ.protection.catalog import ACKNOWLEDGE_HOURS
from shequ.protection.models import (
    CaseEvent,
    ProtectionCase,
    Report,
    ReportStatus,
    Situation,
)
from shequ.protection.permissions import protection_caps, report_caps
from shequ.residents.models import age_on
from shequ.residents.services import resident_for_report

if TYPE_CHECKING:
    from shequ.accounts.models import User

REPORT = Perm.PROTECTION_REPORT


class TooManyReports(AppError):
    status = 429
    default_code = "rate_limited"


def acknowledge_hours() -> int:
    return int(getattr(settings, "SHEQU_PROTECTION_ACK_HOURS", ACKNOWLEDGE_HOURS))


def _check(
    *,
    community: Division,
    child: dict[str, Any],
    situations: list[str],
    seen: str,
    seen_at: datetime,
) -> list[Situation]:
    if community.level != Level.COMMUNITY:
        raise InvalidInput(_("Choose the child's community."), field="community")
    chosen = list(Situation.objects.filter(code__in=situations))
    if not chosen or len(chosen) != len(set(situations)):
        raise InvalidInput(_("Choose at least one situation."), field="situations")
    if not seen.strip():
        raise InvalidInput(_("Describe what was seen."), field="seen")
    if seen_at > timezone.now():
        raise InvalidInput(_("The date is in the future."), field="seen_at", code="future")
    birth = child.get("birth_date")
    if isinstance(birth, str):
        try:
            birth = date.fromisoformat(birth)
        except ValueError:
            raise InvalidInput(_("Not a date."), field="birth_date") from None
    if not isinstance(birth, date):
        raise InvalidInput(_("Give the child's birth date (or age)."), field="birth_date")
    if age_on(birth, date.today()) >= 18:
        raise InvalidInput(
            _("A report concerns a child under 18."), field="birth_date", code="not_a_minor"
        )
    return chosen


def _file(
    *,
    by: User | None,
    community: Division,
    child: dict[str, Any],
    situations: list[Situation],
    seen: str,
    seen_at: datetime,
    police_told: bool,
    organization: Any = None,
    public_name: str = "",
    public_phone: str = "",
) -> Report:
    with transaction.atomic():
        resident = resident_for_report(by=by, division=community, data=child)
        report = Report.objects.create(
            division=community,
            child=resident,
            seen=seen.strip(),
            seen_at=seen_at,
            police_told=police_told,
            reporter=by,
            reporter_organization=organization,
            public_name=public_name.strip()[:60],
            public_phone=public_phone.strip()[:30],
            due_at=timezone.now() + timedelta(hours=acknowledge_hours()),
        )
        report.situations.set(situations)
        audit_record(actor=by, action="protection.report", obj=report)
        notifications.report_filed(report)
    return report


def report_submit(
    *,
    by: User,
    community: Division,
    child: dict[str, Any],
    situations: list[str],
    seen: str,
    seen_at: datetime,
    police_told: bool = False,
) -> Report:
    """A signed-in reporter. `child`: name, gender, birth_date and, when known, id_number."""
    protection_caps(by).require("report", _("Your role may not file reports."))
    chosen = _check(
        community=community, child=child, situations=situations, seen=seen, seen_at=seen_at
    )
    organizations = reach_organizations(by, REPORT)
    organization = Organization.objects.filter(pk__in=organizations).first()
    return _file(
        by=by,
        community=community,
        child=child,
        situations=chosen,
        seen=seen,
        seen_at=seen_at,
        police_told=police_told,
        organization=organization,
    )


PUBLIC_LIMIT = 5  # reports per address per hour


def public_report_submit(
    *,
    address: str,
    community: Division,
    child: dict[str, Any],
    situations: list[str],
    seen: str,
    seen_at: datetime,
    police_told: bool = False,
    name: str = "",
    phone: str = "",
) -> Report:
    """A member of the public without an account; at most PUBLIC_LIMIT an hour per address."""
    key = f"protection:public-report:{address}"
    count = cache.get_or_set(key, 0, timeout=3600) or 0
    if count >= PUBLIC_LIMIT:
        raise TooManyReports(_("Too many reports from this address; try again later."))
    chosen = _check(
        community=community, child=child, situations=situations, seen=seen, seen_at=seen_at
    )
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
    return _file(
        by=None,
        community=community,
        child=child,
        situations=chosen,
        seen=seen,
        seen_at=seen_at,
        police_told=police_told,
        public_name=name,
        public_phone=phone,
    )


def report_accept(*, by: User, report: Report) -> ProtectionCase:
    """The community's child-welfare director (or the street's supervisor) accepts: a case
    opens at the community level."""
    report_caps(by, report).require("handle", _("You may not handle reports of this community."))
    if report.status != ReportStatus.NEW:
        raise InvalidInput(_("This report has been handled already."), field="status")
    with transaction.atomic():
        report.status = ReportStatus.ACCEPTED
        report.handled_by = by
        report.handled_at = timezone.now()
        report.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])
        case = ProtectionCase.objects.create(
            division_id=report.division_id,
            child=report.child,
            report=report,
            level_id=report.division_id,
            worker=by,
        )
        CaseEvent.objects.create(case=case, action="open", by=by)
        audit_record(actor=by, action="protection.accept", obj=case)
    return case


def report_redirect(*, by: User, report: Report, community: Division, reason: str) -> Report:
    """Not this community's child: the report moves to the right community's queue, with a new
    deadline."""
    report_caps(by, report).require("handle", _("You may not handle reports of this community."))
    if report.status != ReportStatus.NEW:
        raise InvalidInput(_("This report has been handled already."), field="status")
    if community.level != Level.COMMUNITY or community.code == report.division_id:
        raise InvalidInput(_("Choose another community."), field="community")
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    with transaction.atomic():
        audit_record(
            actor=by,
            action="protection.redirect",
            obj=report,
            detail={"from": report.division_id, "to": community.code, "reason": reason[:200]},
        )
        report.division = community
        report.due_at = timezone.now() + timedelta(hours=acknowledge_hours())
        report.escalated_at = None
        report.save()
        notifications.report_filed(report)
    return report
