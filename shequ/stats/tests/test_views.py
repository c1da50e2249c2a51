"""The statistics pages: the dashboard, the divisions side by side, the records behind a figure
and the Excel download, each within the access rule."""

import io
from datetime import date
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from shequ.figures.periods import parse_period
from shequ.figures.registry import FIGURES
from shequ.stats.dashboard import scope_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = str(date.today().year)
DISTRICT = f"division=220102000000&period={YEAR}"


def test_the_district_dashboard_shows_every_figure_with_its_link(client_as):
    body = client_as("district", language="en").get(f"/stats/?{DISTRICT}").content.decode()
    for key in ("people_served", "person_times", "projects", "volunteer_hours", "trainings"):
        assert f'data-testid="figure-{key}"' in body
    assert 'data-testid="drill-people_served"' in body
    assert "Divisions side by side" in body and 'data-chart="chart-people_served-method"' in body


def test_a_bad_period_is_explained_and_the_year_shown(client_as):
    response = client_as("district", language="en").get("/stats/?period=2026Q7")
    assert response.status_code == 200 and "2026Q2" in response.content.decode()


def test_the_records_page_counts_what_the_figure_says(client_as, world):
    client = client_as("district", language="en")
    scope = scope_for(world.user("district"), "220102000000", parse_period(YEAR))
    served, _ = FIGURES["people_served"].summarize(scope)
    page = client.get(f"/stats/records/people_served/?{DISTRICT}")
    assert page.context["count"] == served.value and page.context["total"] == f"{served.value:,}"
    part = served.cells["method"][0]
    page = client.get(f"/stats/records/people_served/?{DISTRICT}&part=method:{part.key}")
    assert page.context["count"] == part.value


def test_other_divisions_and_records_are_refused(client_as):
    client = client_as("worker_b")
    assert client.get(f"/stats/?division=220102001001&period={YEAR}").status_code == 404
    url = f"/stats/records/people_served/?division=220102001001&period={YEAR}"
    assert client.get(url).status_code == 404
    assert client.get(f"/stats/compare/?{DISTRICT}").status_code == 404
    assert client.get(f"/stats/figures.xlsx?{DISTRICT}").status_code == 404
    assert client_as("volunteer").get("/stats/").status_code == 404
    # a teacher sees figures but not the residents behind people served
    assert client_as("teacher").get(f"/stats/records/people_served/?{DISTRICT}").status_code == 404


def test_compare_and_download(client_as):
    client = client_as("district", language="en")
    body = client.get(f"/stats/compare/?{DISTRICT}").content.decode()
    assert "自强街道" in body
    response = client.get(f"/stats/figures.xlsx?{DISTRICT}")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert "南关区" in sheet["A1"].value
    figures = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=3)}
    assert "People served" in figures and isinstance(figures["Contract funds"], int | float)
    assert "Volunteer service" in workbook.sheetnames
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert quote("南关区_") in response["Content-Disposition"]


def test_the_records_need_the_permission_of_their_own_list(client_as):
    """Service records are read with the projects' permission: a child-welfare director, who
    holds resident.view in 东岭 but not project.view, opens people served there and not the
    service records behind person-times (the records page of the projects is closed to her)."""
    client = client_as("director_a")
    community = f"division=220102001001&period={YEAR}"
    assert client.get(f"/stats/records/people_served/?{community}").status_code == 200
    assert client.get(f"/stats/records/person_times/?{community}").status_code == 404


@pytest.mark.parametrize(
    "figure, part",
    [
        ("person_times", "area:x"),
        ("people_served", "project:x"),
        ("projects", "area:x"),
        ("needs", "category:x"),
        ("person_times", "stage:1"),  # not a breakdown of person-times
        ("people_served", "method:"),
    ],
)
def test_a_cell_that_cannot_be_is_not_found(client_as, figure, part):
    response = client_as("district").get(f"/stats/records/{figure}/?{DISTRICT}&part={part}")
    assert response.status_code == 404


def test_the_protection_cases_behind_a_figure_are_reads_that_are_logged(client_as, world):
    from shequ.protection.models import AccessLog, ProtectionCase

    street = world.division("ziqiang").code
    cases = ProtectionCase.objects.filter(division__code__startswith=street[:9]).count()
    assert cases > 0
    before = AccessLog.objects.filter(channel="stats").count()
    response = client_as("child_sup").get(
        f"/stats/records/protection_cases/?division={street}&from=2000-01-01&to={date.today()}"
    )
    assert response.status_code == 200 and response.context["count"] == cases
    assert AccessLog.objects.filter(channel="stats").count() == before + cases


def test_a_suppressed_cell_does_not_open_and_its_count_is_not_told(client_as, api_as):
    """Where a worker reads "<5", the drill-down says the cell is too small to open: no list,
    no "4 records"; the dashboard gives no link to it and the API no records address."""
    status, body = api_as("worker_a").get("stats", {"period": YEAR})
    assert status == 200
    hidden = [
        (f["key"], b["key"], c["key"])
        for f in body["figures"]
        for b in f["breakdowns"]
        for c in b["cells"]
        if c["text"] == "<5"
    ]
    assert hidden
    figure, kind, key = hidden[0]
    client = client_as("worker_a", language="en")
    query = f"division=220102001001&period={YEAR}"
    dashboard = client.get(f"/stats/?{query}").content.decode()
    link = f'/stats/records/{figure}/?division=220102001001&amp;period={YEAR}&part={kind}:{key}"'
    assert link not in dashboard
    page = client.get(f"/stats/records/{figure}/?{query}&part={kind}:{key}")
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="too-small"' in text
    assert "behind this figure" not in text and 'data-testid="records"' not in text
    # the district officer (who sees the exact number) still opens the same cell
    officer = client_as("district", language="en").get(
        f"/stats/records/{figure}/?{query}&part={kind}:{key}"
    )
    assert 'data-testid="records-count"' in officer.content.decode()


def test_figures_that_do_not_add_up_across_divisions_say_so(client_as):
    body = client_as("district", language="zh-hans").get(f"/stats/compare/?{DISTRICT}").content
    text = body.decode()
    assert 'data-testid="not-additive"' in text and "不可加总" in text


def test_the_dashboard_shows_the_trend_by_month(client_as):
    """A year's dashboard has a line per month for people served, person-times, volunteer hours
    and cases; person-times and hours add up over the months to the year's figure."""
    client = client_as("district")
    response = client.get(f"/stats/?{DISTRICT}")
    trends = {t["figure"].key: t for t in response.context["trends"]}
    assert set(trends) == {"people_served", "person_times", "volunteer_hours", "cases_opened"}
    assert response.context["months"][0] == f"{YEAR}-01" and len(response.context["months"]) == 12
    year = {r.figure.key: r for r in response.context["results"]}
    for key in ("person_times", "volunteer_hours", "cases_opened"):
        assert sum(row["value"] for row in trends[key]["rows"]) == float(year[key].value), key
    body = response.content.decode()
    assert 'data-testid="trends"' in body and 'data-chart-type="line"' in body
    month = client.get(f"/stats/?division=220102000000&period={YEAR}-01")
    assert month.context["trends"] == [] and 'data-testid="trends"' not in month.content.decode()
