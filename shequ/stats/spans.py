"""Small helpers the figure registries share: a period as an aware datetime range, records
that overlap a period, and sums over several periods in one query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Aggregate, Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from shequ.figures.periods import Period


def moments(period: Period) -> tuple[datetime, datetime]:
    """[start, end) of the period as aware datetimes (local time)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(period.start, time.min, tzinfo=tz),
        datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz),
    )


def overlapping(period: Period, start: str = "start_date", end: str = "end_date") -> Q:
    """Records whose [start, end] dates overlap the period."""
    return Q(**{f"{start}__lte": period.end, f"{end}__gte": period.start})


Bounds = tuple[Any, Any]


def day_bounds(period: Period) -> Bounds:
    """[start, end) of the period as dates."""
    return period.start, period.end + timedelta(days=1)


def in_periods(
    qs: QuerySet[Any],
    field: str,
    spans: dict[str, Bounds],
    group: Sequence[str],
    total: Aggregate,
) -> dict[str, list[tuple[Any, ...]]]:
    """One query for several periods: the rows of `qs` whose `field` lies in each named
    [start, end) span, grouped by `group`, as tuples (*group values, total)."""
    inside = {
        name: Q(**{f"{field}__gte": start, f"{field}__lt": end})
        for name, (start, end) in spans.items()
    }
    which = Case(
        *(When(q, then=Value(name)) for name, q in inside.items()), output_field=CharField()
    )
    rows = (
        qs.filter(reduce(or_, inside.values()))
        .annotate(in_period=which)
        .values_list("in_period", *group)
        .annotate(n=total)
        .order_by()
    )
    found: dict[str, list[tuple[Any, ...]]] = {name: [] for name in spans}
    for name, *rest in rows:
        found[name].append(tuple(rest))
    return found


def period_spans(scope: Any, before: Any, bounds: Callable[[Period], Bounds]) -> dict[str, Bounds]:
    """The spans of a figure's summaries: "now" (the scope's period) and "before" (the period
    to compare with, when there is one), over the same division."""
    spans = {"now": bounds(scope.period)}
    if before is not None:
        assert before.division == scope.division
        spans["before"] = bounds(before.period)
    return spans
