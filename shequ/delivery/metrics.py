"""The project metrics that service records compute."""

from __future__ import annotations

from decimal import Decimal

from shequ.delivery.figures import served_figures
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import register_metric


def _figures(project: ServiceProject):  # type: ignore[no-untyped-def]
    return served_figures(
        prefix=project.division.prefix,
        start=project.start_date,
        end=project.end_date,
        project_id=project.pk,
    )


@register_metric("people_served")
def people_served(project: ServiceProject) -> Decimal:
    return Decimal(_figures(project).people_served)


@register_metric("person_times")
def person_times(project: ServiceProject) -> Decimal:
    return Decimal(_figures(project).person_times)


@register_metric("cases_opened")
def cases_opened(project: ServiceProject) -> Decimal:
    return Decimal(project.cases.count())


@register_metric("cases_closed")
def cases_closed(project: ServiceProject) -> Decimal:
    return Decimal(project.cases.filter(stage="closed").count())


@register_metric("group_sessions")
def group_sessions(project: ServiceProject) -> Decimal:
    from shequ.delivery.models import GroupSession

    return Decimal(GroupSession.objects.filter(group__project=project).count())


@register_metric("activities")
def activities(project: ServiceProject) -> Decimal:
    return Decimal(project.activities.count())
