"""In Chromium: a community worker drafts a case study from a closed case (the draft shows no
client name) and submits it; the supervisor approves it; a worker of another community finds it
in the library (on a phone)."""

import pytest

from shequ.sharing.models import CaseStudy

pytestmark = pytest.mark.browser


def logout(page):
    page.context.clear_cookies()


def test_a_case_study_from_draft_to_publication(
    page, phone_page, browser_world, closed_case, login
):
    case = closed_case
    client_name = case.client.name

    login(page, "worker_a")
    page.goto(f"/delivery/cases/{case.pk}/")
    page.click("[data-testid=draft-case-study]")
    page.wait_for_selector("[data-testid=study-form]")
    study = CaseStudy.objects.filter(author__username="worker_a").latest("id")
    body = page.locator("#id_body").input_value()
    assert client_name not in body and "案主A" in body
    assert client_name not in page.locator("main").inner_text()
    page.fill("#id_title", "再就业与家庭关系修复个案")
    page.fill(
        "#id_body",
        body.replace("（请作者撰写：理论视角、伦理议题、经验与不足。）", "以优势视角介入。"),
    )
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=study-status]")
    assert CaseStudy.objects.get(pk=study.pk).status == "submitted"
    logout(page)

    login(page, "supervisor")
    page.goto("/case-studies/")
    page.click("[data-testid=to-approve] a:has-text('再就业与家庭关系修复个案')")
    page.fill("#id_comment", "同意发布")
    page.click("[data-testid=approve]")
    page.wait_for_selector(".messages")
    assert CaseStudy.objects.get(pk=study.pk).status == "published"

    login(phone_page, "worker_b")
    phone_page.goto("/case-studies/")
    phone_page.click("[data-testid=library] a:has-text('再就业与家庭关系修复个案')")
    text = phone_page.locator("[data-testid=study-body]").inner_text()
    assert "以优势视角介入" in text and client_name not in text
