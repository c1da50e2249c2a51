"""The service figures of the statistics: people served (distinct residents), person-times
and cases opened, for a division and a period, with their breakdowns and the records behind
them. Calendar periods read the counters and month roll-ups; a custom span reads the records."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from shequ.access.codes import PREFIX_LENGTH, Level
from shequ.access.perms import Perm
from shequ.access.rule import ScopedQuerySet, reach_q
from shequ.delivery import cases as cases_module
from shequ.delivery import selectors as delivery_selectors
from shequ.delivery.figures import served_figures
from shequ.delivery.models import Case, Method, ServiceRecord
from shequ.delivery.people_counts import served_counts
from shequ.divisions.models import Division
from shequ.figures.registry import (
    COUNT,
    PEOPLE,
    TIMES,
    Breakdown,
    Cell,
    Figure,
    Scope,
    Summary,
    register,
)
from shequ.figures.spans import day_bounds, in_periods, period_spans
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.residents.models import Resident

RECORDS = delivery_selectors.VIEW  # service records are read with the projects' permission
CASES = cases_module.VIEW
DIMS = {"method": ("m", "method"), "area": ("a", "area_id"), "project": ("p", "project_id")}
PEOPLE_BREAKDOWNS = [*DIMS, "division"]


def _records(scope: Scope, part: tuple[str, str] | None = None) -> ScopedQuerySet[ServiceRecord]:
    qs = ServiceRecord.objects.filter(
        division__code__startswith=scope.prefix,
        served_on__range=(scope.period.start, scope.period.end),
    )
    if part is None:
        return qs
    kind, key = part
    if kind == "division":
        return qs.filter(division__code__startswith=key)
    return qs.filter(**{DIMS[kind][1]: key})


def _child_level(scope: Scope) -> int:
    return PREFIX_LENGTH[Level(min(scope.division.level + 1, Level.COMMUNITY))]


def _labels(kind: str, keys: list[str]) -> dict[str, str]:
    if kind == "method":
        return {k: str(Method(k).label) if k in Method.values else k for k in keys}
    ids = [int(k) for k in keys if k.isdigit()]
    if kind == "area":
        return {str(a.pk): a.display_name for a in ServiceArea.objects.filter(pk__in=ids)}
    if kind == "project":
        return {str(p.pk): p.name for p in ServiceProject.objects.filter(pk__in=ids)}
    return {
        d.prefix: d.name for d in Division.objects.filter(code__in=[k.ljust(12, "0") for k in keys])
    }


def _cells(kind: str, values: dict[str, Any]) -> list[Cell]:
    labels = _labels(kind, list(values))
    return sorted(
        (Cell(key, labels.get(key, key), value) for key, value in values.items() if value),
        key=lambda c: (-c.value, c.label),
    )


# --- people served -----------------------------------------------------------------------


def _people_in_records(scope: Scope, kind: str) -> dict[str, Any]:
    """A custom span: distinct residents per cell, counted from the records."""
    if kind == "division":  # distinct per child: a resident may be served in two
        field: Any = Substr("division_id", 1, _child_level(scope))
    else:
        field = F(DIMS[kind][1])
    rows = (
        _records(scope)
        .exclude(resident=None)
        .annotate(cell=field)
        .exclude(cell__isnull=True)
        .values("cell")
        .annotate(n=Count("resident", distinct=True))
    )
    return {str(row["cell"]): row["n"] for row in rows}


def _people_summaries(
    scope: Scope, before: Scope | None, cells: bool = True
) -> tuple[Summary, Summary | None]:
    """Calendar periods: the people counters, in one query; a custom span: the records."""
    if not scope.period.key:

        def total(s: Scope) -> int:
            return served_figures(
                prefix=s.prefix, start=s.period.start, end=s.period.end
            ).people_served

        now = Summary(total(scope))
        if cells:
            now.cells = {k: _cells(k, _people_in_records(scope, k)) for k in PEOPLE_BREAKDOWNS}
        return now, (Summary(total(before)) if before is not None else None)
    periods = [scope.period.key] + ([before.period.key] if before is not None else [])
    found = served_counts(
        scope.prefix, periods, dims=cells, child_level=_child_level(scope) if cells else 0
    )["people"]
    now = Summary(found.totals[scope.period.key])
    if cells:
        now.cells = {k: _cells(k, found.by[DIMS[k][0]]) for k in DIMS}
        now.cells["division"] = _cells("division", found.children)
    return now, (Summary(found.totals[before.period.key]) if before is not None else None)


def people_records(scope: Scope, part: tuple[str, str] | None) -> QuerySet[Resident]:
    """The people behind the figure: everyone served by a record in the scope that the user
    reaches, wherever the person lives now (a person who moved away after being served here
    still counts here, so is still listed here)."""
    served = (
        _records(scope, part)
        .filter(reach_q(scope.user, Perm.RESIDENT_VIEW, "division__code"))
        .exclude(resident=None)
        .values("resident_id")
    )
    return Resident.objects.filter(pk__in=served).select_related("division").order_by("name", "id")


register(
    Figure(
        key="people_served",
        label=_("People served"),
        section="services",
        unit=PEOPLE,
        summaries=_people_summaries,
        records=people_records,
        columns=[(_("Name"), lambda r: r.name), (_("Community"), lambda r: r.division.name)],
        breakdowns={
            "method": Breakdown(_("by method")),
            "area": Breakdown(_("by service area")),
            "project": Breakdown(_("by project")),
            "division": Breakdown(_("by division")),
        },
        drill_permissions=(Perm.RESIDENT_VIEW,),
        additive=False,
    )
)


# --- person-times ----------------------------------------------------------------------


def _times_summaries(
    scope: Scope, before: Scope | None, cells: bool = True
) -> tuple[Summary, Summary | None]:
    """Person-times of the period and the one before, by method and by area: calendar periods
    from the counters (one query), a custom span from the records (one query)."""
    if scope.period.key:
        periods = [scope.period.key] + ([before.period.key] if before is not None else [])
        found = served_counts(scope.prefix, periods, dims=cells)["person_times"]
        now = Summary(found.totals[scope.period.key])
        if cells:
            now.cells = {k: _cells(k, found.by[DIMS[k][0]]) for k in ("method", "area")}
        return now, (Summary(found.totals[before.period.key]) if before is not None else None)
    rows = in_periods(
        ServiceRecord.objects.filter(division__code__startswith=scope.prefix),
        "served_on",
        period_spans(scope, before, day_bounds),
        ["method", "area_id"],
        Sum("headcount"),
    )

    def summary(found: list[tuple[Any, ...]], cells: bool) -> Summary:
        methods: dict[str, int] = defaultdict(int)
        areas: dict[str, int] = defaultdict(int)
        for method, area_id, n in found:
            methods[method] += n
            if area_id:
                areas[str(area_id)] += n
        if not cells:
            return Summary(sum(methods.values()))
        return Summary(
            sum(methods.values()),
            {"method": _cells("method", methods), "area": _cells("area", areas)},
        )

    return summary(rows["now"], cells), (
        summary(rows["before"], False) if before is not None else None
    )


register(
    Figure(
        key="person_times",
        label=_("Person-times"),
        section="services",
        unit=TIMES,
        summaries=_times_summaries,
        records=lambda scope, part: (
            _records(scope, part)
            .visible_to(scope.user, RECORDS)
            .select_related("division", "project")
            .order_by("-served_on", "-id")
        ),
        total="headcount",
        columns=[
            (_("Date"), lambda r: r.served_on),
            (_("Method"), lambda r: r.get_method_display()),
            (_("Community"), lambda r: r.division.name),
            (_("Project"), lambda r: r.project.name if r.project else "—"),
            (_("Person-times"), lambda r: r.headcount),
        ],
        breakdowns={
            "method": Breakdown(_("by method")),
            "area": Breakdown(_("by service area")),
        },
        drill_permissions=(RECORDS,),
    )
)


# --- cases -------------------------------------------------------------------------------


def _cases(scope: Scope, part: tuple[str, str] | None = None) -> ScopedQuerySet[Case]:
    qs = Case.objects.filter(
        division__code__startswith=scope.prefix,
        opened_on__range=(scope.period.start, scope.period.end),
    )
    if part and part[0] == "stage":
        qs = qs.filter(stage=part[1])
    return qs


def _cases_summaries(
    scope: Scope, before: Scope | None, cells: bool = True
) -> tuple[Summary, Summary | None]:
    """Cases opened in the period and the one before, by stage, in one query."""
    rows = in_periods(
        Case.objects.filter(division__code__startswith=scope.prefix),
        "opened_on",
        period_spans(scope, before, day_bounds),
        ["stage"],
        Count("id"),
    )
    labels = dict(Case._meta.get_field("stage").choices or [])
    found = sorted(rows["now"])
    now = Summary(
        sum(n for _stage, n in found),
        {"stage": [Cell(st, str(labels.get(st, st)), n) for st, n in found]} if cells else {},
    )
    return now, (Summary(sum(n for _st, n in rows["before"])) if before is not None else None)


register(
    Figure(
        key="cases_opened",
        label=_("Cases opened"),
        section="services",
        unit=COUNT,
        summaries=_cases_summaries,
        records=lambda scope, part: (
            _cases(scope, part)
            .visible_to(scope.user, CASES)
            .select_related("division")
            .order_by("-opened_on", "-id")
        ),
        columns=[
            (_("Opened on"), lambda c: c.opened_on),
            (_("Stage"), lambda c: c.get_stage_display()),
            (_("Community"), lambda c: c.division.name),
        ],
        breakdowns={"stage": Breakdown(_("by stage"))},
        drill_permissions=(CASES,),
    )
)
