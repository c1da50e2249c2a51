"""The dashboard of a division and a period: every figure the user may see, with its
breakdowns and the figure of the period before; people counts under 5 shown as "<5" for roles
without the protection permission and in anything published."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from shequ.access.codes import expand_code
from shequ.access.perms import Perm
from shequ.access.rule import covers, get_visible_or_404, reach
from shequ.core.errors import NotFound
from shequ.divisions.models import Division
from shequ.figures.periods import MONTH, Period, month_span
from shequ.figures.registry import (
    FIGURES,
    PEOPLE,
    REPORT_ROWS,
    Cell,
    Figure,
    Number,
    Scope,
    ordered,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

SMALL = 5
HIDDEN = f"<{SMALL}"
VIEW = Perm.STATS_VIEW


def scope_for(user: User, code: str, period: Period) -> Scope:
    """The division (in the user's reach; the first of the reach when none is named)."""
    if not code:
        prefixes = reach(user, VIEW)
        if not prefixes:
            raise NotFound()
        code = prefixes[0].ljust(12, "0")
    try:
        code = expand_code(code)
    except ValueError:
        raise NotFound() from None
    division = get_visible_or_404(Division, user, VIEW, code=code)
    return Scope(user=user, division=division, period=period)


def may_see(scope: Scope, figure: Figure) -> bool:
    """The figure's permission held over the whole division of the dashboard (a permission
    held elsewhere does not open this division's figures)."""
    code = scope.division.code
    return not figure.permissions or any(covers(scope.user, p, code) for p in figure.permissions)


def may_drill(scope: Scope, figure: Figure) -> bool:
    """The records behind a figure: their permission held over the whole division, so every
    record of the list lies in the user's reach for it."""
    code = scope.division.code
    return not figure.drill_permissions or any(
        covers(scope.user, p, code) for p in figure.drill_permissions
    )


def registered_rows(kind: str, scope: Scope) -> list[list[Any]]:
    """The rows a domain app registered beside the figures (figures/registry.REPORT_ROWS:
    partners, cases, targets), for a user who may see the figure they stand beside."""
    entry = REPORT_ROWS.get(kind)
    if entry is None or (entry.figure is not None and not may_see(scope, FIGURES[entry.figure])):
        return []
    return entry.rows(scope)


def suppresses(scope: Scope, published: bool = False) -> bool:
    """Small people counts are hidden unless the user holds the protection permission over
    the whole division (and never in anything published)."""
    return published or not covers(scope.user, Perm.PROTECTION_VIEW, scope.division.code)


def shown(value: Number, unit: str, suppress: bool) -> str:
    """The value as the user reads it: people under 5 as "<5" when suppressed."""
    if unit == PEOPLE and suppress and 0 < value < SMALL:
        return HIDDEN
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value != value.to_integral() else f"{value:,.0f}"
    return f"{value:,}"


@dataclass
class ShownCell:
    key: str
    label: str
    value: Number
    text: str

    @property
    def hidden(self) -> bool:
        """A small people count shown as "<5": its records are not opened either."""
        return self.text == HIDDEN


@dataclass
class Result:
    figure: Figure
    value: Number
    text: str
    previous: Number | None = None
    previous_text: str = ""
    drill: bool = False
    unit_text: str = ""
    breakdowns: dict[str, tuple[Any, list[ShownCell]]] = field(default_factory=dict)

    @property
    def hidden(self) -> bool:
        return self.text == HIDDEN

    @property
    def change(self) -> str:
        """This period against the last, as a percentage ("" when there is nothing to compare)."""
        if self.previous in (None, 0) or HIDDEN in (self.text, self.previous_text):
            return ""
        assert self.previous is not None
        percent = (Decimal(self.value) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return f"{percent:+.1f}%"


def disclosed(value: Any, text: str) -> Any:
    """The number behind a value as shown, or None where the small count is hidden (an API
    answer or a chart never carries the number the page hides)."""
    return None if text == HIDDEN else value


def _cells(cells: list[Cell], unit: str, suppress: bool) -> list[ShownCell]:
    return [ShownCell(c.key, c.label, c.value, shown(c.value, unit, suppress)) for c in cells]


def dashboard(
    scope: Scope, *, published: bool = False, compare: bool = True, only: str = ""
) -> list[Result]:
    suppress = suppresses(scope, published)
    before = replace(scope, period=scope.period.previous())
    results = []
    for figure in ordered():
        if not may_see(scope, figure) or (only and figure.key != only):
            continue
        now, previous = figure.summarize(scope, before if compare else None)
        result = Result(
            figure=figure,
            value=now.value,
            text=shown(now.value, figure.unit, suppress),
            drill=may_drill(scope, figure),
            unit_text=unit_label(figure.unit),
        )
        if previous is not None:
            result.previous = previous.value
            result.previous_text = shown(previous.value, figure.unit, suppress)
        for key, breakdown in figure.breakdowns.items():
            result.breakdowns[key] = (
                breakdown.label,
                _cells(now.cells.get(key, []), figure.unit, suppress),
            )
        results.append(result)
    return results


TREND_FIGURES = ("people_served", "person_times", "volunteer_hours", "cases_opened")


def months_of(period: Period) -> list[Period]:
    """The calendar months a period spans (none for a period within one month)."""
    months = []
    first = date(period.start.year, period.start.month, 1)
    while first <= period.end:
        months.append(month_span(first, 1, MONTH))
        first = months[-1].end + timedelta(days=1)
    return months if len(months) > 1 else []


def trend(scope: Scope, result: Result, published: bool) -> list[tuple[Period, Number, str]]:
    """The figure in each month of the scope's period (shown like the dashboard's)."""
    suppress = suppresses(scope, published)
    rows = []
    for month in months_of(scope.period):
        value = result.figure.value_in(replace(scope, period=month))
        rows.append((month, value, shown(value, result.figure.unit, suppress)))
    return rows


def children_of(division: Division) -> list[Division]:
    return list(Division.objects.filter(parent=division).order_by("code"))


def comparison(
    scope: Scope, *, published: bool = False
) -> tuple[list[Division], list[dict[str, Any]]]:
    """The divisions one level down side by side: per figure, the value in each."""
    suppress = suppresses(scope, published)
    children = children_of(scope.division)
    rows = []
    for figure in ordered():
        if not may_see(scope, figure):
            continue
        values = [figure.value_in(replace(scope, division=child)) for child in children]
        total = figure.value_in(scope)
        rows.append(
            {
                "figure": figure,
                "cells": [shown(v, figure.unit, suppress) for v in values],
                "values": values,
                "total": shown(total, figure.unit, suppress),
                "additive": figure.additive and sum(values) == total,
            }
        )
    return children, rows


def unit_label(unit: str) -> str:
    return {
        "people": _("people"),
        "times": _("person-times"),
        "count": "",
        "yuan": _("yuan"),
        "hours": _("hours"),
    }.get(unit, "")
