"""Browser journey in a real Chromium: log in, switch to English and back, log out."""

import pytest

from conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")


def test_log_in_switch_language_and_log_out(page):
    log_in(page, "worker_a")
    page.wait_for_url("**/")
    reach = page.locator("[data-testid=reach]")
    assert "南关区 › 自强街道 › 东岭社区" in reach.inner_text()
    assert "管辖范围" in reach.inner_text()
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state()
    assert "Your reach" in page.locator("[data-testid=reach]").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/organizations/")
    assert page.locator("h1").inner_text() == "Organizations"  # the choice sticks across pages

    page.click("[data-testid=lang-switch]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "组织"

    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    page.goto("/")
    assert "/accounts/login/" in page.url


def test_wrong_password_shows_the_message_in_chinese(page):
    page.goto("/accounts/login/")
    page.fill("#id_username", "worker_b")
    page.fill("#id_password", "Wrong-pass-1")
    page.click("[data-testid=login-submit]")
    assert "用户名或密码错误" in page.locator("form.stacked").inner_text()


def test_phone_layout_has_a_menu_and_no_horizontal_overflow(phone_page):
    log_in(phone_page, "district")
    phone_page.wait_for_url("**/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    nav = phone_page.locator(".mainnav")
    assert not nav.is_visible()
    phone_page.click(".nav-toggle-label")
    assert nav.is_visible()
    nav.get_by_text("组织", exact=True).click()
    phone_page.wait_for_url("**/organizations/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
