"""Importing ledgers: all or nothing, problems by row and column, re-import updates, bad files."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shequ.audit.models import AuditEntry
from shequ.imports.engine import commit_job, rejected_report, validate_job
from shequ.imports.models import ImportJob, Status
from shequ.imports.services import import_commit, import_start
from shequ.residents.identity import id_check_char
from shequ.residents.models import Household, Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "户编号",
    "与户主关系",
    "特殊群体",
    "监护人",
    "监护人同意",
]


def pid(born: str, seq: str) -> str:
    first17 = f"220102{born}{seq}"
    return first17 + id_check_char(first17)


GOOD: list[list[object]] = [
    [
        "赵一",
        "男",
        date(1960, 1, 2),
        pid("19600102", "011"),
        "13800000001",
        "IMP-1",
        "户主",
        "独居老人",
        "",
        "",
    ],
    [
        "钱二",
        "女",
        "1985/3/4",
        pid("19850304", "022"),
        "0431-88881234",
        "IMP-1",
        "配偶",
        "残疾人(三级)；低保",
        "",
        "",
    ],
    ["孙小三", "男", date(2016, 5, 6), "", "", "IMP-1", "子女", "留守儿童", "钱二", "是"],
]
BAD: list[list[object]] = [
    ["李四", "男", "1990-02-30", "", "", "", "", "", "", ""],  # no such date
    ["周5", "男", date(1970, 1, 1), "", "", "", "", "", "", ""],  # digit in a name
    [
        "吴六",
        "女",
        date(1975, 1, 1),
        pid("19750101", "021")[:-1] + "0",
        "",
        "",
        "",
        "外星人",
        "",
        "",
    ],
]


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(world, content, name="ledger.xlsx", username="worker_a"):
    job = import_start(
        by=world.user(username),
        kind="residents",
        division=world.division("community_a"),
        upload=SimpleUploadedFile(name, content),
    )
    validate_job(job)
    job.refresh_from_db()
    return job


def test_a_file_of_good_and_bad_rows_is_refused_whole_with_every_problem_listed(world):
    before = Resident.objects.count()
    job = upload(world, xlsx(GOOD + BAD))
    assert job.status == Status.INVALID and job.total_rows == 6
    problems = {(p["row"], p["column"]) for p in job.errors}
    assert (5, "出生日期") in problems
    assert (6, "姓名") in problems
    assert (7, "身份证号") in problems and (7, "特殊群体") in problems
    assert not any(p["row"] in (2, 3, 4) for p in job.errors)
    commit_job(job)  # the engine validates again and refuses
    assert Resident.objects.count() == before
    report = load_workbook(io.BytesIO(rejected_report(job))).active
    rows = list(report.iter_rows(min_row=2, values_only=True))
    # the whole file comes back (the import is all or nothing), problems in the first column
    assert [r[1] for r in rows] == [2, 3, 4, 5, 6, 7]
    assert [bool(r[0]) for r in rows] == [False, False, False, True, True, True]
    assert "出生日期" in rows[3][0]


def test_the_file_of_rows_to_correct_imports_once_corrected(world):
    """The round trip the page describes: download the file, correct the cells its first column
    names, upload that same file: every row, the good ones included, is imported, and 是 stays
    是 on the way."""
    before = Resident.objects.count()
    job = upload(world, xlsx(GOOD + BAD))
    report = load_workbook(io.BytesIO(rejected_report(job)))
    sheet = report.active
    headers = [c.value for c in sheet[1]]
    assert [r[headers.index("监护人同意")] for r in sheet.iter_rows(min_row=2, values_only=True)][
        2
    ] == "是"
    born = headers.index("出生日期") + 1
    name = headers.index("姓名*") + 1
    pid_col = headers.index("身份证号") + 1
    group = headers.index("特殊群体") + 1
    sheet.cell(row=5, column=born, value="1990-02-28")
    sheet.cell(row=6, column=name, value="周五")
    sheet.cell(row=7, column=pid_col, value=pid("19750101", "022"))
    sheet.cell(row=7, column=group, value="")
    buffer = io.BytesIO()
    report.save(buffer)
    again = upload(world, buffer.getvalue())
    assert again.status == Status.VALID, again.errors
    commit_job(again)
    assert Resident.objects.count() == before + 6
    assert Resident.objects.get(name="孙小三").guardian_consent is True


def test_the_template_example_row_is_ignored_when_left_in(client_as, world):
    before = Resident.objects.count()
    template = client_as("worker_a").get(reverse("imports:template", args=["residents"]))
    sheet = load_workbook(io.BytesIO(template.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and str(rows[1][0]).startswith("示例：")
    by_header = dict(zip(HEADERS, GOOD[0], strict=False))  # in the template's own columns
    sheet.append([by_header.get(str(h).rstrip("*"), "") for h in rows[0]])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    job = upload(world, buffer.getvalue())
    assert job.status == Status.VALID, job.errors
    assert job.total_rows == 1
    commit_job(job)
    assert Resident.objects.count() == before + 1


def test_a_good_file_imports_everything_and_reimporting_updates_instead_of_duplicating(world):
    before = Resident.objects.count()
    job = upload(world, xlsx(GOOD))
    assert job.status == Status.VALID
    commit_job(job)
    assert (job.status, job.created_count, job.updated_count) == (Status.DONE, 3, 0)
    assert Resident.objects.count() == before + 3
    household = Household.objects.get(division_id="220102001001", number="IMP-1")
    assert household.head.name == "赵一" and household.members.count() == 3
    qian = Resident.objects.get(name="钱二")
    assert {(g.group.code, g.grade) for g in qian.special_groups.all()} == {
        ("disabled", "三级"),
        ("dibao", ""),
    }
    assert AuditEntry.objects.filter(action="resident.import", object_id=str(job.pk)).exists()

    changed = [list(r) for r in GOOD]
    changed[0][4] = "13800000009"
    again = upload(world, xlsx(changed))
    commit_job(again)
    assert (again.created_count, again.updated_count) == (0, 3)
    assert Resident.objects.count() == before + 3
    zhao = Resident.objects.get(name="赵一")
    assert zhao.phone_masked == "138****0009"
    assert zhao.search_keys.filter(key="zy").exists()


def test_the_same_person_twice_in_a_file_is_a_problem(world):
    job = upload(world, xlsx([GOOD[0], GOOD[0]]))
    assert job.status == Status.INVALID
    assert job.errors[0]["row"] == 3 and "row 2" in job.errors[0]["message"]


def test_a_person_registered_in_another_community_is_refused_by_row_number(world):
    from shequ.residents.services import resident_create

    resident_create(
        by=world.user("worker_b"),
        division=world.division("community_b"),
        data={
            "name": "钱二",
            "gender": "F",
            "birth_date": date(1985, 3, 4),
            "id_number": GOOD[1][3],
        },
    )
    before = Resident.objects.count()
    job = upload(world, xlsx(GOOD))
    assert job.status == Status.INVALID
    assert [(p["row"], p["column"]) for p in job.errors] == [(3, "身份证号")]
    assert "transfer request" in job.errors[0]["message"]
    assert "西岭" not in job.errors[0]["message"]
    commit_job(job)
    assert Resident.objects.count() == before


def test_csv_in_utf8_and_gb18030(world):
    text = "姓名,性别,出生日期,身份证号\n赵一,男,1960-01-02," + GOOD[0][3] + "\n"
    for encoding in ("utf-8-sig", "gb18030"):
        job = upload(world, text.encode(encoding), name="ledger.csv")
        assert job.status == Status.VALID, job.errors


def merged_cells_file():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(GOOD[0])
    ws.merge_cells("A2:B2")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def formula_file():
    return xlsx([["=1+1", "男", date(1960, 1, 2), "", "", "", "", "", "", ""]])


def empty_sheet():
    return xlsx([], headers=[])


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (lambda: xlsx(GOOD, headers=["名字", "性别"]), "x.xlsx", "lacks the column"),
        (merged_cells_file, "x.xlsx", "merged cells"),
        (empty_sheet, "x.xlsx", "empty"),
        (lambda: xlsx([]), "x.xlsx", "no rows"),
        (formula_file, "x.xlsx", "formula"),
        (lambda: b"\x7fELF\x02\x01\x01\x00" + bytes(200), "renamed.xlsx", "not a spreadsheet"),
        (lambda: b"PK\x03\x04" + bytes(100), "broken.xlsx", "not a spreadsheet"),
        (lambda: b"\xd0\xcf\x11\xe0" + bytes(100), "old.xls", ".xls"),
        (lambda: b"", "empty.csv", "empty"),
    ],
)
def test_bad_files_get_a_clear_message_and_write_nothing(world, content, name, fragment):
    before = Resident.objects.count()
    job = upload(world, content(), name=name)
    assert job.status == Status.FAILED
    assert fragment in job.message
    assert Resident.objects.count() == before


def test_a_fifty_megabyte_file_is_refused_at_upload(world):
    from shequ.core.errors import InvalidInput

    big = SimpleUploadedFile("big.xlsx", b"0" * (50 * 1024 * 1024))
    with pytest.raises(InvalidInput) as info:
        import_start(
            by=world.user("worker_a"),
            kind="residents",
            division=world.division("community_a"),
            upload=big,
        )
    assert info.value.code == "too_large"
    assert not ImportJob.objects.filter(original_name="big.xlsx").exists()


def test_commit_needs_a_valid_file_and_the_permission(world):
    from shequ.core.errors import Forbidden, InvalidInput

    invalid = upload(world, xlsx(BAD))
    with pytest.raises(InvalidInput):
        import_commit(by=world.user("worker_a"), job=invalid)
    valid = upload(world, xlsx(GOOD))
    with pytest.raises(Forbidden):
        import_commit(by=world.user("district"), job=valid)
    with pytest.raises(Forbidden):
        import_start(
            by=world.user("worker_b"),
            kind="residents",
            division=world.division("community_a"),
            upload=SimpleUploadedFile("x.xlsx", xlsx(GOOD)),
        )


def test_progress_is_reported_while_validating(world, monkeypatch):
    import shequ.imports.engine as engine

    seen = []
    original = engine._progress

    def spy(job):
        report = original(job)

        def wrapped(done):
            report(done)
            seen.append(ImportJob.objects.get(pk=job.pk).processed_rows)

        return wrapped

    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(engine, "_progress", spy)
    upload(world, xlsx(GOOD))
    assert seen == [1, 2, 3]


def test_the_command_imports_or_lists_problems(world, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(GOOD + BAD))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_residents", str(bad), "--community", "220102001001", stderr=err)
    assert "row 5" in err.getvalue()
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD))
    out = StringIO()
    call_command("import_residents", str(good), "--community", "220102001001", stdout=out)
    assert "3 created" in out.getvalue()
    call_command("import_residents", str(good), "--community", "220102001001", stdout=out)
    assert "3 updated" in out.getvalue()


def test_template_has_the_chinese_headers(client_as):
    response = client_as("worker_a").get("/imports/residents/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert headers[:4] == ["姓名*", "性别", "出生日期", "身份证号"]
    assert zipfile.is_zipfile(io.BytesIO(response.content))
