from datetime import date

import pytest

from shequ.delivery.models import Activity, Case, Group, ServiceRecord
from shequ.projects.models import ServiceProject
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("path", ["service-records", "cases", "groups", "activities"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


@pytest.mark.parametrize(
    ("username", "sees_a", "sees_b"),
    [
        ("worker_a", True, False),
        ("worker_b", False, True),
        ("street", True, True),
        ("worker_k", False, False),
    ],
)
def test_lists_follow_the_access_rule(api_as, username, sees_a, sees_b):
    client = api_as(username)
    for path in ("service-records", "groups", "activities"):
        status, body = client.get(path, {"limit": 200})
        assert status == 200
        codes = {item["community_code"] for item in body["items"]}
        assert ("220102001001" in codes) is sees_a, path
        if path != "groups":
            assert ("220102001002" in codes) is sees_b, path


def test_cases_are_hidden_from_roles_without_the_permission(api_as):
    case = Case.objects.earliest("pk")
    assert api_as("agency").get(f"cases/{case.pk}")[0] == 200
    assert api_as("worker_b").get(f"cases/{case.pk}")[0] == 404
    assert api_as("district").get(f"cases/{case.pk}")[0] == 404
    assert api_as("district").get("cases")[1]["count"] == 0


def test_record_a_session_and_an_activity_through_the_api(api_as):
    group = Group.objects.earliest("pk")
    members = list(group.members.values_list("resident_id", flat=True)[:2])
    client = api_as("agency")
    status, body = client.post(
        f"groups/{group.pk}/sessions",
        {"held_on": date.today().isoformat(), "duration_minutes": 60, "attendee_ids": members},
    )
    assert status == 201 and body["session_count"] == 4
    project = ServiceProject.objects.get(number="NG-2026-001")
    resident = Resident.objects.filter(
        merged_into__isnull=True, division_id="220102001002"
    ).earliest("pk")
    status, body = client.post(
        "activities",
        {
            "community_code": "220102001002",
            "theme": "义诊",
            "place": "活动室",
            "held_on": date.today().isoformat(),
            "duration_minutes": 120,
            "participant_ids": [resident.pk],
            "headcount": 20,
            "project_id": project.pk,
        },
    )
    assert status == 201 and body["participant_count"] == 1 and body["headcount"] == 20
    assert (
        api_as("worker_b").get("activities")[1]["count"]
        == Activity.objects.filter(division_id="220102001002").count()
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1500}, "duration_minutes"),
        ({"served_on": "2001-01-01"}, "served_on"),
    ],
)
def test_bad_service_records_are_refused(api_as, payload, field):
    project = ServiceProject.objects.get(number="NG-2026-001")
    resident = Resident.objects.filter(
        merged_into__isnull=True, division_id="220102001001"
    ).earliest("pk")
    before = ServiceRecord.objects.count()
    data = {
        "community_code": "220102001001",
        "method": "case",
        "served_on": date.today().isoformat(),
        "duration_minutes": 30,
        "resident_id": resident.pk,
        "project_id": project.pk,
        **payload,
    }
    status, body = api_as("agency").post("service-records", data)
    assert status == 400 and body["field"] == field
    assert ServiceRecord.objects.count() == before


def test_a_record_after_the_project_ended_is_refused(api_as, world):
    project = ServiceProject.objects.get(number="KC-2026-003")
    status, body = api_as("worker_k").post(
        "service-records",
        {
            "community_code": "220103001001",
            "method": "activity",
            "served_on": date.today().isoformat(),
            "duration_minutes": 30,
            "headcount": 3,
            "project_id": project.pk,
        },
    )
    assert status == 400 and body["code"] == "outside_period"


def test_form_a_group_and_move_it_through_its_stages(api_as, world):
    community = world.division("community_a").code
    residents = list(
        Resident.objects.filter(merged_into__isnull=True, division_id=community).values_list(
            "pk", flat=True
        )[:3]
    )
    project = ServiceProject.objects.get(number="NG-2026-001")
    payload = {
        "community_code": community,
        "name": "园艺疗愈小组",
        "goal": "缓解孤独感",
        "member_ids": residents,
        "project_id": project.pk,
        "area_code": "health_elderly",
    }
    assert api_as("worker_k").post("groups", payload)[0] == 404  # community out of reach
    status, body = api_as("worker_a").post("groups", payload)
    assert status == 201 and body["member_count"] == 3 and body["stage"] == "preparing"
    group_id = body["id"]
    status, body = api_as("worker_a").post(f"groups/{group_id}/advance", {"stage": "mature"})
    assert status == 400 and body["code"] == "stage_order"
    status, body = api_as("worker_a").post(f"groups/{group_id}/advance", {"stage": "forming"})
    assert status == 200 and body["stage"] == "forming"
    assert api_as("worker_b").post(f"groups/{group_id}/advance", {"stage": "transition"})[0] == 404
    assert api_as("agency").post(f"groups/{group_id}/advance", {"stage": "transition"})[0] == 403
    # a neighbour of the same street may join when the worker reaches both communities;
    # a member out of the worker's reach is not found, nothing saved
    other = Resident.objects.filter(
        merged_into__isnull=True, division_id=world.division("community_b").code
    ).first()
    payload["member_ids"] = [*residents, other.pk]
    assert api_as("worker_a").post("groups", payload)[0] == 404
    assert Group.objects.filter(name="园艺疗愈小组").count() == 1
    status, body = api_as("agency").post("groups", payload)
    assert status == 201 and body["member_count"] == 4
    assert Group.objects.get(pk=body["id"]).division_id == community
