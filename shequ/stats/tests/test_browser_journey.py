"""In Chromium: a district officer opens the district's dashboard, drills down from people
served to the list of people (as many as the figure says), writes the year's impact report and
opens its PDF and its Word file; the dashboard prints on A4."""

import io
from datetime import date

import docx
import pytest

from shequ.core.testing import pdf_page_texts

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
    # the tests write the report within the request (SHEQU_TASKS_INLINE): charts take a while
    page.click("[data-testid=request-report]", timeout=180_000)
    page.wait_for_selector("[data-testid=report-status][data-status=done]", timeout=180_000)
    with page.expect_download() as download:
        page.click("[data-testid=report-pdf]")
    assert download.value.suggested_filename == f"南关区_{year}年_成效报告.pdf"
    text = "".join(pdf_page_texts(download.value.path().read_bytes()))
    assert "南关区" in text and served.replace(",", "") in text.replace(",", "")
    with page.expect_download() as word:
        page.click("[data-testid=report-docx]")
    assert word.value.suggested_filename == f"南关区_{year}年_成效报告.docx"
    headings = [
        p.text
        for p in docx.Document(io.BytesIO(word.value.path().read_bytes())).paragraphs
        if p.style.name == "Heading 1"
    ]
    assert "主要数据" in headings


def test_the_dashboard_prints_on_a4(page, browser_world, login):
    """Printed, the dashboard leaves out the menus and the buttons and keeps the figures and the
    trend by month."""
    login(page, "district")
    page.goto("/stats/")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()
    assert not page.locator("[data-testid=download]").is_visible()
    assert page.locator("[data-testid=figures]").is_visible()
    assert page.locator("[data-testid=trends]").is_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_the_dashboard_fits_a_phone(page, browser_world, login):
    """On a phone the cards stand two abreast, the charts one above the other, and nothing is
    wider than the screen; the target cards show their progress."""
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "district")
    page.goto("/stats/")
    page.wait_for_selector(".chart svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cards = page.locator("[data-testid=figures] .card")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]
    assert page.locator("[data-testid=progress-people_served] meter").is_visible()
    assert "完成目标" in page.locator("[data-testid=progress-people_served]").inner_text()
