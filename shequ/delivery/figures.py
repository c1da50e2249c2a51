"""People served and person-times, exact for any division, period, project, method and area.

A period is read from the coarsest roll-up that fits: its whole months from `ServedYear` (one
row per person and year, with a bitmask of the months served) when no project, method or area
is asked for, else from `ServedMonth`; the partial months at either end from the records
themselves (through an index that holds the resident and the headcount). People served is the
number of distinct residents in the union of those parts, so nobody served twice in the period
is counted twice. Person-times come from `PersonTimesMonth` (a few rows per community and
month) plus the partial days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, QuerySet, Sum

from shequ.delivery.models import PersonTimesMonth, ServedMonth, ServedYear, ServiceRecord

Span = tuple[date, date]


@dataclass(frozen=True)
class Figures:
    people_served: int
    person_times: int


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


FULL_YEAR = (1 << 12) - 1


def year_masks(span: Span) -> dict[int, int]:
    """The months of a span of whole months, as a bitmask per year (bit 0 = January)."""
    first, last = span
    masks: dict[int, int] = {}
    month = first
    while month <= last:
        masks[month.year] = masks.get(month.year, 0) | 1 << (month.month - 1)
        month = _next_month(month)
    return masks


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
    partial, whole = split_period(start, end)
    resident_sets: list[QuerySet[Any]] = []
    person_times = 0
    if whole is not None:
        if set(rollup) <= {"division_code__startswith"}:  # the year roll-up knows no more
            for year, mask in year_masks(whole).items():
                years = ServedYear.objects.filter(year=year)
                if prefix:
                    years = years.filter(division_code__startswith=prefix)
                if mask != FULL_YEAR:
                    years = years.alias(hit=F("months").bitand(mask)).filter(hit__gt=0)
                resident_sets.append(years.order_by().values("resident_id").distinct())
        else:
            months = ServedMonth.objects.filter(**rollup, month__range=whole)
            resident_sets.append(months.order_by().values("resident_id").distinct())
        person_times += (
            PersonTimesMonth.objects.filter(**rollup, month__range=whole).aggregate(
                n=Sum("person_times")
            )["n"]
            or 0
        )
    for low, high in partial:
        day_records = ServiceRecord.objects.filter(**records, served_on__range=(low, high))
        resident_sets.append(
            day_records.filter(resident__isnull=False).order_by().values("resident_id").distinct()
        )
        person_times += day_records.order_by().aggregate(n=Sum("headcount"))["n"] or 0
    union = resident_sets[0]
    if len(resident_sets) > 1:
        union = union.union(*resident_sets[1:])  # UNION drops duplicates: distinct residents
    return Figures(people_served=union.count(), person_times=int(person_times))
