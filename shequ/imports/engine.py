"""The import engine, the same for every kind of table (residents, trainees, ...): a kind
registers an `ImportSpec` (its columns, how a row is validated, how valid rows are written);
the engine reads the file, validates every row (the preview), and commits all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.core.spreadsheet import write_xlsx
from shequ.imports.models import ImportJob, Status
from shequ.imports.reading import BadFile, Column, count_rows, read_rows


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ValidationResult:
    """What validating a file found: the valid rows (cleaned) and every problem."""

    rows: list[tuple[int, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    total: int = 0


@dataclass
class ImportSpec:
    kind: str
    permission: Perm
    columns: list[Column]
    # (job, iterable of (row number, raw values), progress callback) -> ValidationResult
    validate: Callable[
        [ImportJob, Iterable[tuple[int, dict[str, Any]]], Callable[[int], None]], ValidationResult
    ]
    # (job, valid rows) -> (created, updated); runs inside one transaction
    commit: Callable[[ImportJob, list[tuple[int, Any]]], tuple[int, int]]
    title: str = ""
    example: list[Any] = field(default_factory=list)  # one filled row for the template
    # Where the rows go. By default a community in the user's reach for `permission`; a kind
    # that imports into something else (the trainees of one training) names it here:
    # `targets(user)` lists the choices (value, label), `authorize(user, division, target_id)`
    # refuses what the user may not import into (Forbidden), and `resolve(user, value)` turns
    # a chosen value into (division of the job, target id).
    target_label: Any = ""  # str or a lazy translation
    targets: Callable[[Any], list[tuple[str, str]]] | None = None
    resolve: Callable[[Any, str], tuple[Any, int | None]] | None = None
    authorize: Callable[[Any, Any, int | None], None] | None = None
    back: Callable[[ImportJob], str] | None = None  # where the job page leads back to

    def header_of(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)


SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    SPECS[spec.kind] = spec
    return spec


def spec_for(kind: str) -> ImportSpec:
    from shequ.core.errors import NotFound

    if kind not in SPECS:
        raise NotFound()
    return SPECS[kind]


PROGRESS_EVERY = 500
MAX_STORED_PROBLEMS = 5000


def _progress(job: ImportJob) -> Callable[[int], None]:
    from django.utils import timezone

    from shequ.imports.reaper import worker_id

    def report(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=done, worker=worker_id(), heartbeat_at=timezone.now()
            )

    return report


def _count_rows(job: ImportJob) -> int:
    with job.file.open("rb") as stream:
        return count_rows(stream)


def validate_job(job: ImportJob) -> ValidationResult | None:
    """Read and validate every row; store the problems (the preview). Nothing is written."""
    from shequ.imports.reaper import beat

    spec = spec_for(job.kind)
    ImportJob.objects.filter(pk=job.pk).update(status=Status.VALIDATING, processed_rows=0)
    beat(job)
    try:
        total = _count_rows(job)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
        with job.file.open("rb") as stream:
            result = spec.validate(
                job, read_rows(stream, job.original_name, spec.columns), _progress(job)
            )
    except BadFile as exc:
        _finish(job, Status.FAILED, message=str(exc.message))
        return None
    except Exception as exc:  # recorded on the job, which the user sees; nothing was written
        _finish(job, Status.FAILED, message=_("The file could not be checked: %(e)s") % {"e": exc})
        raise
    problems = [
        {"row": p.row, "column": spec.header_of(p.column) if p.column else "", "message": p.message}
        for p in result.problems[:MAX_STORED_PROBLEMS]
    ]
    _finish(
        job,
        Status.INVALID if result.problems else Status.VALID,
        total=result.total,
        errors=problems,
        error_count=len(result.problems),
    )
    return result


def commit_job(job: ImportJob) -> None:
    """Validate again (the file is the truth) and, if every row is valid, write them all in one
    transaction. Any problem: nothing is written."""
    spec = spec_for(job.kind)
    result = validate_job(job)
    if result is None or result.problems:
        return
    from shequ.imports.reaper import beat

    ImportJob.objects.filter(pk=job.pk).update(status=Status.COMMITTING, processed_rows=0)
    beat(job)
    try:
        with transaction.atomic():
            created, updated = spec.commit(job, result.rows)
    except Exception as exc:
        _finish(job, Status.FAILED, message=_("Nothing was imported: %(e)s") % {"e": exc})
        raise
    _finish(job, Status.DONE, total=result.total, created=created, updated=updated)


def _finish(
    job: ImportJob,
    status: str,
    *,
    message: str = "",
    total: int | None = None,
    errors: list[dict[str, Any]] | None = None,
    error_count: int = 0,
    created: int = 0,
    updated: int = 0,
) -> None:
    values: dict[str, Any] = {
        "status": status,
        "message": message,
        "errors": errors or [],
        "error_count": error_count,
        "created_count": created,
        "updated_count": updated,
    }
    if total is not None:
        values["total_rows"] = total
        values["processed_rows"] = total
    ImportJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()


def template_xlsx(spec: ImportSpec, example: list[Any] | None = None) -> bytes:
    return write_xlsx(
        [c.header + ("*" if c.required else "") for c in spec.columns],
        [example] if example else [],
        sheet_title=spec.title or spec.kind,
    )


def rejected_report(job: ImportJob) -> bytes:
    """The rejected rows with their problems, as Excel: the original values plus a column that
    says what to fix."""
    spec = spec_for(job.kind)
    by_row: dict[int, list[str]] = {}
    for problem in job.errors:
        by_row.setdefault(problem["row"], []).append(
            f"{problem['column']}: {problem['message']}"
            if problem["column"]
            else problem["message"]
        )
    rows = []
    with job.file.open("rb") as stream:
        for row_number, values in read_rows(stream, job.original_name, spec.columns):
            if row_number in by_row:
                rows.append(
                    [
                        row_number,
                        "；".join(by_row[row_number]),
                        *[values.get(c.key, "") for c in spec.columns],
                    ]
                )
    headers = [_("row"), _("problems"), *[c.header for c in spec.columns]]
    return write_xlsx(headers, rows, sheet_title=_("rejected rows"))
