"""Test support that knows the whole project: the named demo world, the API's OpenAPI document
and an API client with a bearer token that checks every answer against it. Only tests import
this module (an import contract keeps it out of the application)."""

from __future__ import annotations

import json
import secrets
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
