"""Reading an uploaded table (.xlsx or .csv) safely. Anything that is not a plain table gets a
clear message and nothing is read: a renamed binary, an empty sheet, merged cells, formulas,
wrong headers, a file over the size limit."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024


class BadFile(InvalidInput):
    default_code = "bad_file"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of the template
    required: bool = False
    aliases: tuple[str, ...] = ()
    kind: str = "text"  # text, date, bool


def _header_index(headers: list[str], columns: list[Column]) -> dict[str, int]:
    clean = [re.sub(r"\s|\*", "", h or "") for h in headers]
    index: dict[str, int] = {}
    for col in columns:
        names = {col.header, col.key, *col.aliases}
        for i, h in enumerate(clean):
            if h in names:
                index[col.key] = i
                break
    missing = [c.header for c in columns if c.required and c.key not in index]
    if missing:
        raise BadFile(
            _(
                "The header row lacks the column(s): %(cols)s. Download the template to see the "
                "expected headers."
            )
            % {"cols": "、".join(missing)},
            field="file",
            code="bad_headers",
        )
    return index


def sniff(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if b"\x00" in head[:4096]:
        return "binary"
    return "csv"


def read_rows(
    stream: IO[bytes], name: str, columns: list[Column]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as the user sees it, {column key: value}) for every non-empty row."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise BadFile(_("The file is empty."), field="file", code="empty")
    if size > MAX_BYTES:
        raise BadFile(
            _("The file is %(mb).0f MB; the limit is %(limit)d MB. Split it into smaller files.")
            % {"mb": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024},
            field="file",
            code="too_large",
        )
    kind = sniff(stream.read(8192))
    stream.seek(0)
    if kind == "xls":
        raise BadFile(
            _("Old .xls files are not supported: save it as .xlsx in Excel or WPS."),
            field="file",
            code="xls",
        )
    if kind == "binary":
        raise BadFile(
            _("This is not a spreadsheet (.xlsx or .csv)."), field="file", code="not_a_table"
        )
    if kind == "xlsx":
        yield from _read_xlsx(stream, columns)
    else:
        yield from _read_csv(stream, columns)


FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*><f[ >/]')


def _scan_sheet_xml(archive: zipfile.ZipFile, sheet: str) -> None:
    """Refuse merged cells and formulas, found in the sheet's XML without loading it."""
    tail = b""
    with archive.open(sheet) as sheet_xml:
        for chunk in iter(lambda: sheet_xml.read(1 << 20), b""):
            data = tail + chunk
            if b"<mergeCell " in data:
                raise BadFile(
                    _(
                        "The sheet has merged cells: unmerge them so that every row is "
                        "one resident."
                    ),
                    field="file",
                    code="merged_cells",
                )
            formula = FORMULA_CELL.search(data)
            if formula:
                raise BadFile(
                    _("Row %(row)d has a formula; paste values only.") % {"row": int(formula[2])},
                    field="file",
                    code="formula",
                )
            tail = data[-400:]


def _read_xlsx(stream: IO[bytes], columns: list[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        archive = zipfile.ZipFile(stream)
        names = archive.namelist()
    except zipfile.BadZipFile:
        raise BadFile(
            _("This is not a spreadsheet (.xlsx or .csv)."), field="file", code="not_a_table"
        ) from None
    if "xl/workbook.xml" not in names:
        raise BadFile(
            _("This is not a spreadsheet (.xlsx or .csv)."), field="file", code="not_a_table"
        )
    sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    if sheets:
        _scan_sheet_xml(archive, sheets[0])
    stream.seek(0)
    try:
        sheet = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0)
    except Exception:
        raise BadFile(
            _("The spreadsheet cannot be read; save it again as .xlsx."),
            field="file",
            code="unreadable",
        ) from None
    first_row = (sheet.start or (0, 0))[0] + 1
    rows = iter(sheet.iter_rows())
    header = next(rows, None)
    if header is None or not any(str(v).strip() for v in header):
        raise BadFile(_("The first sheet is empty."), field="file", code="empty_sheet")
    index = _header_index([str(v).strip() for v in header], columns)
    found_any = False
    for offset, cells in enumerate(rows, start=1):
        values = {key: cells[i] if i < len(cells) else None for key, i in index.items()}
        if any(v not in (None, "") for v in values.values()):
            found_any = True
            yield first_row + offset, _convert(values, columns)
    if not found_any:
        raise BadFile(_("The sheet has a header but no rows."), field="file", code="empty_sheet")


def count_rows(stream: IO[bytes]) -> int:
    """About how many data rows the file has (for the progress bar), without parsing it all."""
    head = stream.read(8)
    stream.seek(0)
    if sniff(head) == "xlsx":
        from python_calamine import CalamineWorkbook

        try:
            return max(0, CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0).height - 1)
        except Exception:
            return 0
        finally:
            stream.seek(0)
    count = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    stream.seek(0)
    return max(0, count - 1)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile(
        _("The CSV file is neither UTF-8 nor GB18030 text."), field="file", code="encoding"
    )


def _read_csv(stream: IO[bytes], columns: list[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _decode(stream.read())
    reader = csv.reader(io.StringIO(text))
    headers = next(reader, None)
    if not headers:
        raise BadFile(_("The file is empty."), field="file", code="empty")
    index = _header_index(headers, columns)
    found_any = False
    for row_number, raw in enumerate(reader, start=2):
        values = {key: raw[i] if i < len(raw) else "" for key, i in index.items()}
        if any((v or "").strip() for v in values.values()):
            for v in values.values():
                if isinstance(v, str) and v.startswith("="):
                    raise BadFile(
                        _("Row %(row)d has a formula; paste values only.") % {"row": row_number},
                        field="file",
                        code="formula",
                    )
            found_any = True
            yield row_number, _convert(values, columns)
    if not found_any:
        raise BadFile(_("The sheet has a header but no rows."), field="file", code="empty_sheet")


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
TRUE_WORDS = {"是", "有", "同意", "y", "yes", "true", "1", "√", "✓"}


def _convert(values: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kinds = {c.key: c.kind for c in columns}
    for key, value in values.items():
        kind = kinds[key]
        if kind == "date":
            out[key] = parse_date(value)
        elif kind == "bool":
            out[key] = str(value or "").strip().lower() in TRUE_WORDS
        else:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[key] = "" if value is None else str(value).strip()
    return out


class BadDate(str):
    """A date cell that could not be read: kept as text so that validation can name it."""


def parse_date(value: Any) -> date | BadDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return BadDate(text)
