"""The figures of the statistics, registered by the apps that hold their records (each app's
`figures_registry.py`): how a figure is computed for a division and a period, its breakdowns,
and the records behind it (the drill-down), whose count (or total) equals the figure. A figure
without records behind it cannot be registered: no figure without provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.divisions.models import Division
from shequ.figures.periods import Period

if TYPE_CHECKING:
    from shequ.accounts.models import User

Number = int | Decimal

PEOPLE, TIMES, COUNT, YUAN, HOURS = "people", "times", "count", "yuan", "hours"

SECTION_LABELS = {
    "projects": _("Government-purchased service projects"),
    "services": _("Services"),
    "volunteers": _("Volunteer service"),
    "trainings": _("Trainings"),
    "placements": _("Student placements"),
    "organizations": _("Community organizations"),
    "needs": _("Residents' needs"),
    "protection": _("Juvenile protection network"),
}
SECTIONS = list(SECTION_LABELS)


@dataclass(frozen=True)
class Scope:
    user: User
    division: Division
    period: Period

    @property
    def prefix(self) -> str:
        return self.division.prefix

    def query(self, **extra: str) -> str:
        """The URL parameters that name this division and period (and `extra`)."""
        from urllib.parse import urlencode

        return urlencode({"division": self.division.code, **self.period.query(), **extra})


@dataclass(frozen=True)
class Cell:
    """One part of a breakdown: its key (for the drill-down), label and value."""

    key: str
    label: str
    value: Number


@dataclass
class Breakdown:
    label: Any
    # the cells of the breakdown; None when the figure's `summaries` gives them
    cells: Callable[[Scope], list[Cell]] | None = None


@dataclass
class Summary:
    """A figure in one period: its value and the cells of each of its breakdowns."""

    value: Number
    cells: dict[str, list[Cell]] = field(default_factory=dict)


# (scope, before, cells): the period, the one before, and whether the breakdowns are wanted
Summaries = Callable[["Scope", "Scope | None", bool], "tuple[Summary, Summary | None]"]


@dataclass(kw_only=True)
class Figure:
    """A figure is computed either by `value` and each breakdown's `cells` (a query each), or
    by `summaries`, which gives the period and the one before (with every breakdown) at once,
    in one query, for the figures that are sums over many rows."""

    key: str
    label: Any
    section: str
    unit: str
    value: Callable[[Scope], Number] | None = None
    summaries: Summaries | None = None
    # the records behind the figure (or behind one cell of a breakdown: `part` is
    # (breakdown key, cell key)), among those the user may see with the drill permission;
    # for a user who holds it over the whole division, their count, or the sum of `total`,
    # equals the value
    records: Callable[[Scope, tuple[str, str] | None], QuerySet[Any]]
    columns: list[tuple[Any, Callable[[Any], Any]]]
    total: str = ""
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    permissions: tuple[Perm, ...] = ()  # any of them is needed to see the figure
    drill_permissions: tuple[Perm, ...] = ()  # any of them is needed to open the records
    # False when the divisions' values do not add up to the total (a person or a project in
    # several divisions counts once; trainings held at this level belong to none below)
    additive: bool = True
    # called with the user and the records shown, for records whose every read is logged
    on_read: Callable[[Any, list[Any]], None] | None = None

    def summarize(
        self, scope: Scope, before: Scope | None = None, *, cells: bool = True
    ) -> tuple[Summary, Summary | None]:
        """The figure in the scope's period (with its breakdowns unless `cells` is False) and,
        when `before` is given, in that period too."""
        if self.summaries is not None:
            return self.summaries(scope, before, cells)
        assert self.value is not None, self.key
        now = Summary(self.value(scope))
        if cells:
            now.cells = {k: b.cells(scope) for k, b in self.breakdowns.items() if b.cells}
        return now, (Summary(self.value(before)) if before is not None else None)

    def value_in(self, scope: Scope) -> Number:
        return self.summarize(scope, cells=False)[0].value

    def drill(self, scope: Scope, part: str = "") -> QuerySet[Any]:
        """The records behind the figure, or behind the cell `part` ("breakdown:key") of one
        of its breakdowns; a part the figure does not break down by, or a key of the wrong
        form, is not found."""
        from shequ.core.errors import NotFound

        if not part:
            return self.records(scope, None)
        kind, _colon, key = part.partition(":")
        if kind not in self.breakdowns or not key:
            raise NotFound()
        try:
            return self.records(scope, (kind, key))
        except (ValueError, TypeError) as exc:  # e.g. a service area that is not a number
            raise NotFound() from exc

    def part_label(self, scope: Scope, part: str) -> str:
        """The words for a cell `part` ("breakdown:key"): the breakdown's label and the cell's
        (性别：女), never the codes of the address."""
        kind, _colon, key = part.partition(":")
        breakdown = self.breakdowns.get(kind)
        if breakdown is None:
            return ""
        cells = self.summarize(scope, cells=True)[0].cells.get(kind, [])
        label = next((c.label for c in cells if str(c.key) == key), key)
        return f"{breakdown.label}：{label}"

    def total_of(self, records: QuerySet[Any]) -> Number:
        """What the records add up to: their count, or the sum of `total`."""
        if self.total:
            return records.order_by().aggregate(n=Sum(self.total))["n"] or Decimal("0")
        return records.count()


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.section not in SECTIONS:
        raise ValueError(f"unknown section {figure.section}")
    if (figure.value is None) == (figure.summaries is None):
        raise ValueError(f"{figure.key}: give either value or summaries")
    if figure.value is not None and any(b.cells is None for b in figure.breakdowns.values()):
        raise ValueError(f"{figure.key}: a breakdown without cells")
    FIGURES[figure.key] = figure
    return figure


def figure_for(key: str) -> Figure:
    from shequ.core.errors import NotFound

    if key not in FIGURES:
        raise NotFound()
    return FIGURES[key]


def ordered() -> list[Figure]:
    return sorted(FIGURES.values(), key=lambda f: SECTIONS.index(f.section))


@dataclass(frozen=True)
class ReportRows:
    """Rows a domain app adds to the impact report beside the figures (notable cases, partners):
    `rows(scope)` gives the table's rows (text, or numbers where the report charts them);
    `figure`, when set, is the figure whose permission the
    requester must hold over the division for the rows to be shown."""

    kind: str
    rows: Callable[[Scope], list[list[Any]]]
    figure: str | None = None


REPORT_ROWS: dict[str, ReportRows] = {}


def register_report_rows(entry: ReportRows) -> ReportRows:
    REPORT_ROWS[entry.kind] = entry
    return entry
