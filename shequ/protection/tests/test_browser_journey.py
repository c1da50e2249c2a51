"""In Chromium: a school reports; the community's child-welfare director acknowledges and
grades red, and refers the case up to the street; the street's joint meeting makes a
resolution; the school completes its task; the case is closed with the supervisor's approval."""

from datetime import date, timedelta

import pytest

from shequ.protection.models import ProtectionCase, Task
from shequ.protection.tests.browser_steps import convene, file_report

pytestmark = pytest.mark.browser


def logout(page):
    page.click("[data-testid=logout]")


def test_report_acknowledge_refer_meet_complete_close(page, browser_world, login):
    world = browser_world
    login(page, "school")
    file_report(
        page,
        world,
        name="吴小军",
        gender="M",
        years=8,
        situation="multiple_injuries",
        seen="体检时发现背部多处新旧伤痕",
    )
    report_url = page.url
    logout(page)

    login(page, "director_a")
    page.goto(report_url)
    assert "隐藏" in page.locator("[data-testid=reporter]").inner_text()
    page.click("[data-testid=accept]")
    page.wait_for_url("**/protection/cases/*/")
    case = ProtectionCase.objects.get(child__name="吴小军")
    page.select_option("[data-testid=grade-form] #id_grade", "red")
    page.fill("[data-testid=grade-form] #id_reasons", "多处外伤，疑似家暴")
    page.locator("[data-testid=grade-form] button").click()
    page.wait_for_selector("[data-testid=grade] .grade-red")
    page.locator("summary", has_text="上报").click()
    page.fill("[data-testid=escalate-form] #id_reason", "需要街道联席会议协调")
    page.click("[data-testid=escalate]")
    page.wait_for_selector("[data-testid=level]:has-text('自强街道')")
    logout(page)

    login(page, "child_sup")
    meeting_url = convene(
        page,
        world,
        title="吴小军个案专题联席会议",
        case=case,
        resolution="学校安排心理老师每周辅导",
        owner="school",
        due_on=date.today() + timedelta(days=14),
    )
    logout(page)

    login(page, "school")
    page.goto(meeting_url)
    row = page.locator("[data-testid=tasks] tr", has_text="学校安排心理老师每周辅导")
    row.locator("input[name=outcome]").fill("已开始每周辅导")
    row.locator("[data-testid=complete-task]").click()
    page.wait_for_selector("[data-testid=task-status]:has-text('已完成')")
    assert Task.objects.get(resolution="学校安排心理老师每周辅导").status == "done"
    logout(page)

    login(page, "director_a")
    page.goto(f"/protection/cases/{case.pk}/")
    page.locator("summary", has_text="申请结案").click()
    page.fill("[data-testid=closure-form] #id_reason", "监护人已接受教育，伤情痊愈")
    page.fill("[data-testid=closure-form] #id_follow_up_months", "6")
    page.click("[data-testid=request-closure]")
    page.wait_for_selector("[data-testid=case-status]:has-text('申请结案')")
    logout(page)

    login(page, "child_sup")
    page.goto(f"/protection/cases/{case.pk}/")
    page.click("[data-testid=approve-closure]")
    page.wait_for_selector("[data-testid=case-status]:has-text('回访')")
    case.refresh_from_db()
    assert case.status == "follow_up"
    assert "director_a" in page.locator("[data-testid=access-log]").inner_text() or "王芳" in (
        page.locator("[data-testid=access-log]").inner_text()
    )
