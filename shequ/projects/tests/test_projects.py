from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.core.errors import Forbidden, InvalidInput
from shequ.projects.evaluations import evaluation_record
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.projects.selectors import is_overdue, project_list
from shequ.projects.services import indicator_set, parse_amount, project_advance, project_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def make(world, **overrides):
    data = {
        "by": world.user("district"),
        "division": world.division("nanguan"),
        "number": "T-1",
        "name": "测试项目",
        "buyer": world.org("nanguan_bureau"),
        "provider": world.org("agency"),
        "amount": "1000.50",
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
        "communities": [world.division("community_a")],
        "areas": list(ServiceArea.objects.filter(code="environment")),
    }
    data.update(overrides)
    return project_create(**data)


FULL_MARKS = {
    "management": "18",
    "finance": "14",
    "service_output": "30",
    "social_evaluation": "18",
    "innovation": "8.5",
}


def evaluate(world, project, kind, **overrides):
    data = {
        "by": world.user("district"),
        "project": project,
        "kind": kind,
        "evaluator": world.org("university"),
        "evaluated_on": date.today(),
        "scores": FULL_MARKS,
        "conclusion": "按期完成合同指标",
    }
    data.update(overrides)
    return evaluation_record(**data)


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("worker_a", {"NG-2026-001"}),
        ("worker_b", {"NG-2026-001"}),
        ("worker_k", {"KC-2026-003"}),
        ("district", {"NG-2026-001"}),
        ("district_k", {"KC-2026-003"}),
        ("agency", {"NG-2026-001"}),
        ("volunteer", set()),
        ("sysadmin", set()),
    ],
)
def test_projects_are_visible_through_the_buyer_division_or_a_community_covered(
    world, username, sees
):
    assert {p.number for p in project_list(user=world.user(username))} == sees


def test_a_project_covering_only_community_a_is_invisible_to_worker_b(world):
    project = make(world)
    assert project_list(user=world.user("worker_a")).filter(pk=project.pk).exists()
    assert not project_list(user=world.user("worker_b")).filter(pk=project.pk).exists()


@pytest.mark.parametrize(
    ("value", "code"), [("12.345", "amount_decimals"), ("-1", "amount"), ("abc", "amount")]
)
def test_amounts_are_yuan_with_at_most_two_decimals(value, code):
    with pytest.raises(InvalidInput) as info:
        parse_amount(value)
    assert info.value.code == code
    assert str(parse_amount("380,000.5")) == "380000.50"


def test_bad_input_saves_nothing(world):
    before = ServiceProject.objects.count()
    with pytest.raises(InvalidInput) as info:
        make(world, amount="10.001")
    assert info.value.field == "amount"
    with pytest.raises(InvalidInput) as info:
        make(world, communities=[world.division("xinfa")])
    assert info.value.field == "communities"
    with pytest.raises(InvalidInput) as info:
        make(world, end_date=date(2025, 1, 1))
    assert info.value.field == "end_date"
    with pytest.raises(InvalidInput) as info:
        make(world, provider=world.org("nanguan_bureau"))
    assert info.value.field == "provider"
    with pytest.raises(Forbidden):
        make(world, by=world.user("worker_a"))
    assert ServiceProject.objects.count() == before


def test_the_lifecycle_moves_one_step_at_a_time_by_permitted_roles(world):
    project = make(world)
    with pytest.raises(InvalidInput) as info:
        project_advance(by=world.user("district"), project=project, to_stage="running")
    assert info.value.code == "stage_order"
    with pytest.raises(Forbidden):
        project_advance(by=world.user("agency"), project=project, to_stage="signed")
    for stage in ("signed", "running", "midterm"):
        project_advance(by=world.user("district"), project=project, to_stage=stage)
    with pytest.raises(InvalidInput) as info:
        project_advance(by=world.user("district"), project=project, to_stage="final_evaluation")
    assert info.value.code == "evaluation_missing"
    evaluate(world, project, "midterm")
    project_advance(by=world.user("district"), project=project, to_stage="final_evaluation")
    with pytest.raises(InvalidInput) as info:
        project_advance(by=world.user("district"), project=project, to_stage="closed")
    assert info.value.code == "evaluation_missing"
    evaluate(world, project, "final")
    project_advance(by=world.user("district"), project=project, to_stage="closed")
    assert list(project.transitions.values_list("to_stage", flat=True)) == [
        "approved",
        "signed",
        "running",
        "midterm",
        "final_evaluation",
        "closed",
    ]
    assert (
        AuditEntry.objects.filter(action="project.advance", object_id=str(project.pk)).count() == 5
    )


