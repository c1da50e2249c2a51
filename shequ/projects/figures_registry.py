"""The project figures of the statistics: projects running in the period in the division
(bought there or covering one of its communities) by stage and service area, and their
contract funds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.figures.registry import (
    COUNT,
    YUAN,
    Breakdown,
    Cell,
    Figure,
    ReportRows,
    Scope,
    register,
    register_report_rows,
)
from shequ.figures.spans import overlapping
from shequ.projects.models import Metric, ServiceArea, ServiceProject, Stage
from shequ.projects.selectors import indicator_progress, project_list, targets_by_metric


def projects(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[ServiceProject]:
    period = scope.period
    inside = Q(division__code__startswith=scope.prefix) | Q(
        pk__in=ServiceProject.objects.filter(
            coverage__community__code__startswith=scope.prefix
        ).values("pk")
    )
    qs = ServiceProject.objects.filter(inside, overlapping(period))
    if part and part[0] == "stage":
        qs = qs.filter(stage=part[1])
    elif part and part[0] == "area":
        qs = qs.filter(areas__pk=part[1])
    return qs


def visible(scope: Scope, part: tuple[str, str] | None) -> QuerySet[ServiceProject]:
    """The records behind the project figures: those of the user's project list."""
    return (
        projects(scope, part)
        .filter(pk__in=project_list(user=scope.user).values("pk"))
        .order_by("number")
    )


def _by_stage(scope: Scope, value: Any) -> list[Cell]:
    labels = dict(Stage.choices)
    rows = value(projects(scope).values("stage")).order_by("stage")
    return [Cell(r["stage"], str(labels.get(r["stage"], r["stage"])), r["n"]) for r in rows]


def _by_area(scope: Scope, value: Any) -> list[Cell]:
    rows = value(ServiceProject.objects.filter(pk__in=projects(scope).values("pk")).values("areas"))
    names = {str(a.pk): a.display_name for a in ServiceArea.objects.all()}
    return [
        Cell(str(r["areas"]), names.get(str(r["areas"]), "—"), r["n"]) for r in rows if r["areas"]
    ]


def _count(qs: Any) -> Any:
    from django.db.models import Count

    return qs.annotate(n=Count("id", distinct=True))


def _funds(qs: Any) -> Any:
    return qs.annotate(n=Sum("amount"))


COLUMNS = [
    (_("Project number"), lambda p: p.number),
    (_("Name"), lambda p: p.name),
    (_("Stage"), lambda p: p.get_stage_display()),
    (_("Amount (yuan)"), lambda p: p.amount),
]

register(
    Figure(
        key="projects",
        label=_("Service projects"),
        section="projects",
        unit=COUNT,
        value=lambda scope: projects(scope).count(),
        records=lambda scope, part: visible(scope, part),
        columns=COLUMNS,
        breakdowns={
            "stage": Breakdown(_("by stage"), lambda scope: _by_stage(scope, _count)),
            "area": Breakdown(_("by service area"), lambda scope: _by_area(scope, _count)),
        },
        permissions=(Perm.PROJECT_VIEW,),
        additive=False,
    )
)

register(
    Figure(
        key="contract_funds",
        label=_("Contract funds"),
        section="projects",
        unit=YUAN,
        value=lambda scope: projects(scope).aggregate(n=Sum("amount"))["n"] or Decimal("0"),
        records=lambda scope, part: visible(scope, part),
        total="amount",
        columns=COLUMNS,
        breakdowns={
            "stage": Breakdown(_("by stage"), lambda scope: _by_stage(scope, _funds)),
        },
        permissions=(Perm.PROJECT_VIEW,),
        additive=False,
    )
)


def _partners(scope: Scope) -> list[list[str]]:
    """The buyers and providers of the projects behind the projects figure."""
    rows: dict[tuple[str, str], None] = {}
    for project in visible(scope, None).select_related("buyer", "provider"):
        rows[(project.buyer.name, str(_("buyer")))] = None
        rows[(project.provider.name, str(_("provider")))] = None
    return [[name, role] for name, role in rows]


register_report_rows(ReportRows("partners", _partners, figure="projects"))


def _targets(scope: Scope) -> list[list[Any]]:
    """Each indicator of the projects behind the projects figure: the project, the indicator,
    its target, its actual (None while nothing measures it) and the share reached."""
    rows: list[list[Any]] = []
    for project in visible(scope, None).prefetch_related("indicators"):
        for row in indicator_progress(project):
            rows.append([project.name, row["label"], row["target"], row["actual"], row["percent"]])
    return rows


register_report_rows(ReportRows("targets", _targets, figure="projects"))


def _figure_targets(scope: Scope) -> list[list[Any]]:
    """The dashboard figures that projects set targets for (people served, person-times, ...):
    per figure key, the targets of the indicators measuring it in the projects behind the
    projects figure, their actuals, and the elapsed share of the contract periods (percent)."""
    from django.utils import timezone

    from shequ.figures.registry import FIGURES

    found = targets_by_metric(
        list(visible(scope, None)), set(FIGURES) & set(Metric.values), timezone.localdate()
    )
    return [[key, t.target, t.actual, t.elapsed] for key, t in sorted(found.items())]


register_report_rows(ReportRows("figure_targets", _figure_targets, figure="projects"))
