"""Sessions end after the policy's idle minutes (30 by default) and, however busy, after its
absolute lifetime (12 hours by default): a stolen session cookie is not good for ever."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse

from shequ.accounts.models import SecurityPolicy

KEY = "shequ_last_seen"
STARTED = "shequ_started"


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(KEY)
            started = request.session.get(STARTED)
            policy = SecurityPolicy.current()
            idle = last is not None and now - float(last) > policy.idle_timeout_minutes * 60
            expired = (
                started is not None and now - float(started) > policy.session_lifetime_hours * 3600
            )
            if idle or expired:
                from shequ.accounts.services import logout_record

                logout_record(user=user)
                logout(request)
                request.session["shequ_idle_logout"] = True
            elif not is_background(request):
                request.session[KEY] = now
                if started is None:
                    request.session[STARTED] = now
        return self.get_response(request)


def is_background(request: HttpRequest) -> bool:
    """A request the page makes by itself (the red dots of the navigation), not the person: it
    neither keeps the session alive nor writes it (SHEQU_BACKGROUND_PATHS)."""
    return request.path in getattr(settings, "SHEQU_BACKGROUND_PATHS", ())


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a background request leaves the session as it was: with
    SESSION_SAVE_EVERY_REQUEST every request would write it, and a poll racing a sign-out or a
    form post would fail on it or keep an idle session open."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if is_background(request):
            return response
        return super().process_response(request, response)
