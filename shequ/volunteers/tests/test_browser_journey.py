"""In Chromium: the volunteer signs up and checks in and out on a phone-sized screen with the
code the organizer shows; the organizer approves, confirms the hours and issues the
certificate; the volunteer downloads it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shequ.volunteers.models import SignUp
from shequ.volunteers.services import activity_create, activity_open

pytestmark = pytest.mark.browser


def test_sign_up_check_in_out_confirm_certificate(page, phone_page, browser_world, login):
    world = browser_world
    organizer = world.user("worker_a")
    start = timezone.now() - timedelta(minutes=20)
    activity = activity_create(
        by=organizer,
        organizer=world.org("community_a_committee"),
        division=world.division("community_a"),
        title="敬老院陪伴",
        content="陪老人聊天、读报",
        place="东岭社区敬老院",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=5,
    )
    activity_open(by=organizer, activity=activity)

    login(phone_page, "volunteer")
    phone_page.goto(f"/volunteers/activities/{activity.pk}/")
    phone_page.click("[data-testid=sign-up]")
    phone_page.wait_for_selector("[data-testid=my-status]")

    login(page, "worker_a")
    page.goto(f"/volunteers/activities/{activity.pk}/")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=signups] td:has-text('已通过')")
    page.goto(f"/volunteers/activities/{activity.pk}/code/")
    assert page.locator("[data-testid=qr] svg").count() == 1
    code = page.locator("[data-testid=code]").inner_text().strip()

    phone_page.goto(f"/volunteers/activities/{activity.pk}/")
    phone_page.click("[data-testid=go-checkin]")
    phone_page.fill("#code", code)
    phone_page.click("[data-testid=checkin-submit]")
    phone_page.wait_for_selector("[data-testid=checkin-state]:has-text('签到')")
    # two hours of service pass
    SignUp.objects.filter(activity=activity).update(
        checked_in_at=timezone.now() - timedelta(hours=2)
    )
    page.reload()
    code = page.locator("[data-testid=code]").inner_text().strip()
    phone_page.fill("#code", code)
    phone_page.click("[data-testid=checkin-submit]")
    phone_page.wait_for_selector("[data-testid=checkin-state]:has-text('2.0')")

    page.goto(f"/volunteers/activities/{activity.pk}/")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=signups] td:has-text('✓')")
    page.locator("summary", has_text="志愿服务记录证明").click()
    page.fill("input[name=person_in_charge]", "王书记")
    page.fill("input[name=contact]", "0431-88880001")
    page.click("[data-testid=issue-certificate]")
    page.wait_for_load_state()

    phone_page.goto("/volunteers/")
    links = phone_page.locator("[data-testid=certificate]")
    assert links.count() == 2  # the demo's certificate and this one
    with phone_page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename.endswith(".pdf")
