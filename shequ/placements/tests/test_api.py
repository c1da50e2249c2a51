from datetime import date, timedelta

import pytest

from shequ.placements.models import Placement, PracticumLog, monday_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = date.today()
THIS_MONDAY = monday_of(TODAY)
OUTSIDERS = ["worker_b", "teacher_x"]  # another community's worker, another school's teacher


@pytest.mark.parametrize("path", ["placements", "practicum-logs", "students"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


def test_the_student_logs_submits_and_the_field_supervisor_approves(api_as, placement):
    student = api_as("student")
    status, before = student.get(f"placements/{placement.pk}")
    assert status == 200 and before["required_hours"] == 800
    assert float(before["approved_hours"]) == 39 and float(before["logged_hours"]) == 62.5

    outside = (placement.start_date - timedelta(days=1)).isoformat()
    status, body = student.post(
        "practicum-logs",
        {"placement_id": placement.pk, "date": outside, "hours": 4, "activities": "提前"},
    )
    assert status == 400 and body["code"] == "outside" and body["field"] == "day"
    assert not PracticumLog.objects.filter(placement=placement, day=outside).exists()
    status, body = student.post(
        "practicum-logs",
        {"placement_id": placement.pk, "date": TODAY.isoformat(), "hours": 25, "activities": "x"},
    )
    assert status == 400 and body["field"] == "hours"
    status, entry = student.post(
        "practicum-logs",
        {
            "placement_id": placement.pk,
            "date": TODAY.isoformat(),
            "hours": "6.5",
            "activities": "走访",
        },
    )
    assert status == 201 and entry["week_start"] == THIS_MONDAY.isoformat()
    status, body = student.post(
        "practicum-logs",
        {"placement_id": placement.pk, "date": TODAY.isoformat(), "hours": 1, "activities": "x"},
    )
    assert status == 409 and body["code"] == "duplicate"
    status, body = api_as("worker_a").post(
        "practicum-logs",
        {"placement_id": placement.pk, "date": TODAY.isoformat(), "hours": 1, "activities": "x"},
    )
    assert status == 403
    status, entry = student.patch(
        f"practicum-logs/{entry['id']}", {"hours": "7", "activities": "走访两户"}
    )
    assert status == 200 and float(entry["hours"]) == 7

    status, journal = student.post(
        f"placements/{placement.pk}/journals",
        {"week_start": THIS_MONDAY.isoformat(), "text": "本周走访"},
    )
    assert status == 201 and journal["status"] == "submitted"
    path = f"placements/{placement.pk}/journals/{journal['id']}"
    assert student.post(f"{path}/approve", {})[0] == 403
    assert api_as("teacher").post(f"{path}/approve", {})[0] == 403
    status, body = api_as("worker_a").post(f"{path}/return", {})
    assert status == 400 and body["field"] == "comment"
    status, journal = api_as("worker_a").post(f"{path}/approve", {"comment": "好"})
    assert status == 200 and journal["status"] == "approved" and journal["decided_by"] == "张丽"
    status, body = student.patch(f"practicum-logs/{entry['id']}", {"hours": 8, "activities": "改"})
    assert status == 409 and body["code"] == "locked"

    status, after = api_as("teacher").get(f"placements/{placement.pk}")
    assert float(after["approved_hours"]) == float(before["approved_hours"]) + 7
    status, logs = api_as("worker_a").get("practicum-logs", {"placement_id": placement.pk})
    assert status == 200 and TODAY.isoformat() in [e["date"] for e in logs]
    status, journals = student.get(f"placements/{placement.pk}/journals")
    assert [j["status"] for j in journals] == ["approved", "submitted", "approved"]


def test_the_school_registers_and_places_a_student(api_as, world, other_teacher):
    teacher = api_as("teacher")
    status, student = teacher.post(
        "students",
        {
            "school_id": world.org("university").pk,
            "name": "周一",
            "number": "2026BSW003",
            "degree": "bsw",
            "cohort": 2026,
        },
    )
    assert status == 201 and student["required_hours"] == 400
    status, body = api_as("teacher_x").post(
        "students",
        {
            "school_id": world.org("university").pk,
            "name": "周二",
            "number": "2026BSW004",
            "degree": "bsw",
            "cohort": 2026,
        },
    )
    assert status == 400 and (body["code"], body["field"]) == ("out_of_reach", "school_id")
    assert student["id"] not in [s["id"] for s in api_as("teacher_x").get("students")[1]]
    assert student["id"] not in [s["id"] for s in api_as("worker_a").get("students")[1]]
    payload = {
        "student_id": student["id"],
        "host_id": world.org("community_a_committee").pk,
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=90)).isoformat(),
        "school_supervisor_id": world.user("teacher").pk,
        "field_supervisor_id": world.user("worker_b").pk,
    }
    status, body = teacher.post("placements", payload)
    assert status == 400 and body["field"] == "field_supervisor"
    status, body = api_as("teacher_x").post(
        "placements", {**payload, "field_supervisor_id": world.user("worker_a").pk}
    )
    assert status == 400 and body["field"] == "student_id"  # the other school's student
    status, placement = teacher.post(
        "placements", {**payload, "field_supervisor_id": world.user("worker_a").pk}
    )
    assert status == 201
    assert placement["community_code"] == world.division("community_a").code
    assert float(placement["approved_hours"]) == 0
    assert placement["status"] == "ongoing"
    seen = {p["id"] for p in api_as("worker_a").get("placements")[1]}
    assert placement["id"] in seen
    assert placement["id"] not in {p["id"] for p in api_as("worker_b").get("placements")[1]}


