"""The impact report: its figures are the dashboard's for the same division and period, in the
PDF (Chinese typeset, text extractable) and in the workbook; built in the background with its
progress; the monthly reports of every district; the access rule."""

import io
import shutil
import subprocess
from datetime import date
from urllib.parse import quote

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from shequ.core.testing import pdf_page_texts
from shequ.figures.periods import parse_period
from shequ.stats.dashboard import dashboard, scope_for
from shequ.stats.models import ImpactReport, ReportStatus
from shequ.stats.report import report_content, report_request
from shequ.stats.schedule import last_month, request_monthly_reports

pytestmark = [pytest.mark.django_db]

YEAR = str(date.today().year)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_text(content: bytes) -> str:
    return "".join(pdf_page_texts(content))


def build(world, django_capture_on_commit_callbacks, username="district", **kwargs):
    scope = scope_for(world.user(username), "220102000000", parse_period(YEAR))
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            by=world.user(username), division=scope.division, period=scope.period, **kwargs
        )
    report.refresh_from_db()
    return scope, report


def sheet_values(sheet):
    """{figure label: value of this period} of a sheet (row 1 the title, row 2 the headers)."""
    return {
        row[0].value: row[2].value if isinstance(row[2].value, str) else float(row[2].value)
        for row in sheet.iter_rows(min_row=3)
        if row[0].value and row[2].value is not None
    }


def expected_values(results):
    """What the workbook holds: the number, or "<5" where it is not disclosed."""
    return {str(r.figure.label): r.text if r.hidden else float(r.value) for r in results}


def docx_document(content: bytes):
    import docx

    return docx.Document(io.BytesIO(content))


