"""The protection figures of the statistics, for protection roles only: reports received in the
period and cases opened in it (by status), among the records the user may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.figures.registry import COUNT, Breakdown, Cell, Figure, Scope, register
from shequ.figures.spans import moments
from shequ.protection.models import VIEW, CaseStatus, ProtectionCase, Report
from shequ.protection.selectors import case_queryset, log_reads, report_queryset


def reports(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[Report]:
    start, end = moments(scope.period)
    return report_queryset(scope.user).filter(
        division__code__startswith=scope.prefix, created_at__gte=start, created_at__lt=end
    )


def cases(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[ProtectionCase]:
    start, end = moments(scope.period)
    qs = case_queryset(scope.user).filter(
        division__code__startswith=scope.prefix, created_at__gte=start, created_at__lt=end
    )
    if part and part[0] == "status":
        qs = qs.filter(status=part[1])
    return qs


def _by_status(scope: Scope) -> list[Cell]:
    labels = dict(CaseStatus.choices)
    rows = cases(scope).order_by().values("status").annotate(n=Count("id")).order_by("status")
    return [Cell(r["status"], str(labels.get(r["status"], r["status"])), r["n"]) for r in rows]


register(
    Figure(
        key="protection_reports",
        label=_("Protection reports received"),
        section="protection",
        unit=COUNT,
        value=lambda scope: reports(scope).count(),
        records=lambda scope, part: reports(scope),
        columns=[
            (_("Received"), lambda r: r.created_at.date()),
            (_("Status"), lambda r: r.get_status_display()),
            (_("Community"), lambda r: r.division.name),
        ],
        permissions=(VIEW,),
        drill_permissions=(VIEW,),
    )
)

register(
    Figure(
        key="protection_cases",
        label=_("Protection cases opened"),
        section="protection",
        unit=COUNT,
        value=lambda scope: cases(scope).count(),
        records=lambda scope, part: cases(scope, part),
        columns=[
            (_("Opened"), lambda c: c.created_at.date()),
            (_("Status"), lambda c: c.get_status_display()),
            (_("Community"), lambda c: c.division.name),
        ],
        breakdowns={"status": Breakdown(_("by status"), _by_status)},
        permissions=(VIEW,),
        drill_permissions=(VIEW,),
        on_read=lambda user, shown: log_reads(user, shown, "stats"),
    )
)
