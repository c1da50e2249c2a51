"""Each request gets an id (X-Request-ID, kept from the proxy when well formed), one JSON log
line and its metrics. Outermost middleware, so that its time is the whole answer's."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import empty
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import database_failure
from shequ.ops import metrics
from shequ.ops.db_router import reads_on_replica, wants_replica
from shequ.ops.logs import request_id

log = logging.getLogger("shequ.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
QUIET = {"ops:healthz", "ops:readyz", "ops:metrics"}


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unnamed"


def _user_id(request: HttpRequest) -> int | None:
    """The user's id if the request already knows who it is: never a query of its own (a lazy
    user not yet read stays unread, so query counts and a failed database are untouched)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:
        return None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        replica = reads_on_replica.set(wants_replica(request.method or "", request.path))
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = rid
            return response
        finally:
            elapsed = time.perf_counter() - started
            view = view_name(request)
            metrics.REQUESTS.labels(view=view, method=request.method, status=str(status)).inc()
            metrics.LATENCY.labels(view=view).observe(elapsed)
            if view not in QUIET:
                user_id = _user_id(request)
                log.info(
                    "request",
                    extra={
                        "fields": {
                            "request_id": rid,
                            "method": request.method,
                            "path": request.path,
                            "view": view,
                            "status": status,
                            "ms": round(elapsed * 1000, 1),
                            "user_id": user_id,
                        }
                    },
                )
            request_id.reset(token)
            reads_on_replica.reset(replica)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        error = database_failure(exception)
        if error is None:
            return None
        log.warning(
            "database failure",
            exc_info=exception,
            extra={"fields": {"code": error.code, "path": request.path}},
        )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(error.as_dict(), status=error.status)
        else:
            # no template with the navigation: it would ask the database again
            response = HttpResponse(
                format_html(
                    '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>{}</title>'
                    "<h1>{}</h1><p>{}</p></html>",
                    _("Problem"),
                    _("This could not be done"),
                    error.message,
                ),
                status=error.status,
            )
        response["Retry-After"] = "5"
        return response
