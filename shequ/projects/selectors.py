from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.projects.models import ServiceArea, ServiceProject, Stage

VIEW = Perm.PROJECT_VIEW


def project_list(
    *, user: Any, stage: str = "", area: str = "", q: str = ""
) -> QuerySet[ServiceProject]:
    qs = ServiceProject.objects.visible_to(user, VIEW)
    if stage:
        qs = qs.filter(stage=stage)
    if area:
        qs = qs.filter(areas__code=area)
    if q:
        qs = qs.filter(Q(name__contains=q.strip()) | Q(number__startswith=q.strip()))
    return (
        qs.select_related("division", "buyer", "provider")
        .prefetch_related("areas", "coverage__community")
        .distinct()
        .order_by("-start_date", "number")
    )


def projects_provided_by(*, user: Any, organizations: list[Any]) -> list[ServiceProject]:
    """The projects in the user's reach that one of the organizations provides: the choices
    of "under the project" when an organization records its own activity or training."""
    return list(
        ServiceProject.objects.visible_to(user, VIEW)
        .filter(provider__in=[o.pk for o in organizations])
        .distinct()
        .order_by("-start_date", "number")
    )


def project_get(*, user: Any, pk: int) -> ServiceProject:
    return get_visible_or_404(
        ServiceProject.objects.select_related("division", "buyer", "provider"), user, VIEW, pk=pk
    )


def areas_by_codes(codes: list[str]) -> list[ServiceArea]:
    """The service areas named by their codes; an unknown code is bad input."""
    from django.utils.translation import gettext as _

    from shequ.core.errors import InvalidInput

    areas = list(ServiceArea.objects.filter(code__in=codes))
    if len(areas) != len(set(codes)):
        raise InvalidInput(_("Unknown service area."), field="areas", code="unknown_area")
    return areas


def is_overdue(project: ServiceProject, today: date | None = None) -> bool:
    """Past its end date without a final evaluation."""
    return project.end_date < (today or date.today()) and project.stage not in (
        Stage.FINAL_EVALUATION,
        Stage.CLOSED,
    )


# Apps that hold the records a metric counts register a function `(project, memo) -> Decimal` here
# (the service-delivery app registers cases, sessions, activities, people served, ...); `memo`
# is shared by the indicators of one reading, so that sources can share a computation.
METRIC_SOURCES: dict[str, Any] = {}


def register_metric(metric: str) -> Any:
    def decorator(fn: Any) -> Any:
        METRIC_SOURCES[metric] = fn
        return fn

    return decorator


def indicator_progress(project: ServiceProject) -> list[dict[str, Any]]:
    """Target, actual, percentage and what remains, for every indicator of the project. An
    actual is None when nothing measures that metric yet."""
    from decimal import Decimal

    from shequ.projects.models import Metric

    rows = []
    memo: dict[str, Any] = {}
    measured: dict[str, Any] = {}  # each metric measured once, however many indicators use it
    for indicator in project.indicators.all():
        if indicator.metric == Metric.MANUAL:
            actual = indicator.manual_actual
        else:
            if indicator.metric not in measured:
                source = METRIC_SOURCES.get(indicator.metric)
                measured[indicator.metric] = source(project, memo) if source else None
            value = measured[indicator.metric]
            actual = None if value is None else Decimal(value)
        percent = None
        remaining = None
        if actual is not None and indicator.target:
            percent = round(float(actual) / float(indicator.target) * 100, 1)
            remaining = max(Decimal("0"), indicator.target - actual)
        rows.append(
            {
                "id": indicator.pk,
                "metric": indicator.metric,
                "label": str(indicator),
                "target": indicator.target,
                "actual": actual,
                "percent": percent,
                "remaining": remaining,
                "evidence": indicator.evidence,
            }
        )
    return rows
