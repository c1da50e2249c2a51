"""In Chromium: the organizer creates a training, adds a session, imports the trainees from
Excel, records their attendance and completion; the certificate PDF names the trainee and the
hours."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from shequ.core.spreadsheet import write_xlsx
from shequ.trainings.models import Training
from shequ.trainings.tests.test_importing import HEADERS

pytestmark = pytest.mark.browser


def test_a_trainee_completes_and_gets_a_certificate(page, browser_world, tmp_path, login):
    world = browser_world
    today = date.today().isoformat()
    login(page, "teacher")
    page.goto("/trainings/")
    page.click("[data-testid=new-training]")
    page.select_option("#id_organizer", str(world.org("university").pk))
    page.select_option("#id_programme", label="社区治理与三社联动培训")
    page.fill("#id_title", "三社联动专题培训")
    page.fill("#id_start_date", today)
    page.fill("#id_end_date", today)
    page.select_option("#id_partner", str(world.org("kuancheng_bureau").pk))
    page.click("[data-testid=training-form] button[type=submit]")
    training = Training.objects.get(title="三社联动专题培训")
    page.wait_for_url(f"**/trainings/{training.pk}/")

    page.click("[data-testid=add-session] summary")
    page.fill("#id_held_on", today)
    page.fill("#id_hours", "6")
    page.fill("#id_trainer", "赵教授")
    page.click("[data-testid=add-session] button[type=submit]")
    page.wait_for_selector("[data-testid=sessions] li:has-text('赵教授')")

    ledger = tmp_path / "学员名单.xlsx"
    ledger.write_bytes(
        write_xlsx(
            HEADERS,
            [
                ["钱多多", "220102001001", "东岭社区居委会", "13800002222", "助理社会工作师", ""],
                ["李新", "西岭社区", "西岭社区居委会", "", "社会工作师", ""],
            ],
        )
    )
    page.click("[data-testid=import-trainees]")
    assert page.locator("#id_target").input_value() == str(training.pk)
    page.set_input_files("#id_file", str(ledger))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-status=valid]")
    page.click("[data-testid=commit]")
    page.wait_for_selector("[data-testid=done]", timeout=20_000)
    page.click("[data-testid=back]")
    page.wait_for_url(f"**/trainings/{training.pk}/")
    assert page.locator("[data-testid=trainees]").inner_text().count("0.0%") == 2

    page.click("[data-testid=record-attendance] summary")
    page.locator("[data-testid=record-attendance] label", has_text="钱多多").click()
    page.click("[data-testid=record-attendance] button[type=submit]")
    page.wait_for_selector("[data-testid=trainees] tr:has-text('钱多多') td:has-text('100.0%')")
    row = page.locator("[data-testid=trainees] tr", has_text="钱多多")
    row.locator("input[name=score]").fill("92")
    row.locator("button[value=pass]").click()
    page.wait_for_selector("[data-testid=trainees] tr:has-text('钱多多') [data-testid=certificate]")
    # 李新 did not attend: completing is refused with the reason
    page.locator("[data-testid=trainees] tr", has_text="李新").locator("button[value=pass]").click()
    page.wait_for_selector(".messages :text('80%')")

    with page.expect_download() as download:
        page.locator("[data-testid=trainees] tr", has_text="钱多多").locator(
            "[data-testid=certificate]"
        ).click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(pdf.pages[0].extract_text().replace("\x00", "").split())
    assert "钱多多" in text and "6.0学时" in text and "三社联动专题培训" in text
