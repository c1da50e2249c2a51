"""A Redis cache that misses instead of failing: with Redis stopped, pages still work (every read
is a miss, every write is dropped) and the failure is logged once a minute, not per request."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)
_last_warning = [0.0]


def _warn(exc: Exception) -> None:
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        log.warning("cache unavailable, serving without it: %s", exc)


def _tolerant(name: str, default: Any) -> Any:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(super(TolerantRedisCache, self), name)(*args, **kwargs)
        except Exception as exc:  # redis.ConnectionError, TimeoutError, ...
            _warn(exc)
            return default(args, kwargs) if callable(default) else default

    method.__name__ = name
    return method


def _get_default(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class TolerantRedisCache(RedisCache):
    get = _tolerant("get", _get_default)
    set = _tolerant("set", None)
    add = _tolerant("add", False)
    delete = _tolerant("delete", False)
    touch = _tolerant("touch", False)
    get_many = _tolerant("get_many", {})
    set_many = _tolerant("set_many", [])
    delete_many = _tolerant("delete_many", None)
    has_key = _tolerant("has_key", False)
    incr = _tolerant("incr", None)
    clear = _tolerant("clear", False)
