"""Periods of the statistics: a month ("2026-05"), a quarter ("2026Q2"), a year ("2026") or a
custom span of days; each knows its days, its label and the period before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput

YEAR, QUARTER, MONTH, CUSTOM = "year", "quarter", "month", "custom"


def period_keys(month: date) -> tuple[str, str, str]:
    """The year, quarter and month keys of a month."""
    return (
        f"{month.year}",
        f"{month.year}Q{(month.month - 1) // 3 + 1}",
        f"{month.year}-{month.month:02d}",
    )


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def key(self) -> str:
        """The counters' key of a calendar period ("" for a custom span): the format of
        `period_keys`, which delivery/people_counts keeps its counters by."""
        kinds = (YEAR, QUARTER, MONTH)
        return period_keys(self.start)[kinds.index(self.kind)] if self.kind in kinds else ""

    @property
    def label(self) -> str:
        if self.kind == YEAR:
            return _("%(y)s") % {"y": self.start.year}
        if self.kind == QUARTER:
            return _("%(y)s Q%(q)s") % {"y": self.start.year, "q": (self.start.month - 1) // 3 + 1}
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def previous(self) -> Period:
        """The period just before, of the same kind (a custom span: as many days)."""
        if self.kind == YEAR:
            return year(self.start.year - 1)
        if self.kind == QUARTER:
            return month_span(_shift(self.start, -3), 3, QUARTER)
        if self.kind == MONTH:
            return month_span(_shift(self.start, -1), 1, MONTH)
        days = (self.end - self.start).days + 1
        return Period(CUSTOM, self.start - timedelta(days=days), self.start - timedelta(days=1))

    def query(self) -> dict[str, str]:
        """The parameters that name this period in a URL."""
        if self.kind == CUSTOM:
            return {"from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.key}


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_span(first: date, months: int, kind: str) -> Period:
    return Period(kind, first, _shift(first, months) - timedelta(days=1))


def year(value: int) -> Period:
    return Period(YEAR, date(value, 1, 1), date(value, 12, 31))


PERIOD_RE = re.compile(r"^(?P<y>\d{4})(?:(?:Q(?P<q>[1-4]))|(?:-(?P<m>\d{2})))?$")


def parse_period(
    period: str = "", start: str = "", end: str = "", today: date | None = None
) -> Period:
    """`period` is 2026, 2026Q2 or 2026-05; or `start` and `end` are dates (custom). Nothing:
    this year."""
    today = today or date.today()
    if start or end:
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError as exc:
            raise InvalidInput(_("Give both dates as 2026-01-31."), field="from") from exc
        if last < first:
            raise InvalidInput(_("The period ends before it starts."), field="to")
        if (last - first).days > 366 * 10:
            raise InvalidInput(_("At most ten years."), field="to")
        return Period(CUSTOM, first, last)
    if not period:
        return year(today.year)
    match = PERIOD_RE.match(period.strip())
    if not match or not 2000 <= int(match["y"]) <= 2100:
        raise InvalidInput(_("A period is 2026, 2026Q2 or 2026-05."), field="period")
    y = int(match["y"])
    if match["q"]:
        return month_span(date(y, 3 * int(match["q"]) - 2, 1), 3, QUARTER)
    if match["m"]:
        if not 1 <= int(match["m"]) <= 12:
            raise InvalidInput(_("A period is 2026, 2026Q2 or 2026-05."), field="period")
        return month_span(date(y, int(match["m"]), 1), 1, MONTH)
    return year(y)
