"""The notification API and pages: one's own notifications only (another's answers 404), mark
read, preferences with clear 400s, the bell's count in the page shell."""

from __future__ import annotations

import pytest

from shequ.core.testing import assert_constant_queries
from shequ.notifications.models import Notification
from shequ.notifications.services import notify

pytestmark = [pytest.mark.django_db]


def directors_first(world):
    [made] = notify(
        recipients=[world.user("director_a")],
        kind="closure_requested",
        title="A case closure waits for your approval",
        link="/protection/cases/1/",
        reference="GA-1",
    )
    return made


def test_the_list_holds_my_notifications_only(world, api_as):
    status, body = api_as("director_a").get("notifications")
    assert status == 200
    mine = set(
        Notification.objects.filter(recipient=world.user("director_a")).values_list("pk", flat=True)
    )
    assert {item["id"] for item in body["items"]} == mine
    assert (
        body["unread"]
        == Notification.objects.filter(recipient=world.user("director_a"), read_at=None).count()
    )
    status, body = api_as("director_a").get("notifications", {"unread": "true"})
    assert status == 200 and all(item["unread"] for item in body["items"])


def test_marking_read_and_another_users_notification_is_not_found(world, api_as):
    notification = directors_first(world)
    path = f"notifications/{notification.pk}/read"
    assert api_as("worker_b").post(path)[0] == 404
    assert api_as("police").post(path)[0] == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    status, body = api_as("director_a").post(path)
    assert status == 200 and body["unread"] is False and body["read_at"]
    assert api_as("director_a").post("notifications/999999999/read")[0] == 404
    assert api_as(None).get("notifications")[0] == 401


def test_preferences_round_trip_and_bad_input_is_a_clear_400(world, api_as):
    api = api_as("director_a")
    status, body = api.get("notifications/preferences")
    assert status == 200
    filed = next(k for k in body["kinds"] if k["kind"] == "report_filed")
    assert filed["protection"] is True and filed["email"] is True
    status, body = api.put(
        "notifications/preferences",
        {
            "kinds": [{"kind": "report_filed", "email": False, "sms": True}],
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "digest": True,
            "digest_hour": 7,
        },
    )
    assert status == 200
    filed = next(k for k in body["kinds"] if k["kind"] == "report_filed")
    assert (filed["email"], filed["sms"]) == (False, True)
    assert body["quiet_start"].startswith("22:00") and body["digest_hour"] == 7

    status, body = api.put(
        "notifications/preferences", {"kinds": [{"kind": "nope", "email": True, "sms": False}]}
    )
    assert status == 400 and body["field"] == "kinds"
    status, body = api.put("notifications/preferences", {"quiet_start": "22:00"})
    assert status == 400 and body["field"] == "quiet_end"
    status, body = api.put("notifications/preferences", {"digest_hour": 30})
    assert status == 400 and body["field"] == "digest_hour"
    status, body = api.put(
        "notifications/preferences", {"quiet_start": "25:99", "quiet_end": "07:00"}
    )
    assert status == 422


def test_the_list_runs_a_fixed_number_of_queries(world, api_as):
    api = api_as("worker_b")
    user = world.user("worker_b")

    def grow():
        for n in range(5):
            notify(recipients=[user], kind="job_finished", title=f"t{n}", reference=f"DR-{n}")

    assert_constant_queries(lambda: api.get("notifications"), grow)


def test_the_pages_list_open_and_mark_read(world, client_as):
    client = client_as("director_a", language="en")
    notification = directors_first(world)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert notification.title in page.content.decode()
    assert 'data-testid="bell-count"' in page.content.decode()

    assert client_as("worker_b").post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert client_as("worker_b").post(f"/notifications/{notification.pk}/open/").status_code == 404
    answer = client.post(f"/notifications/{notification.pk}/open/")
    assert answer.status_code == 302 and answer["Location"] == notification.link
    notification.refresh_from_db()
    assert notification.read_at is not None

    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(
        recipient=world.user("director_a"), read_at=None
    ).exists()
    assert 'data-testid="bell-count"' not in client.get("/notifications/").content.decode()


def test_the_preferences_page_saves_and_refuses_half_quiet_hours(world, client_as):
    client = client_as("director_a", language="en")
    assert client.get("/notifications/preferences/").status_code == 200
    answer = client.post(
        "/notifications/preferences/",
        {"quiet_start": "22:00", "digest_hour": "8", "sms_report_filed": "on"},
    )
    assert answer.status_code == 200
    assert "Give both ends of the quiet hours" in answer.content.decode()
    answer = client.post(
        "/notifications/preferences/",
        {
            "quiet_start": "22:00",
            "quiet_end": "06:30",
            "digest_hour": "8",
            "sms_report_filed": "on",
        },
    )
    assert answer.status_code == 302
    status = client.get("/notifications/preferences/").content.decode()
    assert 'value="22:00"' in status
