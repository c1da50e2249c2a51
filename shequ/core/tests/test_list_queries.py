"""Every list endpoint and list page runs the same number of queries with N rows and with 2N.

The endpoints come from the OpenAPI document (a GET whose answer is a page of `items` or an
array); the rows of a list are doubled by copying every row of its model (the model of the
detail endpoint next to it, the record its path names, or `LIST_MODELS`). The account is the
first demo account that sees rows in the list. On a difference `assert_constant_queries` prints
the statements added: the N+1.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client

from shequ.core.testing import assert_constant_queries
from shequ.core.tests.test_api_matrix import PREFIX, TARGETS, demo_accounts, fill, operations
from shequ.testing import ApiClient, openapi_spec

# Lists whose model is not the one of a detail endpoint next to them; None: a fixed number of
# rows whatever the data (a catalogue, a summary by category, the fields one may ask for).
LIST_MODELS: dict[str, str | None] = {
    "/roles": None,
    "/notifications": "notifications.Notification",
    # items computed from many kinds of record; shequ/workbench/tests count its queries as the
    # items grow
    "/workbench": None,
    "/needs": "residents.NeedsAssessment",
    "/needs/summary": None,
    "/residents/duplicates": "residents.Resident",
    "/residents/{resident_id}/transfers": "residents.ResidentTransfer",
    "/projects/{project_id}/indicators": "projects.Indicator",
    "/projects/{project_id}/evaluations": "projects.Evaluation",
    "/groups": "delivery.Group",
    "/activities": "delivery.Activity",
    "/protection/cases/{case_id}/access-log": "protection.AccessLog",
    "/protection/tasks": "protection.Task",
    "/protection/alerts": "protection.ProtectionCase",
    "/volunteer-activities": "volunteers.VolunteerActivity",
    "/volunteer-activities/{activity_id}/signups": "volunteers.SignUp",
    "/trainees": "trainings.Trainee",
    "/trainees/ce-shortfall": "trainings.Trainee",
    "/students": "placements.Student",
    "/placements/{placement_id}/journals": "placements.WeeklyJournal",
    "/placements/{placement_id}/assignments": "placements.AssistantAssignment",
    "/placements/{placement_id}/evaluations": "placements.PlacementEvaluation",
    "/community-organizations/communities": None,
    "/case-studies/{study_id}/awards": "sharing.Award",
    "/awards": "sharing.Award",
    "/research-projects/{project_id}/outputs": "research.ResearchOutput",
    "/research-extracts/fields": None,
}

# The list pages and the model whose rows they show.
PAGES: dict[str, str] = {
    "/accounts/users/": "accounts.User",
    "/accounts/grants/": "accounts.RoleGrant",
    "/organizations/": "organizations.Organization",
    "/residents/": "residents.Resident",
    "/residents/duplicates/": "residents.Resident",
    "/residents/needs/": "residents.NeedsAssessment",
    "/residents/transfers/": "residents.ResidentTransfer",
    "/residents/households/": "residents.Household",
    "/projects/": "projects.ServiceProject",
    "/delivery/groups/": "delivery.Group",
    "/delivery/activities/": "delivery.Activity",
    "/delivery/records/": "delivery.ServiceRecord",
    "/delivery/cases/": "delivery.Case",
    "/protection/reports/": "protection.Report",
    "/protection/cases/": "protection.ProtectionCase",
    "/protection/referrals/": "protection.Referral",
    "/protection/meetings/": "protection.Meeting",
    "/volunteers/teams/": "volunteers.Team",
    "/trainings/": "trainings.Training",
    "/placements/": "placements.Placement",
    "/community-organizations/": "community_orgs.CommunityOrganization",
    "/case-studies/": "sharing.CaseStudy",
    "/stats/reports/": "stats.ImpactReport",
}


def _is_list(operation: dict[str, Any]) -> bool:
    schema = operation["responses"].get("200", {}).get("content", {})
    schema = schema.get("application/json", {}).get("schema", {})
    while "$ref" in schema:
        schema = openapi_spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("type") == "array" or "items" in schema.get("properties", {})


LISTS = [op for op in operations() if op.method == "get" and _is_list(op.operation)]


def list_model(op: Any) -> str | None:
    path = op.path.removeprefix(PREFIX)
    if path in LIST_MODELS:
        return LIST_MODELS[path]
    detail = [
        p for p in openapi_spec()["paths"] if re.fullmatch(re.escape(op.path) + r"/{(\w+)}", p)
    ]
    assert detail, f"{op}: name the model of its rows in LIST_MODELS"
    param = re.findall(r"{(\w+)}", detail[0])[-1]
    target = TARGETS.get((op.app, param)) or TARGETS.get((None, param))
    assert target is not None, f"{op}: {param} is not in the matrix's TARGETS"
    return target.model


def double(label: str) -> int:
    """Copy every row of the model (unique text columns get a suffix; a copy a constraint
    refuses is left out). Returns the number of copies."""
    model: type[models.Model] = apps.get_model(label)
    copies = 0
    for row in list(model._default_manager.all()):
        for f in model._meta.concrete_fields:
            if f.unique and not f.primary_key:
                value = getattr(row, f.attname)
                if not isinstance(value, str):
                    break
                setattr(row, f.attname, f"{value}-{row.pk}c"[: f.max_length or None])
        else:
            row.pk = None
            if hasattr(row, "id"):
                row.id = None
            row._state.adding = True
            try:
                with transaction.atomic():
                    row.save()
                copies += 1
            except IntegrityError:
                continue
    return copies


def _rows(body: Any) -> int:
    if isinstance(body, dict):
        return len(body.get("items", []))
    return len(body) if isinstance(body, list) else 0


@pytest.mark.django_db
@pytest.mark.parametrize("op", LISTS, ids=str)
def test_a_list_endpoint_runs_the_same_queries_with_twice_the_rows(op: Any) -> None:
    label = list_model(op)
    if label is None:
        return  # a fixed number of rows (LIST_MODELS says why)
    for target in TARGETS.values():
        if target.model == label and target.make is not None:
            target.make()  # the demo world has none of these rows
    for user in demo_accounts():
        values = fill(op, user, "in")
        if values is None:
            continue
        client = ApiClient.for_username(user.username)
        url = op.path.format(**values).removeprefix(PREFIX + "/")
        status, body = client.get(url, {"limit": 200} if "limit" in str(op.operation) else None)
        if status == 200 and _rows(body):
            break
    else:
        pytest.skip(f"{op}: the demo world has no row any account sees")

    def call() -> None:
        assert client.get(url, {"limit": 200} if "limit" in str(op.operation) else None)[0] == 200

    assert_constant_queries(call, lambda: double(label))


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(PAGES), ids=str)
def test_a_list_page_runs_the_same_queries_with_twice_the_rows(url: str) -> None:
    for user in demo_accounts():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 200:
            break
    else:
        pytest.fail(f"{url}: no demo account may open the list")

    def call() -> None:
        assert client.get(url).status_code == 200

    assert_constant_queries(call, lambda: double(PAGES[url]))
