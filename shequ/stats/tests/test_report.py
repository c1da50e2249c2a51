"""The impact report: its figures are the dashboard's for the same division and period, in the
PDF (Chinese typeset, text extractable) and in the workbook; built in the background with its
progress; the monthly reports of every district; the access rule."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from shequ.figures.periods import parse_period
from shequ.stats.dashboard import dashboard, scope_for
from shequ.stats.models import ImpactReport, ReportStatus
from shequ.stats.report import report_content, report_request
from shequ.stats.schedule import last_month, request_monthly_reports

pytestmark = [pytest.mark.django_db]

YEAR = str(date.today().year)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)


def build(world, django_capture_on_commit_callbacks, username="district", **kwargs):
    scope = scope_for(world.user(username), "220102000000", parse_period(YEAR))
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            by=world.user(username), division=scope.division, period=scope.period, **kwargs
        )
    report.refresh_from_db()
    return scope, report


def test_the_reports_figures_are_the_dashboards(world, django_capture_on_commit_callbacks):
    scope, report = build(world, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.DONE and report.progress == 100
    expected = {r.figure.key: r.text for r in dashboard(scope, published=True)}
    content = report_content(scope, published=True)
    assert {r.figure.key: r.text for r in content.results} == expected

    workbook = load_workbook(io.BytesIO(report.xlsx.read()))
    sheet = workbook.worksheets[0]
    assert {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)} == expected

    text = pdf_text(report.pdf.read())
    assert "南关区" in text and "成效报告" in text
    for key in ("projects", "people_served", "person_times", "volunteer_hours", "trainings"):
        assert expected[key].replace(",", "") in text.replace(",", ""), key
    assert "".join(content.headline.split()) in text


def test_an_english_report_and_one_not_for_publication(world, django_capture_on_commit_callbacks):
    scope, report = build(world, django_capture_on_commit_callbacks, language="en", published=False)
    text = pdf_text(report.pdf.read())
    assert "Impactreport" in text and "peopleserved" in text
    exact = {r.figure.key: r.text for r in dashboard(scope, published=False)}
    sheet = load_workbook(io.BytesIO(report.xlsx.read())).worksheets[0]
    assert {row[0].value: row[2].value for row in sheet.iter_rows(min_row=2)} == exact


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

    status, body = api_as("district").get(f"reports/{report.pk}")
    assert status == 200 and body["pdf"] == f"/api/v1/reports/{report.pk}/pdf"
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
