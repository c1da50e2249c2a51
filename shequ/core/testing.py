"""Helpers for tests: the named demo world, an API client with a bearer token, and the
query-count check for list pages and endpoints."""

from __future__ import annotations

import difflib
import json
import re
import secrets
from collections.abc import Callable
from typing import Any

from django.test import Client


class World:
    """Fresh lookups of the demo world's objects (fresh, so that no cached reach leaks
    between tests)."""

    def user(self, username: str) -> Any:
        from shequ.accounts.models import User

        return User.objects.get(username=username)

    def division(self, key: str) -> Any:
        from shequ.divisions.demo import CODES
        from shequ.divisions.models import Division

        return Division.objects.get(code=CODES[key])

    def org(self, key: str) -> Any:
        from shequ.organizations.demo import ORGANIZATIONS
        from shequ.organizations.models import Organization

        name = next(n for k, _d, n, _kind, _u in ORGANIZATIONS if k == key)
        return Organization.objects.get(name=name)


_SPEC: dict[str, Any] = {}


def openapi_spec() -> dict[str, Any]:
    """The API's OpenAPI document, generated from the code (cached)."""
    if not _SPEC:
        from config.api import api

        _SPEC.update(json.loads(json.dumps(api.get_openapi_schema(), default=str)))
    return _SPEC


def _operation_for(path: str, method: str) -> tuple[str, dict[str, Any]] | None:
    """The operation of this path: a literal segment wins over a parameter (as in routing:
    `/residents/duplicates` before `/residents/{resident_id}`)."""
    wanted = path.rstrip("/").split("/")
    paths = sorted(openapi_spec()["paths"].items(), key=lambda item: item[0].count("{"))
    for template, operations in paths:
        parts = template.rstrip("/").split("/")
        if (
            len(parts) == len(wanted)
            and method in operations
            and all(
                p == w or (p.startswith("{") and p.endswith("}"))
                for p, w in zip(parts, wanted, strict=True)
            )
        ):
            return template, operations[method]
    return None


def assert_matches_openapi(path: str, method: str, status: int, body: Any) -> None:
    """The response must be declared in the OpenAPI document for this path, method and status,
    and its body must validate against the declared schema."""
    import jsonschema

    found = _operation_for(path.split("?")[0], method)
    assert found is not None, f"{method.upper()} {path} is not in the OpenAPI document"
    template, operation = found
    responses = operation.get("responses", {})
    declared = responses.get(str(status))
    assert declared is not None, (
        f"{method.upper()} {template} answered {status}, not declared in the OpenAPI document"
    )
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    root = {**schema, "components": openapi_spec().get("components", {})}
    jsonschema.validate(body, root)


class ApiClient:
    """Calls /api/v1/ with a bearer token; returns (status, parsed JSON). Every response is
    checked against the OpenAPI document."""

    def __init__(self, token: str | None, *, validate: bool = True) -> None:
        self.token = token
        self.validate = validate
        self.client = Client(enforce_csrf_checks=True)
        self.etags: dict[str, str] = {}  # path -> the ETag of its last GET

    @classmethod
    def for_username(cls, username: str | None) -> ApiClient:
        if username is None:
            return cls(None)
        from shequ.accounts.models import ApiToken, User
        from shequ.accounts.services import _hash_token

        raw = secrets.token_urlsafe(24)
        ApiToken.objects.create(user=User.objects.get(username=username), key_hash=_hash_token(raw))
        return cls(raw)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(
        self, method: str, path: str, data: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        url = path if path.startswith("/") else f"/api/v1/{path}"
        kwargs: dict[str, Any] = {"headers": {**self._headers(), **(headers or {})}}
        if data is not None:
            if method == "get":
                kwargs["data"] = data
            else:
                kwargs["data"] = json.dumps(data)
                kwargs["content_type"] = "application/json"
        response = getattr(self.client, method)(url, **kwargs)
        self.last_response = response
        try:
            body = response.json()
        except ValueError:
            body = response.content
        assert response.status_code != 500, f"{method.upper()} {url} gave a 500: {body!r}"
        if self.validate:
            assert_matches_openapi(url, method, response.status_code, body)
        return response.status_code, body

    def get(self, path: str, params: dict[str, Any] | None = None) -> tuple[int, Any]:
        answer = self.request("get", path, params)
        if self.last_response.has_header("ETag"):
            self.etags[path] = self.last_response["ETag"]
        return answer

    def post(self, path: str, data: Any = None) -> tuple[int, Any]:
        return self.request("post", path, data if data is not None else {})

    def patch(self, path: str, data: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """A PATCH of a versioned record sends `If-Match` with the ETag of the last GET of the
        same path, unless `headers` say otherwise (`{}` for none)."""
        if headers is None:
            headers = {"If-Match": self.etags[path]} if path in self.etags else {}
        return self.request("patch", path, data, headers)

    def put(self, path: str, data: Any) -> tuple[int, Any]:
        return self.request("put", path, data)

    def delete(self, path: str, data: Any = None) -> tuple[int, Any]:
        return self.request("delete", path, data)


def captured_sql(call: Callable[[], Any]) -> list[str]:
    """The SQL statements `call()` runs, in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return [q["sql"] for q in queries.captured_queries]


def _shape(sql: str) -> str:
    """A statement with its literals and id lists blanked, so that a diff shows the statements
    that were added, not the ones whose values changed."""
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\bIN \([^)]*\)", "IN (...)", sql)
    return re.sub(r"\b\d+\b", "N", sql)


def assert_constant_queries(
    call: Callable[[], Any] | dict[str, Callable[[], Any]], grow: Callable[[], Any]
) -> int:
    """A list page or endpoint runs the same number of queries however many rows it shows:
    `call()` runs, `grow()` adds rows (as many again as there were, say), `call()` runs
    again. On a difference the failure prints the statements added or removed (literals
    blanked): the N+1 is the repeated line. A first, uncounted run warms the caches (the
    user's grants, the catalogues). `call` may be a dict of named calls (the API list and the
    page of the same rows), each counted on its own. Returns the count (the largest of the
    calls), for a test that also bounds it."""
    calls = call if isinstance(call, dict) else {"": call}
    for each in calls.values():
        each()
    before = {name: captured_sql(each) for name, each in calls.items()}
    grow()
    failures = []
    for name, each in calls.items():
        after = captured_sql(each)
        if len(after) == len(before[name]):
            continue
        diff = "\n".join(
            difflib.unified_diff(
                [_shape(q) for q in before[name]],
                [_shape(q) for q in after],
                "before",
                "after",
                lineterm="",
                n=0,
            )
        )
        label = f"{name}: " if name else ""
        failures.append(
            f"{label}{len(before[name])} queries before, {len(after)} after adding rows:\n{diff}"
        )
    if failures:
        raise AssertionError("\n\n".join(failures))
    return max(len(sql) for sql in before.values())


def assert_not_in_reach(answer: tuple[int, Any], field: str) -> None:
    """An API answer to an id in the body that is missing or out of reach: 400 `out_of_reach`
    on that field, with the one message (in Chinese, the default language) for both."""
    status, body = answer
    assert status == 400, body
    assert (body["code"], body["field"]) == ("out_of_reach", field), body
    assert body["message"] == "未找到，或不在您的权限范围内。"
