"""Ids a request names on a placement (the school, the host, the supervisors, the student's
account, the secretary) are resolved among the choices the page offers: an id out of reach
answers like a missing one (400 `out_of_reach` on the field in the API, a form error on the
page) and nothing is written (docs/decisions/ids-from-a-request-are-resolved-in-reach.md)."""

from datetime import date, timedelta

import pytest

from shequ.core.testing import assert_not_in_reach
from shequ.placements.models import (
    AssistantAssignment,
    Placement,
    PracticumRequirement,
    Student,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()
MISSING = 999_999


def student_payload(world, **changes):
    return {
        "school_id": world.org("university").pk,
        "name": "越权生",
        "number": "2026BSW099",
        "degree": "bsw",
        "cohort": 2026,
    } | changes


def test_a_school_out_of_reach_answers_like_a_missing_one(api_as, client_as, world, other_teacher):
    for school in (world.org("university").pk, MISSING):
        answer = api_as("teacher_x").post("students", student_payload(world, school_id=school))
        assert_not_in_reach(answer, "school_id")
    page = client_as("teacher_x").post(
        "/placements/new/",
        {
            "action": "student",
            "student-school": world.org("university").pk,
            "student-name": "越权生",
            "student-number": "2026BSW099",
            "student-degree": "bsw",
            "student-cohort": "2026",
        },
    )
    assert page.status_code == 200 and page.context["student_form"].errors["school"]
    assert not Student.objects.filter(number="2026BSW099").exists()


def test_a_student_account_is_one_of_the_school_people(api_as, world):
    for account in (world.user("worker_a").pk, MISSING):
        answer = api_as("teacher").post("students", student_payload(world, user_id=account))
        assert_not_in_reach(answer, "user_id")
    assert not Student.objects.filter(number="2026BSW099").exists()


@pytest.mark.parametrize(
    ("field", "page_field", "named"),
    [
        ("host_id", "host", lambda w: w.org("ziqiang_office").pk),  # not a community or agency
        ("school_supervisor_id", "school_supervisor", lambda w: w.user("worker_a").pk),
        ("field_supervisor_id", "field_supervisor", lambda w: w.user("teacher_x").pk),
    ],
)
def test_a_host_or_supervisor_out_of_reach_answers_like_a_missing_one(
    api_as, client_as, world, other_teacher, field, page_field, named
):
    student = Student.objects.create(
        division=world.org("university").division,
        school=world.org("university"),
        name="越权生",
        number="2026BSW099",
        requirement=PracticumRequirement.objects.get(code="bsw"),
        cohort=2026,
    )
    payload = {
        "student_id": student.pk,
        "host_id": world.org("community_a_committee").pk,
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=60)).isoformat(),
        "school_supervisor_id": world.user("teacher").pk,
        "field_supervisor_id": world.user("worker_a").pk,
    }
    for value in (named(world), MISSING):
        assert_not_in_reach(api_as("teacher").post("placements", {**payload, field: value}), field)
    form = {"action": "placement"} | {k.removesuffix("_id"): v for k, v in payload.items()}
    page = client_as("teacher").post("/placements/new/", {**form, page_field: named(world)})
    assert page.status_code == 200 and page.context["form"].errors[page_field]
    assert not Placement.objects.filter(student=student).exists()
    assert api_as("teacher").post("placements", payload)[0] == 201  # the choices offered pass


def test_a_secretary_out_of_the_placement_community_answers_like_a_missing_one(
    api_as, client_as, world, placement_b
):
    before = AssistantAssignment.objects.count()
    payload = {
        "start_date": (TODAY - timedelta(days=7)).isoformat(),
        "end_date": TODAY.isoformat(),
        "duties": "协助整理台账",
    }
    path = f"placements/{placement_b.pk}/assignments"
    for secretary in (world.user("worker_a").pk, MISSING):  # 东岭's worker, a 西岭 placement
        answer = api_as("teacher").post(path, {**payload, "secretary_id": secretary})
        assert_not_in_reach(answer, "secretary_id")
    page = client_as("teacher").post(
        f"/placements/{placement_b.pk}/",
        {"action": "assign", "secretary": world.user("worker_a").pk, **payload},
        follow=True,
    )
    assert "选择一个有效的选项" in page.content.decode()  # not among the choices offered
    assert AssistantAssignment.objects.count() == before
