from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.projects.models import Evaluation, ServiceArea, ServiceProject, Stage

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.PROJECT_VIEW


def project_list(
    *, user: User, stage: str = "", area: str = "", q: str = ""
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


def projects_provided_by(*, user: User, organizations: list[Any]) -> list[ServiceProject]:
    """The projects in the user's reach that one of the organizations provides: the choices
    of "under the project" when an organization records its own activity or training."""
    return list(
        ServiceProject.objects.visible_to(user, VIEW)
        .filter(provider__in=[o.pk for o in organizations])
        .distinct()
        .order_by("-start_date", "number")
    )


def project_get(*, user: User, pk: int) -> ServiceProject:
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


def _registrar(table: dict[str, Any]) -> Any:
    """A decorator factory that files a function in `table` under a metric."""

    def register(metric: str) -> Any:
        def decorator(fn: Any) -> Any:
            table[metric] = fn
            return fn

        return decorator

    return register


register_metric = _registrar(METRIC_SOURCES)


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


# The same metrics for many projects at once, one query per metric (the workbench reads every
# running project of the user): `(project_ids) -> {project_id: actual}`, registered by the apps
# that hold the records, next to their per-project function.
METRIC_BULK: dict[str, Any] = {}
register_metric_bulk = _registrar(METRIC_BULK)


@dataclass(frozen=True)
class Behind:
    """An indicator behind schedule: its actual is a smaller share of its target than the
    share of the contract period that has elapsed."""

    project: ServiceProject
    indicator: Any
    actual: Decimal
    percent: float  # actual / target
    elapsed: float  # elapsed share of the contract period, in percent


def elapsed_share(project: ServiceProject, today: date) -> float:
    """The share of the project's contract period elapsed by `today`, in percent (0 to 100)."""
    days = (project.end_date - project.start_date).days or 1
    return min(100.0, max(0.0, (today - project.start_date).days * 100 / days))


@dataclass(frozen=True)
class MetricTarget:
    """The indicators of one metric across projects: their targets and actuals added up, and
    the share of the contract periods elapsed (weighted by target), in percent."""

    target: Decimal
    actual: Decimal
    elapsed: float


def targets_by_metric(
    projects: list[ServiceProject], metrics: set[str], today: date
) -> dict[str, MetricTarget]:
    """For each of `metrics` that some indicator of these projects measures: the targets, the
    actuals (in bulk where the metric has a bulk source, else project by project) and the
    elapsed share of the periods. An indicator whose metric nothing measures is left out."""
    from shequ.projects.models import Indicator

    by_pk = {p.pk: p for p in projects}
    indicators = list(
        Indicator.objects.filter(project_id__in=by_pk, metric__in=metrics, target__gt=0)
    )
    actuals: dict[str, dict[int, Decimal]] = {}
    for metric in {i.metric for i in indicators}:
        if metric in METRIC_BULK:
            actuals[metric] = METRIC_BULK[metric](list(by_pk))
        elif metric in METRIC_SOURCES:
            memo: dict[str, Any] = {}
            actuals[metric] = {
                pk: Decimal(METRIC_SOURCES[metric](project, memo)) for pk, project in by_pk.items()
            }
    sums: dict[str, list[Decimal]] = {}
    for indicator in indicators:
        if indicator.metric not in actuals:
            continue
        project = by_pk[indicator.project_id]
        target, actual, weighted = sums.setdefault(indicator.metric, [Decimal(0)] * 3)
        sums[indicator.metric] = [
            target + indicator.target,
            actual + actuals[indicator.metric].get(project.pk, Decimal(0)),
            weighted + indicator.target * Decimal(elapsed_share(project, today)),
        ]
    return {
        metric: MetricTarget(target, actual, round(float(weighted / target), 1))
        for metric, (target, actual, weighted) in sums.items()
    }


# an indicator is behind when its share reached trails the elapsed share by more than this
BEHIND_SLACK = 10.0


def indicators_behind(
    projects: list[ServiceProject], today: date, slack: float = BEHIND_SLACK
) -> list[Behind]:
    """The indicators of these projects that lag the elapsed share of the period by more than
    `slack` points (a fixed number of queries: one for the indicators, one per metric). A
    metric without a bulk source is not judged here."""
    from shequ.projects.models import Indicator, Metric

    by_pk = {p.pk: p for p in projects}
    indicators = list(Indicator.objects.filter(project_id__in=by_pk).order_by("project_id", "id"))
    wanted = {i.metric for i in indicators} - {Metric.MANUAL}
    actuals = {m: METRIC_BULK[m](list(by_pk)) for m in wanted if m in METRIC_BULK}
    found = []
    for indicator in indicators:
        project = by_pk[indicator.project_id]
        if indicator.metric == Metric.MANUAL:
            actual = indicator.manual_actual
        elif indicator.metric in actuals:
            actual = Decimal(actuals[indicator.metric].get(project.pk, 0))
        else:
            continue
        if actual is None or not indicator.target:
            continue
        elapsed = elapsed_share(project, today)
        percent = round(float(actual) / float(indicator.target) * 100, 1)
        if percent + slack < elapsed:
            found.append(Behind(project, indicator, actual, percent, round(elapsed, 1)))
    return found


def projects_waiting(user: User) -> QuerySet[ServiceProject]:
    """Projects not closed where the user is the buyer's officer or evaluator, or delivers
    (the provider's staff): whose steps, evaluations and indicators may wait for them."""
    from shequ.access.rule import reach_organizations, reach_q

    return (
        ServiceProject.objects.visible_to(user, Perm.PROJECT_VIEW)
        .filter(
            reach_q(user, Perm.PROJECT_MANAGE)
            | reach_q(user, Perm.PROJECT_EVALUATE)
            | Q(provider_id__in=reach_organizations(user, Perm.PROJECT_DELIVER))
        )
        .exclude(stage=Stage.CLOSED)
        .annotate(
            midterm_done=Exists(Evaluation.objects.filter(project=OuterRef("pk"), kind="midterm")),
            final_done=Exists(Evaluation.objects.filter(project=OuterRef("pk"), kind="final")),
        )
        .order_by("end_date", "id")
    )