def test_the_reports_figures_are_the_dashboards(world, django_capture_on_commit_callbacks):
    scope, report = build(world, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE and report.progress == 100
    results = dashboard(scope, published=True)
    expected = {r.figure.key: r.text for r in results}
    content = report_content(scope, published=True)
    assert {r.figure.key: r.text for r in content.results} == expected

    # Excel: a title row, labels not codes, numbers typed as numbers, a sheet per programme
    workbook = load_workbook(io.BytesIO(report.xlsx.read()))
    sheet = workbook.worksheets[0]
    assert "南关区" in sheet["A1"].value and YEAR in sheet["A1"].value
    values = sheet_values(sheet)
    assert values == expected_values(results)
    assert not set(values) & set(expected), "codes in the first column"
    assert isinstance(values["合同金额"], int | float) and values["合同金额"] > 0
    assert sheet.cell(row=3, column=3).number_format in ("#,##0", "#,##0.00")
    assert {"政府购买服务项目", "志愿服务", "培训"} <= set(workbook.sheetnames)
    assert sheet_values(workbook["志愿服务"])["已确认志愿服务时长"] == values["已确认志愿服务时长"]

    # PDF: a cover, a contents page, numbered pages, the narrative, the charts, the seal
    pdf = report.pdf.read()
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 6
    text = pdf_text(pdf)
    assert "南关区" in text and "成效报告" in text and "编制单位" in text
    pages = pdf_page_texts(pdf)
    assert "目录" in pages[1] and "第1页" in pages[1] and "第2页" in pages[2]
    for key in ("projects", "people_served", "person_times", "volunteer_hours", "trainings"):
        assert expected[key].replace(",", "") in text.replace(",", ""), key
    assert "".join(content.headline.split()) in text
    assert "本期共实施政府购买服务项目" in text and "（盖章）" in text and "目标完成情况" in text
    assert sum(len(page.images) for page in reader.pages) >= 5
    assert "变化" in text

    # Word: real headings, the same figures in its tables, the charts as pictures
    document = docx_document(report.docx.read())
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["主要数据", "月度趋势"] and "政府购买服务项目" in headings
    assert "志愿服务" in headings and "出具" in headings and "目标完成情况" in headings
    rows = {
        row.cells[0].text: row.cells[1].text
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 4
    }
    for result in results:
        label = str(result.figure.label)
        assert rows.get(label, rows.get(f"{label}（{result.unit_text}）")) == result.text, label
    assert len(document.inline_shapes) >= 5
    assert any("本期共实施政府购买服务项目" in p.text for p in document.paragraphs)
    assert any("（盖章）" in p.text for p in document.paragraphs)


def test_an_english_report_and_one_not_for_publication(world, django_capture_on_commit_callbacks):
    scope, report = build(world, django_capture_on_commit_callbacks, language="en", published=False)
    text = pdf_text(report.pdf.read())
    assert "Impactreport" in text and "peopleserved" in text
    results = dashboard(scope, published=False)
    sheet = load_workbook(io.BytesIO(report.xlsx.read())).worksheets[0]
    with translation.override("en"):
        assert sheet_values(sheet) == expected_values(results)
    headings = [p.text for p in docx_document(report.docx.read()).paragraphs]
    assert "Headline figures" in headings and "Volunteer service" in headings


def test_pages_and_api_within_the_access_rule(
    world, client_as, api_as, django_capture_on_commit_callbacks
):
    _scope, report = build(world, django_capture_on_commit_callbacks)
    client = client_as("district")
    page = client.get(f"/stats/reports/{report.pk}/")
    assert page.status_code == 200 and 'data-status="done"' in page.content.decode()
    pdf = client.get(f"/stats/reports/{report.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client_as("district_k").get(f"/stats/reports/{report.pk}/").status_code == 404
    assert client_as("worker_a").get(f"/stats/reports/{report.pk}/report.pdf").status_code == 404
    word = client.get(f"/stats/reports/{report.pk}/report.docx")
    assert word.status_code == 200 and word["Content-Type"] == DOCX
    assert f"/stats/reports/{report.pk}/report.docx" in page.content.decode()

    status, body = api_as("district").get(f"reports/{report.pk}")
    assert status == 200 and body["pdf"] == f"/api/v1/reports/{report.pk}/pdf"
    assert body["docx"] == f"/api/v1/reports/{report.pk}/docx"
    api = api_as("district")
    word = api.client.get(body["docx"], headers=api._headers())
    assert word.status_code == 200 and word["Content-Type"] == DOCX
    # named after the division and the period, with an ASCII fallback
    name = f"南关区_{YEAR}年_成效报告.docx"
    assert word["Content-Disposition"] == (
        f"attachment; filename=\"shequ_{YEAR}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    assert b"".join(word.streaming_content).startswith(b"PK")
    pdf = api.client.get(body["pdf"], headers=api._headers())
    assert quote(f"南关区_{YEAR}年_成效报告.pdf") in pdf["Content-Disposition"]
    for other in ("worker_b", "district_k"):
        stranger = api_as(other)
        assert stranger.client.get(body["docx"], headers=stranger._headers()).status_code == 404
    assert (
        api.client.get(f"/api/v1/reports/{report.pk}/doc", headers=api._headers()).status_code
        == 404
    )
    assert api_as("district_k").get(f"reports/{report.pk}")[0] == 404
    assert report.pk not in [r["id"] for r in api_as("district_k").get("reports")[1]]
    with django_capture_on_commit_callbacks(execute=True):
        status, body = api_as("district").post(
            "reports", {"division": "220102000000", "period": f"{YEAR}Q4", "language": "en"}
        )
    assert status == 202 and body["language"] == "en"
    assert ImpactReport.objects.get(pk=body["id"]).status == ReportStatus.DONE
    assert api_as("worker_b").post("reports", {"division": "220102000000"})[0] == 404


def test_a_report_page_request(client_as, django_capture_on_commit_callbacks):
    client = client_as("district")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/stats/reports/?division=220102000000&period={YEAR}",
            {"language": "zh-hans", "published": "on"},
        )
    report = ImpactReport.objects.latest("id")
    assert response["Location"] == f"/stats/reports/{report.pk}/"
    assert report.published and report.status == ReportStatus.DONE


def test_monthly_reports_once_per_district(world, django_capture_on_commit_callbacks):
    assert last_month(date(2026, 1, 15)).key == "2025-12"
    assert last_month(date(2026, 11, 25)).key == "2026-10"
    with django_capture_on_commit_callbacks(execute=True):
        first = request_monthly_reports(date(2026, 11, 1))
    assert {r.division_id for r in first} >= {"220102000000", "220103000000"}
    assert all(r.scheduled and r.published and r.start == date(2026, 10, 1) for r in first)
    assert request_monthly_reports(date(2026, 11, 1)) == []


def test_the_monthly_command_writes_the_reports(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("monthly_reports", stdout=out)
    assert "220102000000 " in out.getvalue() and ": done" in out.getvalue()
    month = last_month()
    report = ImpactReport.objects.get(division_id="220102000000", start=month.start, scheduled=True)
    assert report.status == ReportStatus.DONE and report.pdf


def test_the_partners_are_named_only_to_who_may_see_the_projects(world):
    """The report names the buyers and providers of the projects behind the projects figure;
    a requester without project.view over the division (here a child-welfare director of the
    district) gets no projects figure and no partners."""
    from shequ.accounts.models import Role, RoleGrant, User

    district = "220102000000"
    period = parse_period(str(date.today().year))
    officer = report_content(scope_for(world.user("district"), district, period), published=True)
    assert officer.partners
    director = User.objects.create(username="director_district", division_id=district)
    RoleGrant.objects.create(
        user=director, role=Role.objects.get(code="child_director"), division_id=district
    )
    content = report_content(scope_for(director, district, period), published=True)
    assert content.partners == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_word_file(world, django_capture_on_commit_callbacks, tmp_path):
    """The Word file opens in an office suite: LibreOffice (Debian's) turns it into a PDF of
    several pages holding the headings."""
    _scope, report = build(world, django_capture_on_commit_callbacks)
    source = tmp_path / "report.docx"
    source.write_bytes(report.docx.read())
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    converted = PdfReader(tmp_path / "report.pdf")
    assert len(converted.pages) >= 6
    assert "主要数据" in "".join("".join(p.extract_text().split()) for p in converted.pages)


def test_the_requester_is_told_when_the_report_is_ready(world, django_capture_on_commit_callbacks):
    from shequ.notifications.models import Notification

    _scope, report = build(world, django_capture_on_commit_callbacks)
    told = Notification.objects.get(kind="report_finished", reference=f"CX-{report.pk}")
    assert told.recipient.username == "district"
    assert told.link == f"/stats/reports/{report.pk}/"
    assert "南关区" in told.title
