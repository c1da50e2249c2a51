"""Small helpers the figure registries share: a period as an aware datetime range, and
records that overlap a period."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from shequ.stats.periods import Period


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
