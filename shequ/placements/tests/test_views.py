from datetime import date, timedelta

import pytest

from shequ.placements.models import (
    AssistantAssignment,
    JournalStatus,
    Placement,
    PracticumLog,
    Student,
    monday_of,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def en(client_as):
    def make(username):
        client = client_as(username)
        client.cookies["django_language"] = "en"
        return client

    return make


def test_the_list_by_role(en, placement, placement_b):
    page = en("student").get("/placements/").content.decode()
    assert "林小雨" in page and "陈晨" not in page
    page = en("worker_b").get("/placements/").content.decode()
    assert "陈晨" in page and "林小雨" not in page
    page = en("teacher").get("/placements/").content.decode()
    assert "林小雨" in page and "陈晨" in page and 'data-testid="new-placement"' in page
    assert en("volunteer").get("/placements/").status_code == 404


def test_the_navigation_shows_placements_to_students_and_teachers(en):
    assert 'href="/placements/"' in en("student").get("/").content.decode()
    assert 'href="/placements/"' in en("teacher").get("/").content.decode()
    assert 'href="/placements/"' not in en("volunteer").get("/").content.decode()


@pytest.mark.usefixtures("other_teacher")
@pytest.mark.parametrize("username", ["worker_b", "teacher_x", "student_b"])
def test_another_community_or_school_gets_404(en, placement, username):
    client = en(username)
    url = f"/placements/{placement.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "log", "day": TODAY, "hours": "3", "activities": "x"})
    assert response.status_code == 404
    assert not placement.logs.filter(day=TODAY).exists()


def test_teacher_x_cannot_open_the_new_placement_page_of_another_school(en, other_teacher):
    page = en("teacher_x").get("/placements/new/").content.decode()
    assert "林小雨" not in page
    assert en("worker_a").get("/placements/new/").status_code == 404


def test_a_day_outside_the_period_is_refused_next_to_the_field_and_kept(en, placement):
    client = en("student")
    outside = placement.start_date - timedelta(days=1)
    response = client.post(
        f"/placements/{placement.pk}/",
        {"action": "log", "day": outside.isoformat(), "hours": "5", "activities": "提前到岗"},
    )
    assert response.status_code == 200
    form = response.context["log_form"]
    assert "outside the placement" in " ".join(form.errors["day"])
    assert form["activities"].value() == "提前到岗"
    assert not PracticumLog.objects.filter(placement=placement, day=outside).exists()


def test_log_submit_approve_on_pages(en, placement):
    student, field = en("student"), en("worker_a")
    url = f"/placements/{placement.pk}/"
    response = student.post(
        url, {"action": "log", "day": TODAY.isoformat(), "hours": "6", "activities": "走访"}
    )
    assert response.status_code == 302
    page = student.get(url).content.decode()
    assert 'data-testid="submit-week"' in page and 'data-testid="approve-week"' not in page
    monday = monday_of(TODAY).isoformat()
    student.post(url, {"action": "journal", "week_start": monday, "text": "本周入户走访"})
    journal = placement.journals.get(week_start=monday)
    assert journal.status == JournalStatus.SUBMITTED
    # the school supervisor reads but does not approve
    assert 'data-testid="approve-week"' not in en("teacher").get(url).content.decode()
    response = en("teacher").post(url, {"action": "approve", "journal": journal.pk})
    journal.refresh_from_db()
    assert journal.status == JournalStatus.SUBMITTED
    assert 'data-testid="approve-week"' in field.get(url).content.decode()
    field.post(url, {"action": "return", "journal": journal.pk, "comment": ""})
    journal.refresh_from_db()
    assert journal.status == JournalStatus.SUBMITTED  # a return needs a reason
    field.post(url, {"action": "approve", "journal": journal.pk})
    journal.refresh_from_db()
    assert journal.status == JournalStatus.APPROVED
    page = student.get(url).content.decode()
    assert '<strong data-testid="approved-hours">45.0</strong>' in page  # 39 + 6


def test_the_list_page_runs_a_fixed_number_of_queries(en, more_placements):
    from shequ.core.testing import assert_constant_queries

    client = en("teacher")

    page = lambda: client.get("/placements/")  # noqa: E731
    assert assert_constant_queries(page, lambda: more_placements(15)) <= 12
    response = client.get("/placements/")
    assert response.content.decode().count("林小雨") >= 16


def test_the_school_registers_and_places_a_student_on_the_page(en, world):
    client = en("teacher")
    assert client.get("/placements/new/").status_code == 200
    response = client.post(
        "/placements/new/",
        {
            "action": "student",
            "student-school": world.org("university").pk,
            "student-name": "吴同学",
            "student-number": "2026BSW010",
            "student-degree": "bsw",
            "student-cohort": "2026",
        },
    )
    assert response.status_code == 302
    student = Student.objects.get(number="2026BSW010")
    form = {
        "action": "placement",
        "student": student.pk,
        "host": world.org("community_b_committee").pk,
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=60)).isoformat(),
        "school_supervisor": world.user("teacher").pk,
        "field_supervisor": world.user("worker_a").pk,  # not of 西岭
    }
    response = client.post("/placements/new/", form)
    assert response.status_code == 200
    assert "one of the host" in " ".join(response.context["form"].errors["field_supervisor"])
    assert not Placement.objects.filter(student=student).exists()
    form["field_supervisor"] = world.user("worker_b").pk
    response = client.post("/placements/new/", form)
    placement = Placement.objects.get(student=student)
    assert response.status_code == 302 and response["Location"] == f"/placements/{placement.pk}/"


def test_the_secretary_evaluates_the_assistant_on_the_page(en, world, placement_b):
    assignment = AssistantAssignment.objects.create(
        placement=placement_b,
        secretary=world.user("worker_b"),
        start_date=TODAY - timedelta(days=10),
        end_date=TODAY,
        duties="协助整理台账",
    )
    url = f"/placements/{placement_b.pk}/"
    assert 'data-testid="assignment-evaluation"' not in en("teacher").get(url).content.decode()
    assert 'data-testid="assignment-evaluation"' in en("worker_b").get(url).content.decode()
    en("worker_b").post(
        url,
        {
            "action": "assignment_evaluate",
            "assignment": assignment.pk,
            "rating": "good",
            "comment": "认真",
        },
    )
    assignment.refresh_from_db()
    assert assignment.rating == "good"


def test_supervisors_evaluate_on_the_page_after_the_end(en, placement):
    Placement.objects.filter(pk=placement.pk).update(end_date=TODAY)
    url = f"/placements/{placement.pk}/"
    assert 'data-testid="evaluation-form"' in en("teacher").get(url).content.decode()
    assert 'data-testid="evaluation-form"' not in en("street").get(url).content.decode()
    en("teacher").post(url, {"action": "evaluate", "score": "150", "comment": "x"})
    assert not placement.evaluations.exists()
    en("teacher").post(url, {"action": "evaluate", "score": "91", "comment": "扎实"})
    assert placement.evaluations.get().score == 91
    assert 'data-testid="evaluation-form"' not in en("teacher").get(url).content.decode()
