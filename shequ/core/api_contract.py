"""The API's contract at the door: what no endpoint has to check for itself.

Before an `/api/` request reaches its endpoint, this middleware answers, in the one error shape
(`{"code", "message", "field", "errors"}`):

- 413 `too_large` for a body over `SHEQU_API_MAX_BODY` bytes (1 MB by default), before reading it;
- 400 `malformed_json` for a JSON body that does not parse (or holds NaN/Infinity);
- 422 `out_of_range` for an integer, in the query, the path or anywhere in a JSON body, outside
  what the database can hold (a 32-bit signed integer unless the OpenAPI document declares
  narrower bounds): such a number would otherwise reach a date computation or the database
  driver and fail there.

Unmatched `/api/` paths (a path parameter of the wrong type included) answer a JSON 404 from
`api_not_found`, never Django's HTML page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
DEFAULT_MAX_BODY = 1024 * 1024


def error(status: int, code: str, message: str, field_name: str | None = None) -> JsonResponse:
    item = {"code": code, "message": message, "field": field_name}
    return JsonResponse({**item, "errors": [item]}, status=status)


@dataclass
class _Operation:
    pattern: re.Pattern[str]
    method: str
    # parameter name -> (where, minimum, maximum) for integer parameters
    integers: dict[str, tuple[str, int, int]] = field(default_factory=dict)


_OPERATIONS: list[_Operation] = []


def _integer_bounds(schema: dict[str, Any]) -> tuple[int, int] | None:
    """The bounds of an integer (or a list of integers, or an optional one) parameter."""
    if schema.get("type") == "array":
        return _integer_bounds(schema.get("items") or {})
    for option in schema.get("anyOf", []):
        bounds = _integer_bounds(option)
        if bounds is not None:
            return bounds
    if schema.get("type") != "integer":
        return None
    low = schema.get("minimum", INT_MIN)
    high = schema.get("maximum", INT_MAX)
    return max(int(low), INT_MIN), min(int(high), INT_MAX)


def _operations() -> list[_Operation]:
    if not _OPERATIONS:
        from config.api import api  # the API's own document: the contract to enforce

        spec = api.get_openapi_schema()
        for template, operations in spec["paths"].items():
            regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
            pattern = re.compile("^" + regex + "/?$")
            for method, operation in operations.items():
                op = _Operation(pattern=pattern, method=method.upper())
                for param in operation.get("parameters", []):
                    bounds = _integer_bounds(param.get("schema") or {})
                    if bounds is not None:
                        op.integers[param["name"]] = (param["in"], *bounds)
                _OPERATIONS.append(op)
    return _OPERATIONS


def _find(method: str, path: str) -> tuple[_Operation, dict[str, str]] | None:
    for op in _operations():
        if op.method != method:
            continue
        match = op.pattern.match(path)
        if match:
            return op, match.groupdict()
    return None


_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")


def _out_of_range(value: str, low: int, high: int) -> bool:
    if not _INTEGER.match(value):
        return False  # not an integer at all: the endpoint's own validation answers 422
    return not low <= int(value) <= high


def _json_integers(value: Any, path: str = "") -> Iterator[tuple[str, int]]:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _json_integers(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_integers(item, f"{path}.{index}" if path else str(index))


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


class ApiContractMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            refusal = self.check(request)
            if refusal is not None:
                return refusal
            response = self.get_response(request)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                refused = error(405, "method_not_allowed", _("This method is not allowed here."))
                refused["Allow"] = response.get("Allow", "")
                return refused
            return response
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        limit = int(getattr(settings, "SHEQU_API_MAX_BODY", DEFAULT_MAX_BODY))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return error(
                413,
                "too_large",
                _("The request body is larger than %(limit)d bytes.") % {"limit": limit},
            )
        user = getattr(request, "user", None)
        if "Authorization" not in request.headers and not (user and user.is_authenticated):
            return None  # the endpoint answers 401 (or, for signing in, reads its own body)
        found = _find(request.method or "GET", request.path_info)
        if found is not None:
            operation, path_values = found
            for name, (where, low, high) in operation.integers.items():
                if where == "path":
                    values = [path_values.get(name, "")]
                elif where == "query":
                    values = request.GET.getlist(name)
                else:
                    continue
                if any(_out_of_range(v, low, high) for v in values):
                    return _range_error(name, low, high)
        if length and (request.content_type or "").endswith("json"):
            try:
                body = json.loads(request.body, parse_constant=_refuse_constant)
            except (ValueError, UnicodeDecodeError):
                return error(400, "malformed_json", _("The request body is not valid JSON."))
            for where, number in _json_integers(body):
                if not INT_MIN <= number <= INT_MAX:
                    return _range_error(where, INT_MIN, INT_MAX)
        return None


def _range_error(name: str, low: int, high: int) -> JsonResponse:
    return error(
        422,
        "out_of_range",
        _("%(field)s: the number must be between %(low)d and %(high)d.")
        % {"field": name, "low": low, "high": high},
        name,
    )


def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any /api/ path no endpoint matches (a path parameter of the wrong type included)."""
    return error(404, "not_found", _("Not found."))
