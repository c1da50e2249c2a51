"""In Chromium: the student, on a phone-sized screen, logs a day's hours (a day outside the
placement is refused with the message shown and nothing saved) and submits the week's
journal; the field supervisor approves the week; the student's progress shows the approved
hours."""

from datetime import date, timedelta
from urllib.parse import urljoin

import pytest

from shequ.placements.models import Placement, PracticumLog, monday_of

pytestmark = pytest.mark.browser


def test_student_logs_hours_supervisor_approves_progress_moves(
    page, phone_page, browser_world, login
):
    placement = Placement.objects.get(student__user__username="student")
    today, monday = date.today(), monday_of(date.today()).isoformat()
    week = f"[data-testid='week-{monday}']"

    login(phone_page, "student", language="en")
    phone_page.goto(urljoin(phone_page.url, "/placements/"))  # the workbench is the first page
    phone_page.click("[data-testid=placements] a:has-text('林小雨')")
    phone_page.wait_for_url(f"**/placements/{placement.pk}/")
    assert phone_page.inner_text("[data-testid=approved-hours]") == "39.0"

    outside = (placement.start_date - timedelta(days=1)).isoformat()
    phone_page.fill("#id_day", outside)
    phone_page.fill("#id_hours", "6")
    phone_page.fill("#id_activities", "协助社区开展垃圾分类宣传")
    phone_page.click("[data-testid=log-submit]")
    assert "outside the placement" in phone_page.inner_text("[data-testid=log-form]")
    assert phone_page.input_value("#id_activities") == "协助社区开展垃圾分类宣传"
    assert not PracticumLog.objects.filter(placement=placement, day=outside).exists()

    phone_page.fill("#id_day", today.isoformat())
    phone_page.click("[data-testid=log-submit]")
    phone_page.wait_for_selector(".messages li.success")
    assert "6 hours" in phone_page.inner_text(week)
    phone_page.fill(
        f"{week} textarea[name=text]", "本周协助开展垃圾分类宣传，学习了社区动员的方法。"
    )
    phone_page.click(f"{week} [data-testid=submit-week]")
    phone_page.wait_for_selector(f"{week} [data-testid=week-status]:has-text('submitted')")

    login(page, "worker_a", language="en")
    page.goto(f"/placements/{placement.pk}/")
    page.fill(f"{week} textarea[name=comment]", "宣传材料准备充分。")
    page.click(f"{week} [data-testid=approve-week]")
    page.wait_for_selector(f"{week} [data-testid=week-status]:has-text('approved')")

    phone_page.reload()
    assert phone_page.inner_text("[data-testid=approved-hours]") == "45.0"
    assert "宣传材料准备充分" in phone_page.inner_text(week)
