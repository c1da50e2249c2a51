"""Exports look finished: a title row, sized columns, a frozen and filtered header, typed cells;
and stay safe (a formula-like text is neutralized)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from shequ.core.spreadsheet import write_xlsx


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_an_export_has_a_title_a_frozen_filtered_header_and_typed_cells():
    rows = [["张三丰长长的名字", date(2026, 12, 7), Decimal("1234.5"), 3, "=1+1"]] * 3
    sheet = _sheet(
        write_xlsx(
            ["姓名", "日期", "金额", "人数", "备注"], rows, sheet_title="t", title="居民 · 东岭社区"
        )
    )
    assert sheet["A1"].value == "居民 · 东岭社区"
    assert [c.value for c in sheet[2]] == ["姓名", "日期", "金额", "人数", "备注"]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:E5"
    assert sheet["B3"].number_format == "yyyy-mm-dd" and sheet["B3"].is_date
    assert sheet["C3"].value == 1234.5 and sheet["C3"].number_format == "#,##0.00"
    assert sheet["D3"].value == 3
    assert sheet["E3"].value == "'=1+1"
    # a CJK name of 8 characters needs about 16 columns; a short header alone would give 6
    assert sheet.column_dimensions["A"].width >= 16
    assert sheet.column_dimensions["D"].width < sheet.column_dimensions["A"].width


def test_a_file_to_upload_again_starts_with_its_header():
    sheet = _sheet(write_xlsx(["姓名*", "性别"], [["张三", "男"]], sheet_title="t"))
    assert [c.value for c in sheet[1]] == ["姓名*", "性别"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:B2"
