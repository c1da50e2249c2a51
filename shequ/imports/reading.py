"""Reading an uploaded table (.xlsx or .csv) safely. Anything that is not a plain table gets a
clear message and nothing is read: a renamed binary, an empty sheet, merged cells, formulas,
wrong headers, a file over the size limit."""

from __future__ import annotations

import csv
import io
import re
import time
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
    stream: IO[bytes], name: str, columns: list[Column], *, as_typed: bool = False
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as the user sees it, {column key: value}) for every non-empty row but the
    template's example row; `as_typed` keeps the values as the user typed them (是 stays 是), for
    the file of problems the user corrects and uploads again."""
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
    rows = _read_xlsx(stream, columns) if kind == "xlsx" else _read_csv(stream, columns)
    first = columns[0].key
    for row_number, values in rows:
        if is_example(values.get(first)):
            continue
        yield row_number, values if as_typed else _convert(values, columns)


# The template's example row starts with this mark; a file that still holds it imports the
# other rows and ignores it.
EXAMPLE_MARK = "示例："


def is_example(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith(EXAMPLE_MARK)


@dataclass(frozen=True)
class Limits:
    """What one import may cost, checked before reading (from the archive's directory) and
    while reading (counted as the XML streams): a small file cannot expand into a large one."""

    unpacked_bytes: int  # the workbook's parts, decompressed, all together
    ratio: int  # a part's decompressed size over its compressed size
    rows: int
    cells: int
    seconds: float
    parts: int = 1000


def limits() -> Limits:
    from django.conf import settings

    return Limits(
        unpacked_bytes=int(getattr(settings, "SHEQU_IMPORT_MAX_UNPACKED_MB", 100)) * 1024 * 1024,
        ratio=int(getattr(settings, "SHEQU_IMPORT_MAX_RATIO", 100)),
        rows=int(getattr(settings, "SHEQU_IMPORT_MAX_ROWS", 100_000)),
        cells=int(getattr(settings, "SHEQU_IMPORT_MAX_CELLS", 2_000_000)),
        seconds=float(getattr(settings, "SHEQU_IMPORT_MAX_SECONDS", 300)),
    )


def _over(what: str) -> BadFile:
    return BadFile(
        _("The file is too big to import (%(what)s). Split it into smaller files.")
        % {"what": what},
        field="file",
        code="too_large",
    )


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _over(_("more than %(s)d seconds") % {"s": int(self.seconds)})


class _Budget(io.RawIOBase):
    """A part of the archive, read through a counter: past the budget, reading stops."""

    def __init__(self, raw: IO[bytes], budget: list[int], clock: _Clock) -> None:
        self.raw = raw
        self.budget = budget
        self.clock = clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self.clock.check()
        data = self.raw.read(min(len(buffer), 1 << 16))
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            raise _over(_("more than %(mb)d MB unpacked") % {"mb": limits().unpacked_bytes >> 20})
        buffer[: len(data)] = data
        return len(data)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _not_a_table() -> BadFile:
    return BadFile(
        _("This is not a spreadsheet (.xlsx or .csv)."), field="file", code="not_a_table"
    )


def inspect_xlsx(stream: IO[bytes], bounds: Limits | None = None) -> int:
    """Check an .xlsx by parsing its XML, streaming, within the bounds: no macros, no external
    links, no formulas, no merged cells, at most so many rows and cells. Nothing is kept but
    counters. Answers the number of data rows of the first sheet."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    bounds = bounds or limits()
    clock = _Clock(bounds.seconds)
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise _not_a_table() from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _not_a_table()
    if len(infos) > bounds.parts:
        raise _over(_("%(n)d parts") % {"n": len(infos)})
    declared = sum(i.file_size for i in infos)
    if declared > bounds.unpacked_bytes:
        raise _over(_("%(mb)d MB unpacked") % {"mb": declared >> 20})
    for info in infos:
        if info.file_size > (1 << 20) and info.file_size > bounds.ratio * max(
            info.compress_size, 1
        ):
            raise _over(
                _("a part expands %(x)d times")
                % {"x": info.file_size // max(info.compress_size, 1)}
            )
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.startswith("xl/activex/") for n in lowered):
        raise BadFile(
            _("The workbook contains macros: save it as a plain .xlsx workbook."),
            field="file",
            code="macros",
        )
    if any(n.startswith("xl/externallinks/") for n in lowered):
        raise BadFile(
            _("The workbook links to other files: paste values only, then save it again."),
            field="file",
            code="external_links",
        )
    budget = [bounds.unpacked_bytes]
    sheets = sorted(
        (n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")),
        key=lambda n: (len(n), n),
    )
    first_rows = 0
    rows = cells = 0
    try:
        for part in ["[Content_Types].xml", "xl/workbook.xml", *sheets]:
            if part not in names:
                continue
            reader = io.BufferedReader(_Budget(archive.open(part), budget, clock), 1 << 16)
            row_in_sheet = 0
            cell_ref = ""
            for event, element in iterparse(reader, events=("start", "end")):
                tag = _local(element.tag)
                if event == "start":
                    if tag == "c":
                        cells += 1
                        cell_ref = element.get("r", "")
                        if cells > bounds.cells:
                            raise _over(_("more than %(n)d cells") % {"n": bounds.cells})
                    elif tag == "row":
                        rows += 1
                        row_in_sheet += 1
                        if rows > bounds.rows + 1:
                            raise _over(_("more than %(n)d rows") % {"n": bounds.rows})
                        clock.check()
                    elif tag == "f":
                        number = re.sub(r"\D", "", cell_ref) or str(row_in_sheet)
                        raise BadFile(
                            _("Row %(row)d has a formula; paste values only.")
                            % {"row": int(number)},
                            field="file",
                            code="formula",
                        )
                    elif tag == "mergeCell":
                        raise BadFile(
                            _(
                                "The sheet has merged cells: unmerge them so that every row is "
                                "one resident."
                            ),
                            field="file",
                            code="merged_cells",
                        )
                    elif tag == "externalReference" or (
                        tag == "Override" and "macroEnabled" in (element.get("ContentType") or "")
                    ):
                        raise BadFile(
                            _(
                                "The workbook contains macros or links to other files: save it "
                                "as a plain .xlsx workbook."
                            ),
                            field="file",
                            code="macros",
                        )
                elif tag in ("row", "c", "sheetData"):
                    element.clear()  # keep nothing: memory stays flat however long the sheet
            if part == (sheets[0] if sheets else None):
                first_rows = row_in_sheet
    except (DefusedXmlException, SyntaxError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        if isinstance(exc, BadFile):
            raise
        raise BadFile(
            _("The spreadsheet cannot be read; save it again as .xlsx."),
            field="file",
            code="unreadable",
        ) from None
    finally:
        stream.seek(0)
    return max(0, first_rows - 1)


# A cell that a spreadsheet would run as a formula when the data is exported and opened again
# (CSV injection): =, @, and + or - followed by more than a number or a phone.
_FORMULA_LIKE = re.compile(r"^\s*(?:[=@]|[+-](?![\d\s().-]*$))")


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and bool(_FORMULA_LIKE.match(value))


def _refuse_formula_like(row_number: int, values: dict[str, Any]) -> None:
    if any(formula_like(v) for v in values.values()):
        raise BadFile(
            _(
                "Row %(row)d has a cell starting with =, +, - or @, which a spreadsheet would run "
                "as a formula; remove that first character."
            )
            % {"row": row_number},
            field="file",
            code="formula",
        )


def _read_xlsx(stream: IO[bytes], columns: list[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    bounds = limits()
    inspect_xlsx(stream, bounds)
    clock = _Clock(bounds.seconds)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a forged <dimension> must not pad every row to 16384 cells
    except Exception:
        raise BadFile(
            _("The spreadsheet cannot be read; save it again as .xlsx."),
            field="file",
            code="unreadable",
        ) from None
    try:
        rows = sheet.iter_rows()
        header: Any = None
        for header_cells in rows:
            header = [c.value for c in header_cells]
            break
        if header is None or not any(str(v or "").strip() for v in header):
            raise BadFile(_("The first sheet is empty."), field="file", code="empty_sheet")
        index = _header_index([str(v or "").strip() for v in header], columns)
        found_any = False
        count = 0
        for cells in rows:
            count += 1
            if count > bounds.rows:
                raise _over(_("more than %(n)d rows") % {"n": bounds.rows})
            if count % 1000 == 0:
                clock.check()
            row_number = next((c.row for c in cells if getattr(c, "row", None)), None)
            values = {key: cells[i].value if i < len(cells) else None for key, i in index.items()}
            if row_number is None or not any(v not in (None, "") for v in values.values()):
                continue
            _refuse_formula_like(row_number, values)
            found_any = True
            yield row_number, values
        if not found_any:
            raise BadFile(
                _("The sheet has a header but no rows."), field="file", code="empty_sheet"
            )
    finally:
        workbook.close()


def count_rows(stream: IO[bytes]) -> int:
    """How many data rows the file has (for the progress bar). An .xlsx is inspected in full
    (streaming, within the bounds): a file over a bound is refused here, before any row is read."""
    head = stream.read(8)
    stream.seek(0)
    if sniff(head) == "xlsx":
        return inspect_xlsx(stream)
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
    bounds = limits()
    clock = _Clock(bounds.seconds)
    found_any = False
    cells = 0
    for row_number, raw in enumerate(reader, start=2):
        cells += len(raw)
        if row_number - 1 > bounds.rows:
            raise _over(_("more than %(n)d rows") % {"n": bounds.rows})
        if cells > bounds.cells:
            raise _over(_("more than %(n)d cells") % {"n": bounds.cells})
        if row_number % 1000 == 0:
            clock.check()
        values = {key: raw[i] if i < len(raw) else "" for key, i in index.items()}
        if any((v or "").strip() for v in values.values()):
            _refuse_formula_like(row_number, values)
            found_any = True
            yield row_number, values
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
