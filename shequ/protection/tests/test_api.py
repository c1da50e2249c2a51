from datetime import date, timedelta

import pytest
from django.utils import timezone

from shequ.protection.models import AccessLog, Meeting, ProtectionCase, Report, Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def demo_case():
    return ProtectionCase.objects.get(child__name="李小雨")


@pytest.mark.parametrize(
    "path", ["protection/reports", "protection/cases", "protection/meetings", "protection/tasks"]
)
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


@pytest.mark.parametrize("username", ["worker_k", "worker_b", "worker_a", "agency", "district_k"])
def test_no_trace_for_those_without_the_right(api_as, username):
    case = demo_case()
    client = api_as(username)
    assert client.get("protection/cases")[1] == []
    assert client.get("protection/reports")[1] == []
    for path in (
        f"protection/cases/{case.pk}",
        f"protection/cases/{case.pk}/access-log",
    ):
        assert client.get(path)[0] == 404, path
    for path, payload in (
        (f"protection/cases/{case.pk}/grade", {"grade": "red", "reasons": "x"}),
        (f"protection/cases/{case.pk}/visits", {"visited_on": date.today().isoformat()}),
        (f"protection/cases/{case.pk}/escalate", {"reason": "x"}),
        (f"protection/cases/{case.pk}/reopen", {"reason": "x"}),
    ):
        assert client.post(path, payload)[0] == 404, path
    report = Report.objects.get(child__name="赵小明")
    assert client.get(f"protection/reports/{report.pk}")[0] == 404
    assert client.post(f"protection/reports/{report.pk}/accept", {})[0] == 404
    meeting = Meeting.objects.get()
    assert client.get(f"protection/meetings/{meeting.pk}")[0] == 404
    task = Task.objects.get(resolution="学校为李小雨安排午餐和课后托管")
    assert client.post(f"protection/tasks/{task.pk}/complete", {"outcome": "x"})[0] == 404


def test_a_school_reports_and_the_director_accepts_and_grades(api_as, world):
    payload = {
        "community_code": world.division("community_a").code,
        "child": {"name": "周小北", "gender": "M", "birth_date": "2016-03-01"},
        "situations": ["abandoned"],
        "seen": "放学后无人接，连续三天在校门口等到天黑",
        "seen_at": (timezone.now() - timedelta(hours=2)).isoformat(),
    }
    status, body = api_as("school").post("protection/reports", payload)
    assert status == 201 and body["status"] == "new" and not body["reporter"]["hidden"]
    report_id = body["id"]
    status, body = api_as("director_a").get(f"protection/reports/{report_id}")
    assert status == 200 and body["reporter"]["hidden"] and body["reporter"]["name"] == ""
    status, body = api_as("child_sup").get(f"protection/reports/{report_id}")
    assert body["reporter"]["name"] == "林老师"
    status, case = api_as("director_a").post(f"protection/reports/{report_id}/accept", {})
    assert status == 201
    status, body = api_as("director_a").post(
        f"protection/cases/{case['id']}/grade", {"grade": "red", "reasons": "无人照料"}
    )
    assert status == 200 and body["grade"] == "red"
    assert body["next_visit_due"] == (date.today() + timedelta(days=7)).isoformat()
    # the API read is in the case's access log, which the supervisor sees
    status, log = api_as("child_sup").get(f"protection/cases/{case['id']}/access-log")
    assert status == 200
    assert {("director_a", "api")} <= {(e["user"], e["channel"]) for e in log}
    assert api_as("director_a").get(f"protection/cases/{case['id']}/access-log")[0] == 403


def test_bad_input_is_a_clear_message(api_as, world):
    adult = {
        "community_code": world.division("community_a").code,
        "child": {"name": "成年人", "birth_date": "2000-01-01"},
        "situations": ["abandoned"],
        "seen": "x",
        "seen_at": timezone.now().isoformat(),
    }
    status, body = api_as("school").post("protection/reports", adult)
    assert status == 400 and body["code"] == "not_a_minor"
    case = demo_case()
    status, body = api_as("director_a").post(
        f"protection/cases/{case.pk}/visits",
        {"visited_on": (date.today() + timedelta(days=2)).isoformat()},
    )
    assert status == 400 and body["field"] == "visited_on"
    status, body = api_as("director_a").post(
        f"protection/cases/{case.pk}/referrals",
        {"organization_id": world.org("volunteer_team").pk, "reason": "x"},
    )
    assert status == 400 and body["code"] == "cannot_receive"
    meeting = Meeting.objects.get()
    status, body = api_as("child_sup").post(
        f"protection/meetings/{meeting.pk}/resolutions", {"resolution": "落实监护"}
    )
    assert status == 400 and body["field"] == "owner"


