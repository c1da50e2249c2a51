from datetime import date, timedelta

import pytest

from shequ.trainings.models import Enrollment, Trainee, TrainingSession

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("path", ["trainings", "trainees", "trainees/ce-shortfall"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


def create_training(api_as, world, **changes):
    start = date.today() - timedelta(days=10)
    payload = {
        "organizer_id": world.org("university").pk,
        "programme": "governance",
        "title": "社区治理与三社联动培训（第二期）",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=5)).isoformat(),
        "partner_id": world.org("kuancheng_bureau").pk,
    } | changes
    return api_as("teacher").post("trainings", payload)


def test_the_organizer_runs_a_training_through_the_api(api_as, world):
    status, training = create_training(api_as, world)
    assert status == 201 and training["programme"] == "governance"
    path = f"trainings/{training['id']}"
    start = date.fromisoformat(training["start_date"])

    status, session = api_as("teacher").post(
        f"{path}/sessions",
        {"held_on": start.isoformat(), "hours": "3.5", "trainer": "赵教授", "place": "报告厅"},
    )
    assert status == 201 and session["hours"] == "3.5"
    status, body = api_as("teacher").post(
        f"{path}/sessions",
        {"held_on": (start - timedelta(days=1)).isoformat(), "hours": "2", "trainer": "钱老师"},
    )
    assert status == 400 and body["field"] == "held_on"
    assert TrainingSession.objects.filter(training_id=training["id"]).count() == 1

    status, trainee = api_as("teacher").post(
        "trainees",
        {
            "community_code": world.division("xinfa").code,
            "name": "周敏",
            "workplace": "新发社区居委会",
            "phone": "13900001234",
            "title": "assistant",
            "title_since": "2025-01-01",
        },
    )
    assert (
        status == 201
        and trainee["phone_masked"].startswith("139")
        and "1234" in trainee["phone_masked"]
    )
    assert "13900001234" not in str(trainee)
    status, enrollment = api_as("teacher").post(
        f"{path}/enrollments", {"trainee_id": trainee["id"]}
    )
    assert status == 201 and enrollment["result"] == "pending"
    assert api_as("teacher").post(f"{path}/enrollments", {"trainee_id": trainee["id"]})[0] == 409

    # completion needs the attendance: refused before, accepted after
    status, body = api_as("teacher").post(
        f"enrollments/{enrollment['id']}/result", {"passed": True, "score": "90"}
    )
    assert status == 400 and body["code"] == "attendance"
    status, rows = api_as("teacher").put(
        f"{path}/sessions/{session['id']}/attendance", {"present": [enrollment["id"]]}
    )
    assert status == 200 and rows[0]["attendance_rate"] == "100.0"
    status, done = api_as("teacher").post(
        f"enrollments/{enrollment['id']}/result", {"passed": True, "score": "90"}
    )
    assert status == 200 and done["result"] == "passed" and done["certificate_number"]

    status, detail = api_as("teacher").get(path)
    assert status == 200 and detail["training"]["title"] == training["title"]
    assert [s["id"] for s in detail["sessions"]] == [session["id"]]
    assert detail["enrollments"][0]["certificate_number"] == done["certificate_number"]

    # 3.5 hours of 72: short of continuing education
    short = {r["trainee_id"]: r for r in api_as("teacher").get("trainees/ce-shortfall")[1]}
    assert short[trainee["id"]]["hours"] == "3.5" and short[trainee["id"]]["short"] == "68.5"


def test_bad_input_is_refused_with_nothing_saved(api_as, world):
    before = Trainee.objects.count()
    status, body = api_as("teacher").post(
        "trainees",
        {"community_code": world.division("xinfa").code, "name": "周敏", "phone": "12345"},
    )
    assert status == 400 and body["field"] == "phone"
    status, body = api_as("teacher").post(
        "trainees", {"community_code": world.division("xinfa").code, "name": "周敏2"}
    )
    assert status == 400 and body["field"] == "name"
    assert Trainee.objects.count() == before
    status, body = create_training(
        api_as, world, end_date=(date.today() - timedelta(days=30)).isoformat()
    )
    assert status == 400 and body["field"] == "end_date"


def test_other_people_are_refused(api_as, world):
    _status, training = create_training(api_as, world)
    path = f"trainings/{training['id']}"
    enrollment = Enrollment.objects.filter(training__title="2026年宽城区社工岗岗前培训").first()
    session = TrainingSession.objects.filter(training_id=enrollment.training_id).first()
    trainee = enrollment.trainee
    # a worker of 西岭 sees neither the new training nor the 新发 trainees of the demo one
    assert api_as("worker_b").get(path)[0] == 404
    assert (
        api_as("worker_b").post(
            f"{path}/sessions", {"held_on": training["start_date"], "hours": "2", "trainer": "x"}
        )[0]
        == 404
    )
    assert api_as("worker_b").post(f"{path}/enrollments", {"trainee_id": trainee.pk})[0] == 404
    assert (
        api_as("worker_b").put(
            f"trainings/{enrollment.training_id}/sessions/{session.pk}/attendance",
            {"present": [enrollment.pk]},
        )[0]
        == 404
    )
    assert (
        api_as("worker_b").post(f"enrollments/{enrollment.pk}/result", {"passed": False})[0] == 404
    )
    assert training["id"] not in [t["id"] for t in api_as("worker_b").get("trainings")[1]]
    assert "孙悦" not in [t["name"] for t in api_as("worker_b").get("trainees")[1]]
    assert "孙悦" not in [t["name"] for t in api_as("worker_b").get("trainees/ce-shortfall")[1]]
    # an agency may not organize for the university
    assert create_training(api_as, world)[0] == 201
    status, body = api_as("agency").post(
        "trainings",
        {
            "organizer_id": world.org("university").pk,
            "programme": "governance",
            "title": "x",
            "start_date": "2026-01-01",
            "end_date": "2026-01-02",
        },
    )
    assert status == 400 and (body["code"], body["field"]) == ("out_of_reach", "organizer_id")


def test_recording_attendance_answers_in_a_fixed_number_of_queries(api_as, world):
    from shequ.core.testing import assert_constant_queries

    enrollment = Enrollment.objects.filter(training__title="2026年宽城区社工岗岗前培训").first()
    training = enrollment.training
    session = training.sessions.first()
    path = f"trainings/{training.pk}/sessions/{session.pk}/attendance"
    everyone = list(training.enrollments.values_list("pk", flat=True))
    client = api_as("teacher")
    present = everyone[:1]

    def record():
        status, rows = client.put(path, {"present": present})
        assert status == 200 and len(rows) == len(present)

    assert_constant_queries(record, lambda: present.extend(everyone[1:]))
    assert len(everyone) > 1
