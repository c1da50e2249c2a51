"""In Chromium, at a phone's size (issue 18, done when): a report from the school reaches the
child-welfare director's workbench, is acknowledged and referred to the police, whose
workbench shows the referral and whose menu then opens the accepted case; the joint meeting's
task appears on the school's workbench. Every step starts from the workbench, one tap away."""

from datetime import date, timedelta

import pytest

from shequ.protection.models import ProtectionCase, Report
from shequ.protection.tests.browser_steps import convene, file_report

pytestmark = pytest.mark.browser


def logout(page):
    page.click("[data-testid=logout]")


def tap_item(page, text):
    """From the workbench (the first page after login), tap the item."""
    page.goto("/")
    item = page.locator("[data-testid=wb-item]", has_text=text)
    item.first.click()
    page.wait_for_load_state()


def test_a_report_flows_from_workbench_to_workbench(phone_page, browser_world, login):
    page, world = phone_page, browser_world
    page.set_default_timeout(60_000)  # a shared, loaded test machine
    login(page, "school")
    file_report(
        page,
        world,
        name="郑小兰",
        gender="F",
        years=7,
        situation="abandoned",
        seen="孩子连续三天独自在家，无人照料",
    )
    report = Report.objects.get(child__name="郑小兰")
    page.goto("/")  # the school follows its report: waiting for others
    assert f"第 {report.pk} 号报告等待受理" in page.locator("[data-testid=wb-waiting]").inner_text()
    logout(page)

    # the director opens Shequ on the report, with its deadline, and acknowledges it
    login(page, "director_a")
    assert page.locator(".topbar .dot").first.is_visible()  # the red dot on the menu
    text = page.locator("[data-testid=wb-item]", has_text=f"第 {report.pk} 号报告").inner_text()
    assert "还剩" in text and "郑小兰" not in text  # time left; no child's name on the list
    tap_item(page, f"第 {report.pk} 号报告")
    page.click("[data-testid=accept]")
    page.wait_for_url("**/protection/cases/*/")
    case = ProtectionCase.objects.get(child__name="郑小兰")
    page.locator("summary", has_text="转介").click()
    refer = page.locator("form[action$='/refer/']")
    refer.locator("select[name=organization]").select_option(str(world.org("police").pk))
    refer.locator("input[name=reason]").fill("请派出所核实监护情况")
    refer.locator("button").click()
    page.wait_for_load_state()
    page.goto("/")
    assert f"第 {case.pk} 号个案" in page.locator("[data-testid=wb-waiting]").inner_text()
    logout(page)

    # the police: the referral waits on their workbench; accepted, the case opens from the menu
    login(page, "police")
    tap_item(page, f"第 {case.pk} 号个案转介至")
    card = page.locator(".card", has_text=f"#{case.pk}")
    card.locator("input[name=answer]").fill("已受理")
    card.locator("button[name=accept][value='1']").click()
    page.wait_for_load_state()
    page.click("label.nav-toggle-label")
    page.click(".mainnav a[href='/protection/cases/']")
    page.click(f"a[href='/protection/cases/{case.pk}/']")
    page.wait_for_url(f"**/protection/cases/{case.pk}/")
    assert "郑小兰" in page.content()  # the page answers as the API does (not 未找到)
    logout(page)

    # the street's joint meeting gives the school a task: it is on the school's workbench
    login(page, "child_sup")
    meeting_url = convene(
        page,
        world,
        title="郑小兰个案专题联席会议",
        case=case,
        resolution="学校为郑小兰安排课后托管",
        owner="school",
        due_on=date.today() + timedelta(days=2),
    )
    logout(page)

    login(page, "school")
    week = page.locator("[data-testid=wb-week]")
    assert "学校为郑小兰安排课后托管" in week.inner_text()
    tap_item(page, "学校为郑小兰安排课后托管")
    assert page.url == meeting_url
    row = page.locator("[data-testid=tasks] tr", has_text="学校为郑小兰安排课后托管")
    assert row.locator("[data-testid=complete-task]").is_visible()
