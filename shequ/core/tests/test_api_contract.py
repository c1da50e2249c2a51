"""The API contract: the inputs an audit found answering 500 (or HTML, or a CSRF 403) now get
a documented 4xx JSON answer. The generated search over the whole API is test_api_fuzz.py."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _bearer(api_as, username="district"):
    return {"Authorization": f"Bearer {api_as(username).token}"}


@pytest.mark.parametrize(
    "query",
    [
        {"age_min": "10733"},
        {"age_max": "-1"},
        {"household": "9999999999999999999"},
        {"offset": "99999999999999999999"},
        {"limit": "-99999999999999999999"},
    ],
)
def test_out_of_range_numbers_in_the_query_answer_422(api_as, query):
    response = Client().get("/api/v1/residents", data=query, headers=_bearer(api_as))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == next(iter(query))
    assert body["code"] in {"out_of_range", "invalid"}


def test_a_huge_id_in_a_json_list_answers_422(api_as):
    payload = {
        "division_code": "220102001001",
        "title": "x",
        "held_on": "2026-01-05",
        "case_ids": [1, 99999999999999999999],
    }
    response = Client().post(
        "/api/v1/protection/meetings",
        data=json.dumps(payload),
        content_type="application/json",
        headers=_bearer(api_as, "child_sup"),
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "out_of_range",
        "message": response.json()["message"],
        "field": "case_ids.1",
        "errors": [
            {"code": "out_of_range", "message": response.json()["message"], "field": "case_ids.1"}
        ],
    }


def test_a_huge_id_in_the_path_answers_json(api_as):
    response = Client().get("/api/v1/residents/99999999999999999999", headers=_bearer(api_as))
    assert response.status_code in (404, 422)
    assert response["Content-Type"] == "application/json"


def test_an_oversized_body_answers_413_before_it_is_read(api_as):
    body = json.dumps({"name": "x" * (10 * 1024 * 1024)})
    response = Client().post(
        "/api/v1/residents", data=body, content_type="application/json", headers=_bearer(api_as)
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    from shequ.testing import assert_matches_openapi

    assert_matches_openapi("/api/v1/residents", "post", 413, response.json())  # documented


@pytest.mark.parametrize("body", ["{", '{"name": NaN}', "\xff\xfe"])
def test_malformed_json_answers_400(api_as, body):
    response = Client().post(
        "/api/v1/residents", data=body, content_type="application/json", headers=_bearer(api_as)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


@pytest.mark.parametrize(
    "path", ["/api/v1/residents/abc", "/api/v1/residents/-5", "/api/v1/no-such-thing"]
)
def test_a_path_of_the_wrong_type_answers_a_json_404(api_as, path):
    response = Client().get(path, headers=_bearer(api_as))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/residents"),
        ("post", "/api/v1/residents"),
        ("patch", "/api/v1/residents/1"),
        ("put", "/api/v1/trainings/1/sessions/1/attendance"),
        ("delete", "/api/v1/grants/1"),
    ],
)
def test_without_a_token_every_method_answers_401_not_a_csrf_403(method, path):
    client = Client(enforce_csrf_checks=True)
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, data="{}", content_type="application/json")
    assert response.status_code == 401, response.content
    assert response.json()["code"] == "unauthorized"


def test_a_method_the_path_does_not_have_answers_json_405(api_as):
    response = Client().delete("/api/v1/residents/1", headers=_bearer(api_as))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_signed_in_session_still_needs_its_csrf_token(client_as):
    client = client_as("worker_a")
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/residents", data="{}", content_type="application/json")
    assert response.status_code == 403


def test_an_in_range_search_still_answers(api_as):
    response = Client().get(
        "/api/v1/residents", data={"age_min": "60", "offset": "0"}, headers=_bearer(api_as)
    )
    assert response.status_code == 200
