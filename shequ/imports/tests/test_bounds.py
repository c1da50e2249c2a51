"""Uploads cannot exhaust the server (issue 15, point 1): a zip bomb, too many rows or cells,
formulas and merged cells hidden from a pattern, macros, external links and formula-like text
are refused with a clear message and nothing written; a job whose process died is reaped and
can be retried."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest

from shequ.imports.models import ImportJob, Status
from shequ.imports.reading import BadFile, count_rows, formula_like, read_rows
from shequ.residents.models import Resident
from shequ.residents.tests.test_import import GOOD, HEADERS, upload, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _with_part(content: bytes, name: str, data: bytes | None = None, *, replace=None) -> bytes:
    """A copy of the workbook with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name:
                continue
            target.writestr(info.filename, source.read(info.filename))
        if replace is not None:
            with target.open(name, "w", force_zip64=True) as part:
                replace(part)
        else:
            target.writestr(name, data or b"")
    return out.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    """A valid workbook whose first sheet expands to `megabytes` MB of rows."""
    row = b'<row><c t="inlineStr"><is><t>' + "张三".encode() + b"</t></is></c></row>"
    chunk = row * ((1 << 20) // len(row))

    def write(part):
        part.write(b'<?xml version="1.0"?><worksheet ' + NS.encode() + b"><sheetData>")
        for _ in range(megabytes):
            part.write(chunk)
        part.write(b"</sheetData></worksheet>")

    return _with_part(xlsx(GOOD), SHEET, replace=write)


def _read_all(content: bytes, name: str = "x.xlsx") -> list:
    from shequ.imports.engine import spec_for

    return list(read_rows(io.BytesIO(content), name, spec_for("residents").columns))


def test_a_zip_bomb_is_refused_at_once_with_bounded_memory():
    bomb = zip_bomb(600)
    assert len(bomb) < 3 * 1024 * 1024  # a small file ...
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(BadFile) as info:
        count_rows(io.BytesIO(bomb))  # ... that expands to 600 MB
    with pytest.raises(BadFile):
        _read_all(bomb)
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.code == "too_large" and "unpacked" in str(info.value.message)
    assert elapsed < 2, elapsed
    assert peak < 20 * 1024 * 1024, peak


def test_a_bomb_under_the_size_bound_is_stopped_by_the_row_bound_while_streaming(settings):
    settings.SHEQU_IMPORT_MAX_UNPACKED_MB = 400
    settings.SHEQU_IMPORT_MAX_RATIO = 10_000
    settings.SHEQU_IMPORT_MAX_ROWS = 20_000
    bomb = zip_bomb(300)  # about 5 million rows
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(BadFile) as info:
        count_rows(io.BytesIO(bomb))
    elapsed = time.process_time() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "more than 20000 rows" in str(info.value.message)
    # about 1 s of CPU alone (tracemalloc on); reading the 5 million rows would take minutes.
    # CPU time, not wall time: on a machine loaded by other work the wall clock took 48 s.
    assert elapsed < 20, elapsed
    assert peak < 20 * 1024 * 1024, peak


def test_a_bomb_upload_fails_the_job_and_writes_nothing(world):
    before = Resident.objects.count()
    job = upload(world, zip_bomb(200))
    assert job.status == Status.FAILED
    assert "too big to import" in job.message
    assert Resident.objects.count() == before


def test_rows_and_cells_are_bounded_for_xlsx_and_csv(world, settings):
    settings.SHEQU_IMPORT_MAX_ROWS = 2
    job = upload(world, xlsx(GOOD))  # three rows
    assert job.status == Status.FAILED and "more than 2 rows" in job.message
    text = ",".join(HEADERS) + "\n" + "\n".join(",".join(str(v) for v in r) for r in GOOD)
    job = upload(world, text.encode(), name="ledger.csv")
    assert job.status == Status.FAILED and "more than 2 rows" in job.message
    settings.SHEQU_IMPORT_MAX_ROWS = 100
    settings.SHEQU_IMPORT_MAX_CELLS = 15
    job = upload(world, xlsx(GOOD))
    assert job.status == Status.FAILED and "more than 15 cells" in job.message


def test_the_time_of_an_import_is_bounded(world, settings):
    settings.SHEQU_IMPORT_MAX_SECONDS = 0
    job = upload(world, xlsx(GOOD))
    assert job.status == Status.FAILED and "seconds" in job.message


def _sheet_xml(content: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(content)).read(SHEET)


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        # a formula whose attributes are in another order than a pattern expects
        (
            lambda x: x.replace(
                b'<c r="A2" t="inlineStr">', b'<c t="str" r="A2"><f>1+1</f>', 1
            ).replace(b"</is></c>", b"</is></c>", 1),
            "formula",
        ),
        # a merged cell split over two lines
        (
            lambda x: x.replace(
                b"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell\nref="A2:B2"/></mergeCells>',
            ),
            "merged cells",
        ),
    ],
)
def test_formulas_and_merged_cells_are_found_by_parsing_not_by_pattern(world, edit, fragment):
    content = xlsx(GOOD)
    sheet = _sheet_xml(content)
    edited = edit(sheet)
    assert edited != sheet
    job = upload(world, _with_part(content, SHEET, edited))
    assert job.status == Status.FAILED
    assert fragment in job.message


