"""Writing tables for download (Excel and CSV) safely: a cell that would start a formula
(`=`, `+`, `-`, `@`, and tab/carriage return) is neutralized with a leading apostrophe, so that
opening an export never runs anything. Excel is written in openpyxl's write-only mode, so
memory stays flat whatever the number of rows, and looks finished: an optional title row (the
scope and the time of the export), columns as wide as their first rows, the header frozen and
filtered, dates and numbers typed with their formats."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
        return value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "Sheet1",
    title: str | None = None,
) -> bytes:
    """One sheet; `title` (an export's scope and time) goes in a row above the headers. A file
    meant to be uploaded again (an import template) has none: its first row is the header."""
    return write_workbook([(sheet_title, headers, rows)], title=title)


Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]

WIDTH_SAMPLE = 200  # rows read to size the columns
MAX_WIDTH = 60
FORMATS: tuple[tuple[type, str], ...] = (
    (datetime, "yyyy-mm-dd hh:mm"),
    (date, "yyyy-mm-dd"),
    (bool, "General"),
    (int, "0"),
    (Decimal, "#,##0.00"),
    (float, "#,##0.00"),
)


def _text_width(value: Any) -> int:
    """Columns to show a value: a CJK character takes two."""
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _typed(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    value = safe_cell(value)
    fmt = next((f for kind, f in FORMATS if isinstance(value, kind)), None)
    if fmt is None or fmt == "General":
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = fmt
    return cell


def write_workbook(sheets: Sequence[Sheet], *, title: str | None = None) -> bytes:
    """A workbook of several sheets, each (title, headers, rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for sheet_title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(sheet_title)[:31])
        iterator = iter(rows)
        sample = list(islice(iterator, WIDTH_SAMPLE))
        for i, header in enumerate(headers, start=1):
            widest = max(
                [_text_width(header), *(_text_width(r[i - 1]) for r in sample if len(r) >= i)]
            )
            sheet.column_dimensions[_column_letter(i)].width = min(MAX_WIDTH, widest + 2)
        header_row = 2 if title else 1
        sheet.freeze_panes = f"A{header_row + 1}"
        if title:
            heading = WriteOnlyCell(sheet, value=str(title))
            heading.font = Font(bold=True, size=13)
            sheet.append([heading])
        bold = []
        for h in headers:
            cell = WriteOnlyCell(sheet, value=str(h))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        count = 0
        for row in chain(sample, iterator):
            sheet.append([_typed(sheet, v) for v in row])
            count += 1
        if headers:
            last = _column_letter(len(headers))
            sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_title(subject: str, scope: str) -> str:
    """The title row of an export: what, for which division, and when (the local time)."""
    return f"{subject} · {scope} · {timezone.localtime():%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class SheetChart:
    """A native chart of some rows of a titled sheet: `first` to `last` (indexes into its rows,
    inclusive), the labels in column 1 and the values in `column`. `kind` is "line", "bar", or
    "ranked" (horizontal bars)."""

    kind: str
    title: str
    first: int
    last: int
    column: int = 3


@dataclass(frozen=True)
class TitledSheet:
    """A sheet that can be summed: a title row (what and when), the column headers, then rows
    whose numbers stay numbers (integers as #,##0, decimals as #,##0.00, `Percent` as 0.0%);
    its charts stand to the right of the table."""

    title: str
    caption: str
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int] = ()
    charts: Sequence[SheetChart] = ()


@dataclass(frozen=True)
class Percent:
    """A share (0.184 is 18.4%), written as a number in percent format."""

    value: float


def write_titled_workbook(sheets: Sequence[TitledSheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for sheet_data in sheets:
        sheet = workbook.create_sheet(title=_sheet_title(sheet_data.title))
        for index, width in enumerate(sheet_data.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        caption = WriteOnlyCell(sheet, value=safe_cell(sheet_data.caption))
        caption.font = Font(bold=True, size=13)
        sheet.append([caption])
        headers = []
        for header in sheet_data.headers:
            cell = WriteOnlyCell(sheet, value=safe_cell(str(header)))
            cell.font, cell.fill = bold, fill
            headers.append(cell)
        sheet.append(headers)
        for row in sheet_data.rows:
            sheet.append([_typed_number(sheet, value) for value in row])
        beside = get_column_letter(len(sheet_data.widths or sheet_data.headers) + 2)
        for index, chart in enumerate(sheet_data.charts):
            sheet.add_chart(_native_chart(sheet, chart), f"{beside}{3 + 16 * index}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER_ROWS = 2  # the title row and the column headers


def _native_chart(sheet: Any, spec: SheetChart) -> Any:
    """An Excel chart (not a picture) of the rows, so that it follows the numbers if edited."""
    from openpyxl.chart import BarChart, LineChart, Reference

    chart = LineChart() if spec.kind == "line" else BarChart()
    if spec.kind == "ranked":
        chart.type = "bar"  # horizontal
    chart.title = spec.title
    chart.legend = None
    chart.height, chart.width = 7.5, 15
    first, last = spec.first + HEADER_ROWS + 1, spec.last + HEADER_ROWS + 1
    values = Reference(sheet, min_col=spec.column, min_row=first, max_row=last)
    chart.add_data(values, titles_from_data=False)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    return chart


def _sheet_title(title: str) -> str:
    """Excel refuses []:*?/ and the backslash in a sheet name, and over 31 characters."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"


def _typed_number(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Percent):
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.number_format = "0.0%"
        return cell
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return safe_cell(value)
    cell = WriteOnlyCell(sheet, value=value)
    whole = isinstance(value, int) or value == int(value)
    cell.number_format = "#,##0" if whole else "#,##0.00"
    return cell


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
