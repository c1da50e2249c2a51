"""Sessions end after the policy's idle minutes (30 by default)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from shequ.accounts.models import SecurityPolicy

KEY = "shequ_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(KEY)
            limit = SecurityPolicy.current().idle_timeout_minutes * 60
            if last is not None and now - float(last) > limit:
                from shequ.accounts.services import logout_record

                logout_record(user=user)
                logout(request)
                request.session["shequ_idle_logout"] = True
            else:
                request.session[KEY] = now
        return self.get_response(request)
