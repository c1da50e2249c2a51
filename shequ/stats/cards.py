"""The dashboard's key figures as compact cards: the figure, the period before and the change,
and, where projects set targets for the figure (people served, person-times, cases, volunteer
hours, trainings), the share of the targets reached beside the share of the time elapsed
("完成目标 62%，时间进度 75%"). The breakdowns as compact charts whose kind fits the data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shequ.figures.registry import FIGURES, Scope
from shequ.projects.selectors import BEHIND_SLACK
from shequ.stats.dashboard import ShownCell, disclosed, may_see, registered_rows

# a breakdown of this many parts or fewer is a bar chart; more, a ranked list
FEW = 8


def chart_kind(parts: int, *, over_time: bool = False) -> str:
    """The chart that fits the data: a line for time, a bar for a few categories, a ranked list
    (largest first) for many."""
    if over_time:
        return "line"
    return "bar" if parts <= FEW else "ranked"


@dataclass(frozen=True)
class Progress:
    """The targets of a figure (the projects' indicators measuring it) and how far they are."""

    target: Decimal
    actual: Decimal
    elapsed: float  # the share of the projects' contract periods elapsed, in percent

    @property
    def reached(self) -> float:
        """The share of the targets reached, in percent."""
        return round(float(self.actual * 100 / self.target), 1)

    @property
    def behind(self) -> bool:
        """Reached trails the time elapsed by more than the projects' slack."""
        return self.reached + BEHIND_SLACK < self.elapsed


def progress_by_figure(scope: Scope) -> dict[str, Progress]:
    """{figure key: progress} for the figures the projects in the scope set targets for, for a
    user who may see the projects figure over the division (and the figure itself)."""
    return {
        key: Progress(Decimal(target), Decimal(actual), float(elapsed))
        for key, target, actual, elapsed in registered_rows("figure_targets", scope)
        if key in FIGURES and may_see(scope, FIGURES[key]) and target
    }


def ranked(cells: list[ShownCell]) -> list[ShownCell]:
    """The parts largest first (those not disclosed, "<5", last)."""
    return sorted(cells, key=lambda c: (c.hidden, -c.value))


def chart_rows(cells: list[ShownCell]) -> list[dict[str, Any]]:
    """A breakdown's parts as a chart reads them: label and value (None where the small count
    is hidden: no bar)."""
    return [{"label": c.label, "value": disclosed(float(c.value), c.text)} for c in cells]
