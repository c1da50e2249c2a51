"""People served and person-times, exact for any division, period, project, method and area.

A period is read from the coarsest roll-up that fits: whole years from `ServedYear` (when no
project, method or area is asked for), whole months from `ServedMonth`, and the partial months
at either end from the records themselves. People served is the number of distinct residents in
the union of those parts, so nobody served twice in the period is counted twice. Person-times
come from `PersonTimesMonth` (a few rows per community and month) plus the partial days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum

from shequ.delivery.models import PersonTimesMonth, ServedMonth, ServedYear, ServiceRecord

Span = tuple[date, date]


@dataclass(frozen=True)
class Figures:
    people_served: int
    person_times: int


@dataclass(frozen=True)
class Plan:
    """How a period is read: whole years, spans of whole months, and partial day ranges."""

    years: tuple[int, int] | None = None
    months: list[Span] = field(default_factory=list)
    days: list[Span] = field(default_factory=list)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def split_period(start: date, end: date) -> tuple[list[Span], Span | None]:
    """Partial ranges (read from records) and the span of whole months (read from roll-ups)."""
    first_whole = start if start.day == 1 else _next_month(start)
    after_last_whole = _month_start(end + timedelta(days=1))
    if first_whole >= after_last_whole:
        return [(start, end)], None
    partial = []
    if start < first_whole:
        partial.append((start, first_whole - timedelta(days=1)))
    if after_last_whole <= end:
        partial.append((after_last_whole, end))
    return partial, (first_whole, after_last_whole - timedelta(days=1))


def plan_period(start: date, end: date, *, use_years: bool) -> Plan:
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    if not use_years or first_year > last_year:
        partial, whole = split_period(start, end)
        return Plan(months=[whole] if whole else [], days=partial)
    plan = Plan(years=(first_year, last_year))
    ends = []
    if start < date(first_year, 1, 1):
        ends.append((start, date(first_year, 1, 1) - timedelta(days=1)))
    if end > date(last_year, 12, 31):
        ends.append((date(last_year + 1, 1, 1), end))
    for low, high in ends:
        partial, whole = split_period(low, high)
        plan.days.extend(partial)
        if whole:
            plan.months.append(whole)
    return plan


def served_figures(
    *,
    start: date,
    end: date,
    prefix: str = "",
    project_id: int | None = None,
    method: str | None = None,
    area_id: int | None = None,
) -> Figures:
    """Figures for the division whose codes start with `prefix` (the caller has checked that it
    lies in the user's reach; a project's figures need no prefix: the project bounds them)."""
    rollup: dict[str, Any] = {}
    records: dict[str, Any] = {}
    if prefix:
        rollup["division_code__startswith"] = prefix
        records["division__code__startswith"] = prefix
    for name, value in (("project_id", project_id), ("area_id", area_id), ("method", method)):
        if value is not None and value != "":
            rollup[name] = value
            records[name] = value
    # the year roll-up knows residents, years and communities only
    plan = plan_period(start, end, use_years=set(rollup) <= {"division_code__startswith"})

    resident_sets: list[QuerySet[Any]] = []
    month_spans = list(plan.months)
    if plan.years is not None:
        first, last = plan.years
        years = ServedYear.objects.filter(year__range=(first, last))
        if prefix:
            years = years.filter(division_code__startswith=prefix)
        resident_sets.append(years.order_by().values("resident_id").distinct())
        month_spans.append((date(first, 1, 1), date(last, 12, 1)))
    for span in plan.months:
        months = ServedMonth.objects.filter(**rollup, month__range=span)
        resident_sets.append(months.order_by().values("resident_id").distinct())
    person_times = 0
    for span in month_spans:
        person_times += (
            PersonTimesMonth.objects.filter(**rollup, month__range=span).aggregate(
                n=Sum("person_times")
            )["n"]
            or 0
        )
    for low, high in plan.days:
        day_records = ServiceRecord.objects.filter(**records, served_on__range=(low, high))
        resident_sets.append(
            day_records.filter(resident__isnull=False).order_by().values("resident_id").distinct()
        )
        person_times += day_records.order_by().aggregate(n=Sum("headcount"))["n"] or 0
    union = resident_sets[0]
    if len(resident_sets) > 1:
        union = union.union(*resident_sets[1:])  # UNION drops duplicates: distinct residents
    return Figures(people_served=union.count(), person_times=int(person_times))
