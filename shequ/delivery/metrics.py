"""The project metrics that service records compute."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum

from shequ.delivery.figures import Figures
from shequ.delivery.models import PersonTimesMonth, ServedProject
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import register_metric


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