def test_assignments_and_evaluations(api_as, world, placement_b):
    path = f"placements/{placement_b.pk}"
    status, assignments = api_as("student_b").get(f"{path}/assignments")
    assert status == 200 and assignments[0]["rating"] == "excellent"
    status, assignment = api_as("teacher").post(
        f"{path}/assignments",
        {
            "secretary_id": world.user("worker_b").pk,
            "start_date": (TODAY - timedelta(days=7)).isoformat(),
            "end_date": TODAY.isoformat(),
            "duties": "协助整理台账",
        },
    )
    assert status == 201
    evaluation = f"{path}/assignments/{assignment['id']}/evaluation"
    assert api_as("teacher").post(evaluation, {"rating": "good", "comment": "好"})[0] == 403
    status, body = api_as("worker_b").post(evaluation, {"rating": "good", "comment": "细致"})
    assert status == 200 and body["rating"] == "good"
    assert api_as("worker_b").post(evaluation, {"rating": "good", "comment": "x"})[0] == 409

    status, body = api_as("teacher").post(f"{path}/evaluations", {"score": 90, "comment": "好"})
    assert status == 400 and body["code"] == "too_early"
    Placement.objects.filter(pk=placement_b.pk).update(end_date=TODAY)
    status, body = api_as("teacher").post(f"{path}/evaluations", {"score": 90, "comment": "好"})
    assert status == 201 and body["role"] == "school"
    status, body = api_as("worker_b").post(f"{path}/evaluations", {"score": 85, "comment": "认真"})
    assert status == 201 and body["role"] == "field"
    assert api_as("street").post(f"{path}/evaluations", {"score": 85, "comment": "x"})[0] == 403
    status, body = api_as("student_b").get(f"{path}/evaluations")
    assert status == 200 and sorted(e["score"] for e in body) == [85, 90]


@pytest.mark.usefixtures("other_teacher")
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_everywhere(api_as, world, placement, username):
    """worker_b (西岭) and a teacher of another school: 东岭's placement does not exist."""
    from shequ.placements.models import AssistantAssignment

    client = api_as(username)
    path = f"placements/{placement.pk}"
    journal = placement.journals.first()
    entry = placement.logs.first()
    assignment = AssistantAssignment.objects.create(
        placement=placement,
        secretary=world.user("worker_a"),
        start_date=placement.start_date,
        end_date=placement.start_date,
        duties="x",
    )
    calls = [
        ("get", path, None),
        ("get", "practicum-logs", {"placement_id": placement.pk}),
        (
            "post",
            "practicum-logs",
            {
                "placement_id": placement.pk,
                "date": TODAY.isoformat(),
                "hours": 1,
                "activities": "x",
            },
        ),
        ("patch", f"practicum-logs/{entry.pk}", {"hours": 1, "activities": "x"}),
        ("get", f"{path}/journals", None),
        ("post", f"{path}/journals", {"week_start": THIS_MONDAY.isoformat(), "text": "x"}),
        ("post", f"{path}/journals/{journal.pk}/approve", {}),
        ("post", f"{path}/journals/{journal.pk}/return", {"comment": "x"}),
        ("get", f"{path}/assignments", None),
        (
            "post",
            f"{path}/assignments",
            {
                "secretary_id": world.user("worker_a").pk,
                "start_date": TODAY.isoformat(),
                "end_date": TODAY.isoformat(),
                "duties": "x",
            },
        ),
        (
            "post",
            f"{path}/assignments/{assignment.pk}/evaluation",
            {"rating": "good", "comment": "x"},
        ),
        ("get", f"{path}/evaluations", None),
        ("post", f"{path}/evaluations", {"score": 80, "comment": "x"}),
    ]
    for method, url, data in calls:
        status, _body = client.request(method, url, data)
        assert status == 404, (method, url, status)
    assert placement.pk not in [p["id"] for p in client.get("placements")[1]]
    assert entry.pk not in [e["id"] for e in client.get("practicum-logs")[1]]
    assert placement.student_id not in [s["id"] for s in client.get("students")[1]]


def test_list_queries_do_not_grow_with_rows(api_as, more_placements):
    from shequ.core.testing import assert_constant_queries

    teacher, field = api_as("teacher"), api_as("worker_a")

    calls = {
        "placements": lambda: teacher.get("placements", {"limit": 200}),
        "practicum-logs": lambda: field.get("practicum-logs", {"limit": 200}),
    }
    assert assert_constant_queries(calls, lambda: more_placements(20)) <= 6
    status, body = teacher.get("placements", {"limit": 200})
    assert status == 200 and len(body) >= 21
    status, body = field.get("practicum-logs", {"limit": 200})
    assert status == 200 and len(body) >= 8