def test_meetings_tasks_and_the_next_meeting_starts_from_open_tasks(api_as, world):
    case = demo_case()
    status, body = api_as("child_sup").post(
        "protection/meetings",
        {
            "division_code": world.division("ziqiang").code,
            "convener_id": world.org("ziqiang_office").pk,
            "held_on": date.today().isoformat(),
            "title": "临时联席会议",
            "member_ids": [world.org("school").pk, world.org("police").pk],
            "case_ids": [case.pk],
        },
    )
    assert status == 201
    assert [t["resolution"] for t in body["open_tasks_before"]] == [
        "派出所核实监护人失职情况并反馈联席会议",
        "学校为李小雨安排午餐和课后托管",
    ]
    assert api_as("director_a").post(
        "protection/meetings",
        {
            "division_code": world.division("ziqiang").code,
            "convener_id": world.org("ziqiang_office").pk,
            "held_on": date.today().isoformat(),
            "title": "x",
            "member_ids": [world.org("school").pk],
        },
    )[0] in (403, 404)
    status, tasks = api_as("school").get("protection/tasks", {"status": "open"})
    # the school sees the meeting's two tasks and completes its own
    assert status == 200 and len(tasks) == 2
    own = next(t for t in tasks if t["resolution"] == "学校为李小雨安排午餐和课后托管")
    status, body = api_as("school").post(
        f"protection/tasks/{own['id']}/complete", {"outcome": "已安排"}
    )
    assert status == 200 and body["status"] == "done"


def test_break_the_glass_through_the_api(api_as):
    case = demo_case()
    client = api_as("district_k")
    assert client.get(f"protection/cases/{case.pk}")[0] == 404
    status, _ = client.post(
        f"protection/cases/{case.pk}/break-glass", {"reason": "孩子被送到宽城区救助站，需了解情况"}
    )
    assert status == 200
    assert client.get(f"protection/cases/{case.pk}")[0] == 200
    assert (
        AccessLog.objects.filter(case=case, user__username="district_k", via="glass").count() >= 2
    )
    status, alerts = api_as("auditor").get("protection/alerts")
    assert any(a["kind"] == "glass_broken" and a["case_id"] == case.pk for a in alerts)


@pytest.mark.parametrize("username", ["worker_k", "worker_b", "district_k", "volunteer"])
def test_other_endpoints_refuse_outsiders(api_as, username, world):
    case = demo_case()
    client = api_as(username)
    referral = case.referrals.get()
    for path, payload in (
        (
            f"protection/cases/{case.pk}/referrals",
            {"organization_id": world.org("school").pk, "reason": "x"},
        ),
        (f"protection/cases/{case.pk}/de-escalate", {"reason": "x"}),
        (f"protection/cases/{case.pk}/closure", {"reason": "x", "follow_up_months": 6}),
        (f"protection/cases/{case.pk}/closure/approval", {"approve": True}),
        (f"protection/referrals/{referral.pk}/answer", {"accept": True}),
        (f"protection/meetings/{Meeting.objects.get().pk}/resolutions", {"resolution": "x"}),
    ):
        assert client.post(path, payload)[0] == 404, path
    assert client.get("protection/meetings")[1] == []
    assert client.get("protection/tasks")[1] == []
    assert client.get("protection/alerts")[1] == []
    case.refresh_from_db()
    assert case.status == "open" and case.referrals.count() == 1


def test_the_meeting_list_runs_a_fixed_number_of_queries(api_as, world):
    from shequ.core.testing import assert_constant_queries
    from shequ.protection.services import meeting_create, resolution_add

    client = api_as("child_sup")

    def meetings():
        assert client.get("protection/meetings")[0] == 200

    def grow():
        for n in range(3):
            meeting = meeting_create(
                by=world.user("child_sup"),
                division=world.division("ziqiang"),
                convener=world.org("ziqiang_office"),
                held_on=date.today(),
                title=f"例会 {n}",
                members=[world.org("school"), world.org("police")],
                cases=[demo_case()],
            )
            resolution_add(
                by=world.user("child_sup"),
                meeting=meeting,
                resolution=f"事项 {n}",
                owner=world.org("police"),
                due_on=date.today() + timedelta(days=5),
            )

    assert_constant_queries(meetings, grow)
