"""Each request gets an id (X-Request-ID, kept from the proxy when well formed), one JSON log
line and its metrics. Outermost middleware, so that its time is the whole answer's."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shequ.ops import metrics
from shequ.ops.logs import request_id

log = logging.getLogger("shequ.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
QUIET = {"ops:healthz", "ops:readyz", "ops:metrics"}


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unnamed"


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
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
                user = getattr(request, "user", None)
                user_id = user.pk if user is not None and user.is_authenticated else None
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