def test_macros_and_external_links_are_refused(world):
    content = xlsx(GOOD)
    job = upload(world, _with_part(content, "xl/vbaProject.bin", b"\x00" * 64))
    assert job.status == Status.FAILED and "macros" in job.message
    link = b"<externalLink " + NS.encode() + b"/>"
    job = upload(world, _with_part(content, "xl/externalLinks/externalLink1.xml", link))
    assert job.status == Status.FAILED and "links to other files" in job.message


@pytest.mark.parametrize(
    "value", ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", " =HYPERLINK()"]
)
def test_formula_like_text_is_refused_in_xlsx_and_csv(world, value):
    row = [value, *GOOD[0][1:]]
    before = Resident.objects.count()
    job = upload(world, xlsx([row]))  # openpyxl writes "=1+1" as a formula: refused as one
    assert job.status == Status.FAILED and "formula" in job.message
    text = ",".join(HEADERS) + "\n" + ",".join(f'"{v}"' for v in map(str, row))
    job = upload(world, text.encode(), name="ledger.csv")
    assert job.status == Status.FAILED and "starting with =, +, - or @" in job.message
    assert Resident.objects.count() == before


def test_numbers_and_phones_with_a_sign_are_not_formulas():
    for value in ["-", "-5", "+86 138 0013 8000", "+8613800138000", "(0431) 8888-1234", "张三"]:
        assert not formula_like(value), value
    for value in ["=A1", "+A1", "-A1", "@A1", "+1+cmd"]:
        assert formula_like(value), value


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_reaper_fails_jobs_whose_process_died_and_they_can_be_retried(world):
    from django.utils import timezone

    from shequ.imports.reaper import HOST, import_jobs_reap, worker_id
    from shequ.imports.services import import_retry

    job = upload(world, xlsx(GOOD))
    assert job.status == Status.VALID
    dead = f"{HOST}:{_dead_pid()}:0000"
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.VALIDATING, worker=dead, heartbeat_at=now
    )
    live = upload(world, xlsx(GOOD))
    ImportJob.objects.filter(pk=live.pk).update(
        status=Status.VALIDATING, worker=worker_id(), heartbeat_at=now
    )
    silent = upload(world, xlsx(GOOD))
    ImportJob.objects.filter(pk=silent.pk).update(
        status=Status.COMMITTING,
        worker="another-host:1:abcd",
        heartbeat_at=now - timezone.timedelta(hours=2),
    )
    assert import_jobs_reap() == 2
    statuses = dict(
        ImportJob.objects.filter(pk__in=[job.pk, live.pk, silent.pk]).values_list("pk", "status")
    )
    assert statuses == {job.pk: Status.FAILED, live.pk: Status.VALIDATING, silent.pk: Status.FAILED}
    job.refresh_from_db()
    assert "stopped before it finished" in job.message
    retried = import_retry(by=world.user("worker_a"), job=job)
    from shequ.imports.engine import validate_job

    validate_job(retried)
    retried.refresh_from_db()
    assert retried.status == Status.VALID


def test_the_job_page_reaps_and_offers_a_retry_to_its_owner_only(world, client_as):
    from shequ.imports.reaper import HOST

    job = upload(world, xlsx(GOOD))
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.VALIDATING, worker=f"{HOST}:{_dead_pid()}:0000"
    )
    page = client_as("worker_a").get(f"/imports/job/{job.pk}/").content.decode()
    assert 'data-testid="retry"' in page
    assert client_as("worker_b").post(f"/imports/job/{job.pk}/retry/").status_code == 404
    response = client_as("worker_a").post(f"/imports/job/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status in (Status.VALID, Status.PENDING, Status.VALIDATING)