def test_a_project_past_its_end_without_final_evaluation_is_flagged(world):
    project = make(
        world,
        start_date=date.today() - timedelta(days=100),
        end_date=date.today() - timedelta(days=1),
    )
    assert is_overdue(project)
    for stage in ("signed", "running", "midterm"):
        project_advance(by=world.user("district"), project=project, to_stage=stage)
    evaluate(world, project, "midterm")
    project_advance(by=world.user("district"), project=project, to_stage="final_evaluation")
    assert not is_overdue(project)


def test_targets_and_manual_evidence(world):
    project = make(world)
    with pytest.raises(InvalidInput) as info:
        indicator_set(
            by=world.user("district"),
            project=project,
            metric="manual",
            target="90",
            label="满意度",
            manual_actual="95",
        )
    assert info.value.field == "evidence"
    with pytest.raises(Forbidden):
        indicator_set(by=world.user("agency"), project=project, metric="people_served", target="10")
    indicator = indicator_set(
        by=world.user("district"), project=project, metric="people_served", target="10"
    )
    assert str(indicator) == "people served"


def test_api_access_and_errors(api_as, world):
    nanguan = world.org("nanguan_bureau")
    other = ServiceProject.objects.get(number="KC-2026-003")
    assert api_as("worker_b").get(f"projects/{other.pk}")[0] == 404
    assert api_as("worker_b").get(f"projects/{other.pk}/indicators")[0] == 404
    assert api_as(None).get("projects")[0] == 401
    mine = ServiceProject.objects.get(number="NG-2026-001")
    status, body = api_as("street").get(f"projects/{mine.pk}/indicators")
    assert status == 200
    manual = next(row for row in body if row["metric"] == "manual")
    assert manual["actual"] == "12.40" and manual["percent"] == 124.0
    satisfaction = next(row for row in body if row["metric"] == "satisfaction")
    assert satisfaction["actual"] == "92.9"  # 104 of 112 respondents in two survey rounds
    status, body = api_as("district").post(
        "projects",
        {
            "division_code": "220102",
            "number": "API-1",
            "name": "接口项目",
            "buyer_id": nanguan.pk,
            "provider_id": world.org("agency").pk,
            "amount": "99.999",
            "start_date": "2026-01-01",
            "end_date": "2026-06-30",
            "communities": ["220102001001"],
            "areas": ["environment"],
        },
    )
    assert status == 400 and body["field"] == "amount"
    status, body = api_as("district").post(f"projects/{mine.pk}/advance", {"stage": "closed"})
    assert status == 400 and body["code"] == "stage_order"
    assert api_as("agency").post(f"projects/{mine.pk}/advance", {"stage": "midterm"})[0] == 403


def test_evaluations_and_surveys_through_the_api(api_as, world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    project_advance(by=world.user("district"), project=project, to_stage="midterm")
    payload = {
        "kind": "midterm",
        "evaluator_id": world.org("university").pk,
        "evaluated_on": date.today().isoformat(),
        "scores": FULL_MARKS,
        "conclusion": "良好",
    }
    assert api_as("district_k").post(f"projects/{project.pk}/evaluations", payload)[0] == 404
    assert api_as("agency").post(f"projects/{project.pk}/evaluations", payload)[0] == 403
    bad = {**payload, "scores": {**FULL_MARKS, "finance": "99"}}
    status, body = api_as("district").post(f"projects/{project.pk}/evaluations", bad)
    assert status == 400 and body["field"] == "score_finance"
    status, body = api_as("district").post(f"projects/{project.pk}/evaluations", payload)
    assert status == 201 and body["total"] == "88.5" and body["grade"] == "良好"
    assert {s["dimension"] for s in body["scores"]} == set(FULL_MARKS)
    status, body = api_as("street").get(f"projects/{project.pk}/evaluations")
    assert status == 200 and len(body) == 1
    assert api_as("worker_k").get(f"projects/{project.pk}/evaluations")[0] == 404
    survey = {
        "community_code": world.division("community_b").code,
        "surveyed_on": date.today().isoformat(),
        "respondents": 10,
        "satisfied": 9,
    }
    assert api_as("worker_k").post(f"projects/{project.pk}/surveys", survey)[0] == 404
    status, body = api_as("agency").post(f"projects/{project.pk}/surveys", survey)
    assert status == 201 and body["satisfied"] == 9
