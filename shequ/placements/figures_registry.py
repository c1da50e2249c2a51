"""The placement figures of the statistics: students placed in the division during the period
(placements that overlap it) and assistants to community secretaries (assignments that overlap
it)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.figures.registry import COUNT, Figure, Scope, register
from shequ.figures.spans import overlapping
from shequ.placements.models import AssistantAssignment, Placement
from shequ.placements.selectors import placement_list


def placements(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[Placement]:
    return Placement.objects.filter(
        overlapping(scope.period), division__code__startswith=scope.prefix
    )


def assistants(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[AssistantAssignment]:
    return AssistantAssignment.objects.filter(
        overlapping(scope.period), placement__division__code__startswith=scope.prefix
    )


register(
    Figure(
        key="placements",
        label=_("Student placements"),
        section="placements",
        unit=COUNT,
        value=lambda scope: placements(scope).count(),
        records=lambda scope, part: (
            placements(scope)
            .filter(pk__in=placement_list(user=scope.user).values("pk"))
            .select_related("student", "division")
            .order_by("start_date", "id")
        ),
        columns=[
            (_("Student"), lambda p: p.student.name),
            (_("Community"), lambda p: p.division.name),
            (_("Start"), lambda p: p.start_date),
            (_("End"), lambda p: p.end_date),
        ],
        drill_permissions=(Perm.PLACEMENT_VIEW, Perm.PLACEMENT_MANAGE),
    )
)

register(
    Figure(
        key="assistants",
        label=_("Assistants to community secretaries"),
        section="placements",
        unit=COUNT,
        value=lambda scope: assistants(scope).count(),
        records=lambda scope, part: (
            assistants(scope)
            .filter(placement__in=placement_list(user=scope.user).values("pk"))
            .select_related("placement__student", "placement__division")
            .order_by("start_date", "id")
        ),
        columns=[
            (_("Student"), lambda a: a.placement.student.name),
            (_("Community"), lambda a: a.placement.division.name),
            (_("Start"), lambda a: a.start_date),
            (_("End"), lambda a: a.end_date),
        ],
        drill_permissions=(Perm.PLACEMENT_VIEW, Perm.PLACEMENT_MANAGE),
    )
)
