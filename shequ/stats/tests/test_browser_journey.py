"""In Chromium: a district officer opens the district's dashboard, drills down from people
served to the list of people (as many as the figure says), writes the year's impact report and
opens its PDF."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_dashboard_drill_down_and_the_impact_report(page, browser_world, login):
    year = date.today().year
    login(page, "district")
    page.goto("/stats/")
    assert page.locator("h1").inner_text().startswith("南关区")
    assert page.locator("[data-testid=period]").input_value() == str(year)
    served = page.locator("[data-testid=figure-people_served]").inner_text().strip()
    assert page.locator(".chart svg").count() >= 1  # ECharts drew, from the local copy
    page.click("[data-testid=drill-people_served]")
    page.wait_for_url("**/stats/records/people_served/**")
    assert page.locator("[data-testid=records-total]").inner_text().strip() == served
    rows = page.locator("[data-testid=records] tbody tr").count()
    assert rows == min(int(served.replace(",", "")), 50)

    page.go_back()
    page.click("[data-testid=reports]")
    page.click("[data-testid=request-report]")
    page.wait_for_selector("[data-testid=report-status][data-status=done]", timeout=30_000)
    with page.expect_download() as download:
        page.click("[data-testid=report-pdf]")
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join("".join(p.extract_text().replace("\x00", "").split()) for p in reader.pages)
    assert "南关区" in text and served.replace(",", "") in text.replace(",", "")
