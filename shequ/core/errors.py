"""One shape for every application error: a code, a message in the user's language, a field.

Services raise these; the API turns them into JSON with the right status
(`{"code", "message", "field", "errors"}`), pages show them next to the field. Bad input never
becomes a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _


class AppError(Exception):
    status = 400
    default_code = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.errors = errors or []

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "field": self.field,
            "errors": [
                {"code": e["code"], "message": str(e["message"]), "field": e.get("field")}
                for e in self.errors
            ],
        }


class InvalidInput(AppError):
    status = 400
    default_code = "invalid"


class NotFound(AppError):
    """The record does not exist, or the user may not know that it does: the same answer."""

    status = 404
    default_code = "not_found"

    def __init__(self, message: Any = None, **kwargs: Any) -> None:
        super().__init__(message or _("Not found."), **kwargs)


class NotInReach(InvalidInput):
    """An id in a request's body names a record that does not exist or is outside the user's
    reach: the same 400 on that field for both (the path's record would be a 404)."""

    default_code = "out_of_reach"

    def __init__(self, field: str, message: Any = None) -> None:
        super().__init__(message or _("Not found or out of your reach."), field=field)


class Forbidden(AppError):
    """The user may see the record but not do this to it."""

    status = 403
    default_code = "forbidden"


class Conflict(AppError):
    status = 409
    default_code = "conflict"


class Locked(AppError):
    status = 423
    default_code = "locked"


class Unauthorized(AppError):
    status = 401
    default_code = "unauthorized"


class Unavailable(AppError):
    """A part the request needs is down for a moment, or the request was cut: try again."""

    status = 503
    default_code = "unavailable"


def database_failure(exception: BaseException) -> Unavailable | None:
    """A statement cut by the statement timeout, or a database that cannot be reached (being
    restarted): an error the user can act on (narrow the request, try again), not a 500."""
    from django.db import InterfaceError, OperationalError

    if not isinstance(exception, OperationalError | InterfaceError):
        return None
    from psycopg import errors as psycopg_errors

    if isinstance(exception.__cause__, psycopg_errors.QueryCanceled):
        return Unavailable(
            _(
                "This request took too long and was stopped. Narrow it (a smaller division or "
                "period, fewer rows) and try again."
            ),
            code="statement_timeout",
        )
    return Unavailable(
        _("The database cannot be reached for a moment. Try again in a few seconds."),
        code="database_unavailable",
    )


def from_validation_error(exc: DjangoValidationError) -> InvalidInput:
    """Turn a Django ValidationError (from full_clean or a validator) into one InvalidInput."""
    errors: list[dict[str, Any]] = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            for err in field_errors:
                message = err.message % err.params if err.params else err.message
                errors.append(
                    {
                        "code": err.code or "invalid",
                        "message": message,
                        "field": None if field == NON_FIELD_ERRORS else field,
                    }
                )
    else:
        for err in exc.error_list:
            message = err.message % err.params if err.params else err.message
            errors.append({"code": err.code or "invalid", "message": message, "field": None})
    first = (
        errors[0] if errors else {"code": "invalid", "message": _("Invalid input."), "field": None}
    )
    first_field = first["field"]
    return InvalidInput(
        first["message"],
        code=str(first["code"]),
        field=str(first_field) if first_field else None,
        errors=errors,
    )
