"""What a load balancer asks: is the process alive (`/healthz`), may it take traffic (`/readyz`).

Readiness checks each part the application needs, each with a short timeout, and says which
failed: the database answers, every migration is applied, the cache answers, the broker answers
(when Celery is configured), and the CJK font of the PDFs is present.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float


def _database() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [int(TIMEOUT_SECONDS * 1000)])
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        raise RuntimeError(f"{len(plan)} unapplied: {names}")
    return "all applied"


def _cache() -> str:
    key = "shequ:readyz"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was written")
    return str(settings.CACHES["default"]["BACKEND"]).rsplit(".", 1)[-1]


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "none configured: background work runs in the web process"
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(
            url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        client.ping()
        return f"redis, {client.llen('celery')} waiting"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
    return "ok"


def _font() -> str:
    from shequ.core.pdf import cjk_font

    return cjk_font()


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database,
    "migrations": _migrations,
    "cache": _cache,
    "broker": _broker,
    "font": _font,
}


def run_checks() -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as exc:  # a readiness probe reports every failure, whatever it is
            detail, ok = f"{type(exc).__name__}: {str(exc)[:200]}", False
        results.append(Check(name, ok, detail, round((time.perf_counter() - started) * 1000, 1)))
    return results


def broker_queue_length() -> int | None:
    """Messages waiting in the default Celery queue (Redis broker), None when not known."""
    url = settings.CELERY_BROKER_URL
    if not url or not url.startswith(("redis://", "rediss://")):
        return None
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
        return int(client.llen("celery"))
    except Exception:
        return None
