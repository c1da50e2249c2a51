"""Security headers and the request context for the audit log."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shequ.core import request_context

# Nothing from outside: every asset is served by the application itself.
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Sets a strict Content-Security-Policy (with a per-request nonce for the rare inline
    block), Permissions-Policy, and records who is asking for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        token = request_context.set_current(request_context.info_from_request(request))
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response.setdefault("Content-Security-Policy", CSP.format(nonce=nonce))
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class AppErrorMiddleware:
    """On pages, an AppError that escapes a view becomes the matching page: NotFound a 404
    (exactly like a missing record), Forbidden a 403, anything else a 400 with its message."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.shortcuts import render

        from shequ.core.errors import AppError, Forbidden, NotFound

        if request.path.startswith("/api/") or not isinstance(exception, AppError):
            return None
        if isinstance(exception, NotFound):
            raise Http404(str(exception.message))
        if isinstance(exception, Forbidden):
            raise PermissionDenied(str(exception.message))
        return render(request, "core/error.html", {"error": exception}, status=exception.status)
