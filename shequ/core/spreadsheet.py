"""Writing tables for download (Excel and CSV) safely: a cell that would start a formula
(`=`, `+`, `-`, `@`, and tab/carriage return) is neutralized with a leading apostrophe, so that
opening an export never runs anything. Excel is written in openpyxl's write-only mode, so
memory stays flat whatever the number of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
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


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
