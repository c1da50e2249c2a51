"""In Chromium, on a phone (390×844) and on a desktop: a form with several mistakes shows them
all after one submit, with the summary at the top; typing an ID number fills the birth date and
gender, and a wrong check digit is caught before the form is sent."""

from datetime import date, timedelta

import pytest

from shequ.core.idnumber import id_check_char

pytestmark = pytest.mark.browser

SIZES = ["phone_page", "page"]


@pytest.mark.parametrize("size", SIZES)
def test_the_project_form_shows_every_mistake_after_one_submit(request, size, login):
    page = request.getfixturevalue(size)
    login(page, "district")
    page.goto("/projects/new/")
    page.fill("#id_number", "NG-2026-777")
    page.fill("#id_name", "社区康养服务项目")
    page.fill("#id_amount", "12.345")
    page.fill("#id_start_date", date.today().isoformat())
    page.fill("#id_end_date", (date.today() - timedelta(days=30)).isoformat())
    page.check("#id_areas_0")
    page.check("#id_communities_0")
    page.fill("#id_target_people_served", "2.5")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=error-summary]")

    summary = page.locator("[data-testid=error-summary]")
    assert summary.is_visible()
    assert summary.locator("li").count() == 3
    assert "请修改以下 3 处问题" in summary.inner_text()
    assert page.evaluate("document.activeElement.dataset.testid") == "error-summary"
    for name, message in [
        ("amount", "最多"),
        ("end_date", ""),
        ("target_people_served", "人数须为非负整数"),
    ]:
        error = page.locator(f"#id_{name}_error")
        assert error.is_visible() and message in error.inner_text()
        assert page.get_attribute(f"#id_{name}", "aria-invalid") == "true"
    # what was typed is still there, and the summary leads to the field
    assert page.input_value("#id_name") == "社区康养服务项目"
    summary.locator("a[href='#id_target_people_served']").click()
    page.wait_for_function("location.hash === '#id_target_people_served'")
    if size == "phone_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("size", SIZES)
def test_typing_an_id_number_fills_birth_date_and_gender(request, size, login):
    page = request.getfixturevalue(size)
    login(page, "worker_a")
    page.goto("/residents/new/")
    first17 = "22010219800101002"
    number = first17 + id_check_char(first17)
    page.click("#id_id_number")
    page.keyboard.type(number)
    assert page.input_value("#id_birth_date") == "1980-01-01"
    assert page.input_value("#id_gender") == "F"
    assert "1980-01-01" in page.locator("[data-testid=id-number-check]").inner_text()
    assert page.locator("label[for=id_name] .req").is_visible()  # required is marked

    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    page.fill("#id_id_number", "")
    page.click("#id_id_number")
    page.keyboard.type(wrong)
    check = page.locator("[data-testid=id-number-check]")
    assert "校验位错误" in check.inner_text()
    assert page.get_attribute("#id_id_number", "aria-invalid") == "true"
    page.fill("#id_name", "林静")
    page.click("[data-testid=save]")
    assert page.url.endswith("/residents/new/")  # not sent
    assert page.evaluate("document.activeElement.id") == "id_id_number"
    if size == "phone_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
