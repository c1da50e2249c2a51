"""On a phone, in Chromium: a school's report reaches the director's bell; she opens it from the
notification page and lands on the report; the deadline is missed (the clock moved, not waited
for) and the street's child-welfare supervisor finds the escalation in his notifications."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from shequ.notifications.escalation import escalate
from shequ.notifications.models import Notification
from shequ.protection.services import report_submit

pytestmark = pytest.mark.browser


def test_a_report_rings_the_directors_bell_then_escalates_to_the_street(
    phone_page, browser_world, login
):
    page, world = phone_page, browser_world
    report = report_submit(
        by=world.user("school"),
        community=world.division("community_a"),
        child={"name": "吴小军", "gender": "M", "birth_date": date(2018, 5, 1)},
        situations=["multiple_injuries"],
        seen="体检时发现背部多处新旧伤痕",
        seen_at=timezone.now() - timedelta(hours=2),
    )
    director = world.user("director_a")
    unread = Notification.objects.filter(recipient=director, read_at=None).count()
    assert unread >= 1

    login(page, "director_a")
    assert page.locator("[data-testid=bell-count]").inner_text() == str(unread)
    page.click("[data-testid=bell]")
    page.wait_for_url("**/notifications/")
    card = page.locator("[data-testid=notification]", has_text=f"BG-{report.pk}")
    assert "待受理" in card.inner_text()
    assert "吴小军" not in page.content()
    card.locator("button", has_text="打开").click()
    page.wait_for_url(f"**/protection/reports/{report.pk}/")
    remaining = page.locator("[data-testid=bell-count]")
    assert (remaining.inner_text() if remaining.count() else "0") == str(unread - 1)

    escalate(report.due_at + timedelta(minutes=5))
    escalate(report.due_at + timedelta(minutes=10))  # twice: once
    login(page, "child_sup")
    page.goto("/notifications/?unread=1")
    overdue = page.locator("[data-testid=notification]", has_text=f"BG-{report.pk}")
    assert overdue.count() == 1
    assert "未在时限内受理" in overdue.inner_text()
