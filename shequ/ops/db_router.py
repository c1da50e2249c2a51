"""Reads of statistics and exports on a PostgreSQL read replica (DATABASE_REPLICA_URL).

Only GET requests to the paths of SHEQU_REPLICA_PATHS (the statistics pages and API, the
exports) read from the replica, and only their domain data: accounts, sessions, grants, the
audit log and anything read inside a transaction stay on the primary, so a request always sees
its own writes and a user who has just signed in is known. Every write goes to the primary;
migrations run on the primary only.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
reads_on_replica: ContextVar[bool] = ContextVar("shequ_reads_on_replica", default=False)
PRIMARY_APPS = {"accounts", "auth", "sessions", "contenttypes", "audit", "ops", "imports"}


def wants_replica(method: str, path: str) -> bool:
    if REPLICA not in settings.DATABASES or method not in ("GET", "HEAD"):
        return False
    return any(path.startswith(prefix) for prefix in settings.SHEQU_REPLICA_PATHS)


def _in_transaction() -> bool:
    """In a transaction of the primary (a request that writes, select_for_update): its reads
    must see its writes. The outer atomics of Django's TestCase do not count."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return False
    return not all(getattr(a, "_from_testcase", False) for a in connection.atomic_blocks)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if (
            reads_on_replica.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label not in PRIMARY_APPS
            and not _in_transaction()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
