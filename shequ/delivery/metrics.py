"""The project metrics that service records compute."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from shequ.delivery.figures import Figures
from shequ.delivery.models import PersonTimesMonth, ServedProject
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import register_metric, register_metric_bulk


def served_for_project(project: ServiceProject) -> Figures:
    """People served and person-times over the project's whole period: every record of a
    project lies inside its period, so the project roll-ups answer directly (the general
    `served_figures(project_id=...)` gives the same figures, for any period)."""
    people = ServedProject.objects.filter(project_id=project.pk).count()
    times = PersonTimesMonth.objects.filter(project_id=project.pk).aggregate(n=Sum("person_times"))[
        "n"
    ]
    return Figures(people_served=people, person_times=int(times or 0))


def _figures(project: ServiceProject, memo: dict[str, Any]) -> Figures:
    """Both numbers at once, shared by the indicators of one reading (`memo` lives for one
    call of indicator_progress), so people served and person-times cost one computation."""
    if "served" not in memo:
        memo["served"] = served_for_project(project)
    figures: Figures = memo["served"]
    return figures


@register_metric("people_served")
def people_served(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(_figures(project, memo).people_served)


@register_metric("person_times")
def person_times(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(_figures(project, memo).person_times)


@register_metric("cases_opened")
def cases_opened(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(project.cases.count())


@register_metric("cases_closed")
def cases_closed(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(project.cases.filter(stage="closed").count())


@register_metric("group_sessions")
def group_sessions(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    from shequ.delivery.models import GroupSession

    return Decimal(GroupSession.objects.filter(group__project=project, held=True).count())


@register_metric("activities")
def activities(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(project.activities.count())


# the same metrics for many projects at once (the workbench's indicators behind schedule)


def _per_project(qs: Any, path: str = "project_id", value: Any = None) -> dict[int, Decimal]:
    """{project id: the count of `qs`'s rows (or the sum of `value`)} in one query."""
    rows = qs.values(path).annotate(n=value or Count("pk")).values_list(path, "n")
    return {pk: Decimal(n or 0) for pk, n in rows}


@register_metric_bulk("people_served")
def people_served_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    return _per_project(ServedProject.objects.filter(project_id__in=project_ids))


@register_metric_bulk("person_times")
def person_times_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    rows = PersonTimesMonth.objects.filter(project_id__in=project_ids)
    return _per_project(rows, value=Sum("person_times"))


@register_metric_bulk("cases_opened")
def cases_opened_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    from shequ.delivery.models import Case

    return _per_project(Case.objects.filter(project_id__in=project_ids))


@register_metric_bulk("cases_closed")
def cases_closed_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    from shequ.delivery.models import Case

    return _per_project(Case.objects.filter(project_id__in=project_ids, stage="closed"))


@register_metric_bulk("group_sessions")
def group_sessions_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    from shequ.delivery.models import GroupSession

    qs = GroupSession.objects.filter(group__project_id__in=project_ids, held=True)
    return _per_project(qs, "group__project_id")


@register_metric_bulk("activities")
def activities_bulk(project_ids: list[int]) -> dict[int, Decimal]:
    from shequ.delivery.models import Activity

    return _per_project(Activity.objects.filter(project_id__in=project_ids))
