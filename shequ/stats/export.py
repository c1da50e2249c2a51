"""The figures of a dashboard as an Excel workbook (the download and the impact report's
workbook are the same figures)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core.spreadsheet import write_workbook
from shequ.figures.registry import Scope
from shequ.stats.dashboard import Result

Sheet = tuple[str, list[str], list[list[Any]]]


def figure_rows(results: list[Result]) -> list[list[Any]]:
    return [
        [r.figure.key, str(r.figure.label), r.text, r.previous_text, r.change, r.unit_text]
        for r in results
    ]


def figures_workbook(scope: Scope, results: list[Result], extra: Sequence[Sheet] = ()) -> bytes:
    period = scope.period
    sheets: list[Sheet] = [
        (
            _("figures"),
            [_("key"), _("figure"), period.label, period.previous().label, _("change"), _("unit")],
            figure_rows(results),
        ),
        (
            _("breakdowns"),
            [_("figure"), pgettext("breakdown", "by"), _("part"), _("value")],
            [
                [str(r.figure.label), str(label), cell.label, cell.text]
                for r in results
                for _key, (label, cells) in r.breakdowns.items()
                for cell in cells
            ],
        ),
        *extra,
    ]
    return write_workbook(sheets)
