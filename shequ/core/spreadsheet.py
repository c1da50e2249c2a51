"""Writing tables for download (Excel and CSV) safely: a cell that would start a formula
(`=`, `+`, `-`, `@`, and tab/carriage return) is neutralized with a leading apostrophe, so that
opening an export never runs anything. Excel is written in openpyxl's write-only mode, so
memory stays flat whatever the number of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
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
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_title: str = "Sheet1"
) -> bytes:
    return write_workbook([(sheet_title, headers, rows)])


Sheet = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]


def write_workbook(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each (title, headers, rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class TitledSheet:
    """A sheet that can be summed: a title row (what and when), the column headers, then rows
    whose numbers stay numbers (integers as #,##0, decimals as #,##0.00, `Percent` as 0.0%)."""

    title: str
    caption: str
    headers: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int] = ()


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
            sheet.append([_typed(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """Excel refuses []:*?/ and the backslash in a sheet name, and over 31 characters."""
    return "".join(c for c in str(title) if c not in "[]:*?/\\")[:31] or "Sheet"


def _typed(sheet: Any, value: Any) -> Any:
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
