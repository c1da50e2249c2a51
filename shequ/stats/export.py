"""The figures of a dashboard as an Excel workbook that can be summed (the download and the
impact report's workbook are the same figures): a title row naming the division and the period,
numbers stored as numbers with their formats, the figures' labels (never their codes), a summary
sheet and then one sheet per programme with its figures and breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shequ.core.spreadsheet import Percent, TitledSheet, write_titled_workbook
from shequ.figures.registry import SECTION_LABELS, SECTIONS, Scope
from shequ.stats.dashboard import HIDDEN, Result

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


def figures_workbook(scope: Scope, results: list[Result], extra: Sequence[Sheet] = ()) -> bytes:
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
        rows: list[list[Any]] = [figure_row(r) for r in mine]
        for result in mine:
            for _key, (label, cells) in result.breakdowns.items():
                if not cells:
                    continue
                rows.append([])
                rows.append([f"{result.figure.label} {label}", result.unit_text])
                rows += [[c.label, "", number(c.value, c.text)] for c in cells]
        label = str(SECTION_LABELS[section])
        sheets.append(TitledSheet(label, f"{label} · {caption}", headers, rows, widths))
    for title, columns, extra_rows in extra:
        if extra_rows:
            sheets.append(TitledSheet(title, f"{title} · {caption}", columns, extra_rows, (30, 60)))
    return write_titled_workbook(sheets)
