"""API detail answers list `actions` from the record's capability object (issue 17, point 2):
a phone client shows the buttons the page shows. Lists carry `actions: null`. Every answer is
checked against the OpenAPI document by the API client."""

from __future__ import annotations

from typing import Any

import pytest


def _first_id(api: Any, path: str, key: str = "id") -> Any:
    status, body = api.get(path)
    assert status == 200, body
    items = body["items"] if isinstance(body, dict) else body
    assert items, f"the demo world has no record at {path}"
    assert all(item.get("actions") is None for item in items), "lists carry no actions"
    return items[0][key]


# who asks, the list to pick a record from, its detail, the actions expected, someone of
# another community or district (404 for the same record)
CASES = [
    ("worker_a", "/residents", "/residents/{}", {"manage", "assess", "merge"}, "worker_b"),
    ("worker_a", "/households", "/households/{}", {"manage"}, "worker_b"),
    ("district", "/projects", "/projects/{}", {"manage", "change"}, "district_k"),
    ("supervisor", "/cases", "/cases/{}", {"handle", "supervise", "read_notes"}, "worker_k"),
    ("district", "/organizations", "/organizations/{}", {"manage"}, "district_k"),
    ("worker_a", "/community-organizations", "/community-organizations/{}", {"manage"}, "worker_k"),
    ("worker_a", "/volunteer-teams", "/volunteer-teams/{}", {"manage"}, "worker_k"),
    ("teacher", "/placements", "/placements/{}", {"manage", "assign"}, "worker_k"),
    (
        "teacher",
        "/research-projects",
        "/research-projects/{}",
        {"manage", "add_output", "request_extract"},
        "worker_k",
    ),
    ("teacher", "/research-extracts", "/research-extracts/{}", {"download"}, "worker_k"),
    ("sysadmin", "/users?q=worker_a", "/users/{}", {"change"}, "worker_k"),
]


@pytest.mark.parametrize(("username", "listing", "detail", "expected", "outsider"), CASES)
def test_a_detail_answer_lists_the_actions_of_its_capability_object(
    api_as: Any, username: str, listing: str, detail: str, expected: set[str], outsider: str
) -> None:
    api = api_as(username)
    pk = _first_id(api, f"/api/v1{listing}")
    status, body = api.get(f"/api/v1{detail.format(pk)}")
    assert status == 200, body
    assert expected <= set(body["actions"]), body["actions"]
    status, _body = api_as(outsider).get(f"/api/v1{detail.format(pk)}")
    assert status == 404


def test_a_read_only_reader_gets_an_empty_list_not_null(api_as: Any) -> None:
    """The same record, read by someone who may only look at it: no button to show."""
    pk = _first_id(api_as("district"), "/api/v1/projects")
    status, body = api_as("supervisor").get(f"/api/v1/projects/{pk}")
    assert status == 200
    assert body["actions"] == []


def test_an_approver_no_longer_decides_an_extract_once_decided(api_as: Any) -> None:
    pk = _first_id(api_as("teacher"), "/api/v1/research-extracts")
    status, body = api_as("district").get(f"/api/v1/research-extracts/{pk}")
    assert status == 200
    assert body["status"] == "approved"
    assert body["actions"] == []


def test_training_and_division_answers_carry_actions(api_as: Any, world: Any) -> None:
    teacher = api_as("teacher")
    pk = _first_id(teacher, "/api/v1/trainings")
    status, body = teacher.get(f"/api/v1/trainings/{pk}")
    assert status == 200
    assert body["actions"] == ["organize"]
    status, body = api_as("district").get(f"/api/v1/trainings/{pk}")
    assert (status, body["actions"]) == (200, [])
    code = world.division("community_a").code
    assert api_as("sysadmin").get(f"/api/v1/divisions/{code}")[1]["actions"] == ["manage"]
    assert api_as("worker_a").get(f"/api/v1/divisions/{code}")[1]["actions"] == []


def test_a_published_case_study_offers_the_award_to_a_holder_of_award_record(api_as: Any) -> None:
    pk = _first_id(api_as("supervisor"), "/api/v1/case-studies?status=published")
    status, body = api_as("supervisor").get(f"/api/v1/case-studies/{pk}")
    assert status == 200
    assert body["status"] == "published"
    assert body["actions"] == ["award"]
    assert api_as("worker_a").get(f"/api/v1/case-studies/{pk}")[1]["actions"] == []


def test_every_detail_schema_with_actions_documents_them() -> None:
    """The OpenAPI document declares `actions` (an array of strings, or null) on the answers
    of the records listed above."""
    from shequ.testing import openapi_spec

    schemas = openapi_spec()["components"]["schemas"]
    for name in (
        "ResidentOut",
        "HouseholdOut",
        "ProjectOut",
        "CaseOut",
        "GroupOut",
        "ActivityOut",
        "OrganizationOut",
        "DivisionOut",
        "VolunteerOut",
        "VolunteerActivityOut",
        "TeamDetailOut",
        "TrainingDetailOut",
        "PlacementOut",
        "CommunityOrgDetailOut",
        "CaseStudyDetailOut",
        "ResearchProjectDetailOut",
        "ExtractOut",
        "UserOut",
    ):
        actions = schemas[name]["properties"]["actions"]
        options = actions.get("anyOf", [actions])
        assert {"type": "array", "items": {"type": "string"}} in options, name
