"""Who is asking and from where, for the audit log, without passing the request everywhere."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestInfo:
    ip: str | None = None
    user_agent: str = ""
    channel: str = "shell"  # web, api, shell


_current: ContextVar[RequestInfo | None] = ContextVar("shequ_request_info", default=None)


def current() -> RequestInfo:
    return _current.get() or RequestInfo()


def set_current(info: RequestInfo | None) -> object:
    return _current.set(info)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def info_from_request(request: object) -> RequestInfo:
    meta = getattr(request, "META", {})
    ip = meta.get("REMOTE_ADDR")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        # behind the documented proxy (DJANGO_BEHIND_PROXY=1): the client address is the last
        # entry of X-Forwarded-For, the one the proxy itself appended (earlier entries are
        # whatever the client sent)
        forwarded = [a.strip() for a in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
        if forwarded and forwarded[-1]:
            ip = forwarded[-1][:45]
    path = getattr(request, "path", "") or ""
    return RequestInfo(
        ip=ip,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:300],
        channel="api" if path.startswith("/api/") else "web",
    )
