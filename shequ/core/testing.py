"""Helpers for tests that know no app: the query-count check for list pages and endpoints (the
demo world and the API client, which know the whole project, are in `shequ/testing.py`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any


def captured_sql(call: Callable[[], Any]) -> list[str]:
    """The SQL statements `call()` runs, in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return [q["sql"] for q in queries.captured_queries]


def _shape(sql: str) -> str:
    """A statement with its literals and id lists blanked, so that a diff shows the statements
    that were added, not the ones whose values changed."""
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\bIN \([^)]*\)", "IN (...)", sql)
    return re.sub(r"\b\d+\b", "N", sql)


def assert_constant_queries(
    call: Callable[[], Any] | dict[str, Callable[[], Any]], grow: Callable[[], Any]
) -> int:
    """A list page or endpoint runs the same number of queries however many rows it shows:
    `call()` runs, `grow()` adds rows (as many again as there were, say), `call()` runs
    again. On a difference the failure prints the statements added or removed (literals
    blanked): the N+1 is the repeated line. A first, uncounted run warms the caches (the
    user's grants, the catalogues). `call` may be a dict of named calls (the API list and the
    page of the same rows), each counted on its own. Returns the count (the largest of the
    calls), for a test that also bounds it."""
    calls = call if isinstance(call, dict) else {"": call}
    for each in calls.values():
        each()
    before = {name: captured_sql(each) for name, each in calls.items()}
    grow()
    failures = []
    for name, each in calls.items():
        after = captured_sql(each)
        if len(after) == len(before[name]):
            continue
        diff = "\n".join(
            difflib.unified_diff(
                [_shape(q) for q in before[name]],
                [_shape(q) for q in after],
                "before",
                "after",
                lineterm="",
                n=0,
            )
        )
        label = f"{name}: " if name else ""
        failures.append(
            f"{label}{len(before[name])} queries before, {len(after)} after adding rows:\n{diff}"
        )
    if failures:
        raise AssertionError("\n\n".join(failures))
    return max(len(sql) for sql in before.values())


def assert_not_in_reach(answer: tuple[int, Any], field: str) -> None:
    """An API answer to an id in the body that is missing or out of reach: 400 `out_of_reach`
    on that field, with the one message (in Chinese, the default language) for both."""
    status, body = answer
    assert status == 400, body
    assert (body["code"], body["field"]) == ("out_of_reach", field), body
    assert body["message"] == "未找到，或不在您的权限范围内。"


def pdf_qr_payload_is(pdf: bytes, data: str) -> bool:
    """The first page's picture is the QR code of `data` (segno, as `core.pdf.qr_png` draws it):
    every module of the code read from the picture equals the code made from `data`."""
    import io

    import segno
    from pypdf import PdfReader

    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    if not images:
        return False
    picture: Any = images[0].image
    picture = picture.convert("L")
    matrix = segno.make(data, error="m").matrix
    size = len(matrix) + 4  # a border of 2 modules each side
    step = picture.width / size
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            x, y = int((column + 2.5) * step), int((row + 2.5) * step)
            if (picture.getpixel((x, y)) < 128) != bool(dark):
                return False
    return True


def latin_words(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The words in Latin letters of a text meant to be Chinese (a number in `allowed` aside)."""
    for word in allowed:
        text = text.replace(word, "")
    return re.findall(r"[A-Za-z]{2,}", text)


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF written by `core.pdf` (one CJK font, two-byte codes), read
    through the font's ToUnicode map, without spaces. pypdf's own extraction misreads codes of
    0x0100 and above (a document using more than 255 distinct characters)."""
    import io

    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    texts = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        maps: dict[str, dict[int, str]] = {}
        for name, font in fonts.items():
            data = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
            maps[name] = {
                int(code, 16): bytes.fromhex(char).decode("utf-16-be")
                for code, char in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", data)
            }
        current: dict[int, str] = {}
        parts = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = maps.get(operands[0], {})
                continue
            strings = operands[0] if operator == b"TJ" else operands if operator == b"Tj" else []
            for string in strings:
                if not hasattr(string, "get_original_bytes") and not isinstance(string, bytes):
                    continue  # a kerning number in a TJ array
                raw = (
                    string.get_original_bytes() if hasattr(string, "get_original_bytes") else string
                )
                parts += [
                    current.get(int.from_bytes(raw[i : i + 2]), "") for i in range(0, len(raw), 2)
                ]
        texts.append("".join("".join(parts).replace("\x00", "").split()))
    return texts
