"""In Chromium, on a phone-sized screen: a community worker registers an application, moves it
through the stages (a jump over a stage is refused with the message next to the field, nothing
saved), records the filing with the street; the page shows the organization filed."""

from datetime import date

import pytest

from shequ.community_orgs.models import CommunityOrganization

pytestmark = pytest.mark.browser


def move(page, stage, reason):
    page.click("[data-testid=form-advance] summary")
    page.select_option("#id_advance_stage", stage)
    page.fill("#id_advance_reason", reason)
    page.click("[data-testid=form-advance] button[type=submit]")


def test_an_organization_from_application_to_filing(phone_page, browser_world, login):
    page = phone_page
    today = date.today().isoformat()
    login(page, "worker_a")
    page.goto("/community-organizations/")
    page.click("[data-testid=new-organization]")
    page.fill("#id_name", "东岭社区太极拳队")
    page.select_option("#id_org_type", label="文体")
    page.fill("#id_applied_on", today)
    page.fill("#id_purpose", "每天清晨在广场练习太极拳")
    page.select_option("#id_incubator", label="长春市同创社会工作服务中心")
    page.click("[data-testid=organization-form] button[type=submit]")
    org = CommunityOrganization.objects.get(name="东岭社区太极拳队")
    page.wait_for_url(f"**/community-organizations/{org.pk}/")
    assert page.inner_text("[data-testid=stage]") == "申请"

    move(page, "pre_incubation", "有了固定的练习时间和骨干")
    page.wait_for_selector("[data-testid=stage]:text-is('预孵化')")

    # a jump over 孵化 is refused, with the message next to the field, and nothing is saved
    move(page, "mature", "想直接成熟")
    error = page.locator("[data-testid=form-advance] .errorlist")
    error.wait_for()
    assert "预孵化" in error.inner_text() and "孵化" in error.inner_text()
    assert page.input_value("#id_advance_reason") == "想直接成熟"
    assert page.inner_text("[data-testid=stage]") == "预孵化"
    assert CommunityOrganization.objects.get(pk=org.pk).stage.code == "pre_incubation"

    page.select_option("#id_advance_stage", "incubation")
    page.fill("#id_advance_reason", "推选了负责人，制定了章程")
    page.click("[data-testid=form-advance] button[type=submit]")
    page.wait_for_selector("[data-testid=stage]:text-is('孵化')")
    history = page.inner_text("[data-testid=history]")
    assert "有了固定的练习时间和骨干" in history and "推选了负责人，制定了章程" in history
    assert "想直接成熟" not in history

    page.click("[data-testid=form-status] summary")
    page.select_option("#id_status_status", "filed")
    page.fill("#id_status_on", today)
    page.fill("#id_status_filing_number", "自强备字〔2026〕8号")
    page.click("[data-testid=form-status] button[type=submit]")
    page.wait_for_selector("td[data-status=filed]")
    assert "自强备字〔2026〕8号" in page.inner_text("td[data-status=filed]")
    org.refresh_from_db()
    assert org.status == "filed" and org.filed_on == date.today()
