"""The figures of a dashboard as an Excel workbook that can be summed (the download and the
impact report's workbook are the same figures): a title row naming the division and the period,
numbers stored as numbers with their formats, the figures' labels (never their codes), a summary
sheet and then one sheet per programme with its figures, breakdowns and monthly trends, each
with a native Excel chart beside the table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shequ.core.spreadsheet import Percent, SheetChart, TitledSheet, write_titled_workbook
from shequ.figures.registry import SECTION_LABELS, SECTIONS, Scope
from shequ.stats.cards import chart_kind, ranked
from shequ.stats.dashboard import HIDDEN, TREND_FIGURES, Result, trend

Sheet = tuple[str, list[str], list[list[Any]]]


def number(value: Any, text: str) -> Any:
    """The number as a number, or the text where it is not disclosed ("<5")."""
    return text if text == HIDDEN or value is None else value


def change_share(result: Result) -> Any:
    """The change as a share of the period before (a number in percent format), or ""."""
    if not result.change:
        return ""
    previous = Decimal(result.previous or 0)
    return Percent(float((Decimal(result.value) - previous) / previous))


def figure_row(result: Result) -> list[Any]:
    return [
        str(result.figure.label),
        result.unit_text,
        number(result.value, result.text),
        number(result.previous, result.previous_text) if result.previous_text else "",
        change_share(result),
    ]


def _parts_block(title: str, unit: str, kind: str, parts: list[list[Any]], rows: list[Any]) -> Any:
    """Appends a titled block of parts (label, "", value) to `rows`; its chart."""
    rows += [[], [title, unit]]
    first = len(rows)
    rows += parts
    return SheetChart(kind, title, first, len(rows) - 1)


def _section_rows(
    scope: Scope, mine: list[Result], published: bool
) -> tuple[list[list[Any]], list[SheetChart]]:
    """The programme's figures, then each breakdown and each monthly trend as a block of rows
    with its native chart (of the kind the dashboard draws it)."""
    rows: list[list[Any]] = [figure_row(r) for r in mine]
    charts = []
    for result in mine:
        for _key, (label, cells) in result.breakdowns.items():
            if not cells:
                continue
            kind = chart_kind(len(cells))
            ordered_cells = ranked(cells) if kind == "ranked" else cells
            parts = [[c.label, "", number(c.value, c.text)] for c in ordered_cells]
            title = f"{result.figure.label} {label}"
            charts.append(_parts_block(title, result.unit_text, kind, parts, rows))
        if result.figure.key in TREND_FIGURES:
            months = trend(scope, result, published)
            if months:
                parts = [[m.label, "", number(value, text)] for m, value, text in months]
                title = _("%(figure)s by month") % {"figure": result.figure.label}
                line = chart_kind(len(parts), over_time=True)
                charts.append(_parts_block(title, result.unit_text, line, parts, rows))
    return rows, charts


def figures_workbook(
    scope: Scope, results: list[Result], extra: Sequence[Sheet] = (), *, published: bool = False
) -> bytes:
    period = scope.period
    caption = _("%(division)s, %(period)s (%(start)s to %(end)s)") % {
        "division": scope.division.name,
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    headers = [_("figure"), _("unit"), period.label, period.previous().label, _("change")]
    widths = (28, 10, 16, 16, 10)
    sheets = [TitledSheet(_("figures"), caption, headers, [figure_row(r) for r in results], widths)]
    for section in SECTIONS:
        mine = [r for r in results if r.figure.section == section]
        if not mine:
            continue
        rows, charts = _section_rows(scope, mine, published)
        label = str(SECTION_LABELS[section])
        sheets.append(TitledSheet(label, f"{label} · {caption}", headers, rows, widths, charts))
    for title, columns, extra_rows in extra:
        if extra_rows:
            sheets.append(TitledSheet(title, f"{title} · {caption}", columns, extra_rows, (30, 60)))
    return write_titled_workbook(sheets)
