"""People served and person-times, exact for any division, period, project, method and area.

Whole months come from the roll-ups; the partial months at either end of the period come from
the records themselves. People served is the number of distinct residents in the union of both
parts, so that nobody served twice in the period is counted twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet, Sum

from shequ.delivery.models import HeadcountMonth, ServedMonth, ServiceRecord


@dataclass(frozen=True)
class Figures:
    people_served: int
    person_times: int


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def split_period(
    start: date, end: date
) -> tuple[list[tuple[date, date]], tuple[date, date] | None]:
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


def served_figures(
    *,
    prefix: str,
    start: date,
    end: date,
    project_id: int | None = None,
    method: str | None = None,
    area_id: int | None = None,
) -> Figures:
    """Figures for the division whose codes start with `prefix` (the caller has checked that it
    lies in the user's reach)."""
    partial, whole = split_period(start, end)
    rollup_filter: dict[str, Any] = {"division_code__startswith": prefix}
    record_filter: dict[str, Any] = {"division__code__startswith": prefix}
    if project_id is not None:
        rollup_filter["project_id"] = project_id
        record_filter["project_id"] = project_id
    if method:
        rollup_filter["method"] = method
        record_filter["method"] = method
    if area_id is not None:
        rollup_filter["area_id"] = area_id
        record_filter["area_id"] = area_id

    resident_sets: list[QuerySet[Any]] = []
    person_times = 0
    if whole is not None:
        months = ServedMonth.objects.filter(**rollup_filter, month__range=whole)
        resident_sets.append(months.order_by().values("resident_id").distinct())
        person_times += months.aggregate(n=Sum("person_times"))["n"] or 0
        person_times += (
            HeadcountMonth.objects.filter(**rollup_filter, month__range=whole).aggregate(
                n=Sum("person_times")
            )["n"]
            or 0
        )
    for low, high in partial:
        records = ServiceRecord.objects.filter(**record_filter, served_on__range=(low, high))
        resident_sets.append(
            records.filter(resident__isnull=False).order_by().values("resident_id").distinct()
        )
        person_times += records.order_by().aggregate(n=Sum("headcount"))["n"] or 0
    union = resident_sets[0]
    if len(resident_sets) > 1:
        union = union.union(*resident_sets[1:])  # UNION drops duplicates: distinct residents
    return Figures(people_served=union.count(), person_times=int(person_times))
