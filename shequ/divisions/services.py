"""Loading and updating the division tree. All or nothing: any malformed code, missing
parent or duplicate is reported with its line number, and nothing is written."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.access.codes import InvalidCode, level_of, parent_code
from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput
from shequ.divisions.models import Division
from shequ.divisions.permissions import may_manage_division

if TYPE_CHECKING:
    from shequ.accounts.models import User


@dataclass
class LineError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d, %(field)s: %(message)s") % {
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)


class DivisionFileInvalid(InvalidInput):
    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(
            _("The file has %(n)d problem(s); nothing was written.") % {"n": len(errors)},
            code="invalid_file",
            errors=[{"code": "invalid", "message": str(e), "field": e.field} for e in errors],
        )
        self.line_errors = errors


def parse_division_csv(text: str) -> tuple[list[tuple[int, str, str]], list[LineError]]:
    """Rows (line number, code, name) of a `code,name` CSV, and the problems found."""
    errors: list[LineError] = []
    rows: list[tuple[int, str, str]] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:2]] != ["code", "name"]:
        return [], [LineError(1, "header", _("The first line must be the header: code,name"))]
    for line_no, raw in enumerate(reader, start=2):
        if not raw or all(not cell.strip() for cell in raw):
            continue
        if len(raw) < 2:
            errors.append(LineError(line_no, "name", _("Two columns expected: code,name")))
            continue
        rows.append((line_no, raw[0].strip(), raw[1].strip()))
    return rows, errors


def division_load(
    *, rows: list[tuple[int, str, str]], by: User | None = None, source: str = ""
) -> LoadResult:
    """Create or rename the divisions in `rows`. `by` is None for the shell (server access);
    otherwise the user needs division.manage over every division touched."""
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    valid: dict[str, tuple[int, str]] = {}
    for line_no, code, name in rows:
        try:
            level_of(code)
        except InvalidCode:
            errors.append(
                LineError(
                    line_no,
                    "code",
                    _("'%(code)s' is not a 12-digit division code.") % {"code": code},
                )
            )
            continue
        if not name:
            errors.append(LineError(line_no, "name", _("The name is empty.")))
            continue
        if len(name) > 100:
            errors.append(LineError(line_no, "name", _("The name is longer than 100 characters.")))
            continue
        if code in seen:
            errors.append(
                LineError(
                    line_no,
                    "code",
                    _("Code %(code)s is already on line %(first)d.")
                    % {"code": code, "first": seen[code]},
                )
            )
            continue
        seen[code] = line_no
        valid[code] = (line_no, name)
    wanted = set(valid) | {parent_code(c) or "" for c in valid}
    existing = {d.code: d for d in Division.objects.filter(code__in=wanted)}
    for code, (line_no, _name) in valid.items():
        parent = parent_code(code)
        if parent and parent not in valid and parent not in existing:
            errors.append(
                LineError(
                    line_no,
                    "code",
                    _(
                        "The parent division %(parent)s of %(code)s "
                        "is neither in the file nor in the database."
                    )
                    % {"parent": parent, "code": code},
                )
            )
        if by is not None and not may_manage_division(by, code):
            errors.append(
                LineError(
                    line_no, "code", _("You may not change division %(code)s.") % {"code": code}
                )
            )
    if errors:
        raise DivisionFileInvalid(sorted(errors, key=lambda e: e.line))
    result = LoadResult()
    with transaction.atomic():
        for code in sorted(valid, key=lambda c: (level_of(c), c)):
            _line, name = valid[code]
            current = existing.get(code)
            if current is None:
                Division.objects.create(
                    code=code, name=name, level=level_of(code), parent_id=parent_code(code)
                )
                result.created += 1
            elif current.name != name:
                current.name = name
                current.save(update_fields=["name"])
                result.updated += 1
            else:
                result.unchanged += 1
        audit_record(
            actor=by,
            action="division.load",
            detail={
                "source": source[:200],
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def division_load_csv(*, text: str, by: User | None = None, source: str = "") -> LoadResult:
    rows, errors = parse_division_csv(text)
    if errors:
        raise DivisionFileInvalid(errors)
    return division_load(rows=rows, by=by, source=source)
