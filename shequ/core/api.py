"""The API's shared parts: authentication (bearer token or session), the one error shape,
and pagination."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie

from shequ.core.capabilities import Capabilities
from shequ.core.errors import AppError, database_failure, from_validation_error

R = TypeVar("R")


class ErrorItem(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    """Every API error has this shape."""

    code: str
    message: str
    field: str | None = None
    errors: list[ErrorItem] = []


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    412: ErrorOut,  # an edit made on an older version (If-Match; shequ/core/concurrency.py)
    413: ErrorOut,  # a body over SHEQU_API_MAX_BODY (shequ/core/api_contract.py)
    422: ErrorOut,
    428: ErrorOut,  # a PATCH without If-Match
}


ACTIONS_DESCRIPTION = "What you may do to this record (detail answers only; null in lists)."


class WithActions(Schema):
    """An answer that lists, in a detail answer, the actions of the record's capability object
    (`shequ/core/capabilities.py`): the endpoint hands the object over with `with_caps` (or, for
    an answer built as a dict, under the key `caps`)."""

    actions: list[str] | None = Field(default=None, description=ACTIONS_DESCRIPTION)

    @staticmethod
    def resolve_actions(obj: Any) -> list[str] | None:
        caps = obj.get("caps") if isinstance(obj, dict) else getattr(obj, "caps", None)
        return None if caps is None else list(caps.actions())


def with_caps(record: R, caps: Capabilities) -> R:
    """The record, carrying what the user may do to it (read by `WithActions`)."""
    setattr(record, "caps", caps)  # noqa: B010 (an attribute the model does not declare)
    return record


class SessionAuth(APIKeyCookie):
    """The browser's session, for the browsable docs and htmx; CSRF is checked."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session there is nothing for a forged request to ride on: no CSRF
        # check, so that a request without credentials answers 401, whatever its method.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


def _error(
    api: NinjaAPI, request: HttpRequest, payload: dict[str, Any], status: int
) -> HttpResponse:
    return api.create_response(request, payload, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(AppError)
    def app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
        return _error(api, request, exc.as_dict(), exc.status)

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        err = from_validation_error(exc)
        return _error(api, request, err.as_dict(), 400)

    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        items = []
        for e in exc.errors:
            loc = [
                str(p) for p in e.get("loc", []) if p not in ("body", "query", "path", "payload")
            ]
            items.append(
                {
                    "code": str(e.get("type", "invalid")),
                    "message": str(e.get("msg", "")),
                    "field": ".".join(loc) or None,
                }
            )
        first = (
            items[0]
            if items
            else {"code": "invalid", "message": _("Invalid input."), "field": None}
        )
        body: dict[str, Any] = {
            "code": "invalid",
            "message": _("Invalid input: %(field)s: %(message)s")
            % {"field": first["field"] or "-", "message": first["message"]},
            "field": first["field"],
            "errors": items,
        }
        return _error(api, request, body, 422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body: dict[str, Any] = {
            "code": "unauthorized",
            "message": _("Sign in first: send a bearer token."),
            "field": None,
            "errors": [],
        }
        return _error(api, request, body, 401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body: dict[str, Any] = {
            "code": "error",
            "message": str(exc.message),
            "field": None,
            "errors": [],
        }
        return _error(api, request, body, exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        import logging

        failure = database_failure(exc)
        if failure is not None:  # a restart or a statement timeout: 503, try again
            logging.getLogger("shequ.api").warning("database failure: %s", exc)
            response = _error(api, request, failure.as_dict(), failure.status)
            response["Retry-After"] = "5"
            return response
        logging.getLogger("shequ.api").exception("unexpected API error")
        body: dict[str, Any] = {
            "code": "server_error",
            "message": _("Something went wrong on our side; it has been logged."),
            "field": None,
            "errors": [],
        }
        return _error(api, request, body, 500)


class Page(Schema):
    """Paging for list endpoints: `?limit=&offset=`; `count` is the total in the user's reach.
    Large lists (residents) count exactly up to 10,000 and above it estimate (`count_exact`
    false; a search answers 10,001: "more than 10,000"), and give `next`: pass it as `after`
    for the following page (keyset paging)."""

    count: int
    count_exact: bool = True
    limit: int
    offset: int
    next: str | None = None


def paginate(
    qs: Any, limit: int, offset: int, max_limit: int = 200
) -> tuple[int, list[Any], int, int]:
    limit = max(1, min(limit, max_limit))
    offset = max(0, offset)
    return qs.count(), list(qs[offset : offset + limit]), limit, offset
