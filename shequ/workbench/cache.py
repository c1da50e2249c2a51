"""The workbench kept per user until a record changes (issue 18, speed).

Computing the items costs one query per source (`registry.items_for`), on every page that
shows the navigation's red dots. Most pages are read between two changes, so the computed items
are kept in the cache, per user and language, under the *records version*: a number every
write to the database increases (a wrapper on each connection sees every INSERT, UPDATE and
DELETE, whatever path made it: a service, `QuerySet.update`, an import, a migration), at once
and again when its transaction commits (a reader that computed between the two does not keep
what it saw). A kept list is therefore never older than the last write, except for:

- the writes that put nothing on a workbench and happen on every request (the audit trail
  and access log, sessions, notifications, login throttles and API token use), which are not
  counted, so reading a page does not throw every workbench away; the security
  administrator's "failed and denied actions" may show up to `SHEQU_WORKBENCH_CACHE_SECONDS`
  late;
- the clock: a list is kept at most `SHEQU_WORKBENCH_CACHE_SECONDS` (60 by default; 0
  switches the cache off), so an item that becomes due with time appears within that delay;
  the urgency (overdue, today...) is computed again when a deadline of the list passes or
  the day changes.

The cache is shared by the processes (Redis in production); without Redis (development) each
process has its own, and a write seen by one process is not seen by another's (`runserver` is
one process)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from shequ.workbench.registry import Item, classified, items_for

if TYPE_CHECKING:
    from shequ.accounts.models import User

VERSION_KEY = "workbench:records-version"
# tables written on every request that put nothing on a workbench
NOT_COUNTED = (
    "audit_",
    "django_session",
    "notifications_",
    "accounts_loginthrottle",
    "accounts_apitoken",
)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)


def seconds() -> int:
    return int(getattr(settings, "SHEQU_WORKBENCH_CACHE_SECONDS", 60))


def records_changed() -> None:
    """A record changed: every kept workbench is stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value differs from the kept ones
        cache.set(VERSION_KEY, timezone.now().timestamp(), None)


def _version() -> Any:
    found = cache.get(VERSION_KEY)
    if found is None:
        records_changed()
        found = cache.get(VERSION_KEY)
    return found


def counts(sql: str) -> bool:
    """Does this statement change a record a workbench is computed from?"""
    match = _WRITE.match(sql)
    return match is not None and not match.group(1).lower().startswith(NOT_COUNTED)


def _marked(connection: Any) -> bool:
    """Has this transaction already said that records change (its first write did)?"""
    return any(entry[1] is records_changed for entry in connection.run_on_commit)


def _watch(execute: Any, sql: Any, params: Any, many: bool, context: dict[str, Any]) -> Any:
    if isinstance(sql, str) and counts(sql):
        connection = context["connection"]
        records_changed()
        if connection.in_atomic_block and not _marked(connection):
            # once per transaction, not per statement: a commit after thousands of writes
            # tells the cache once
            transaction.on_commit(records_changed, using=connection.alias)
    return execute(sql, params, many, context)


def watch_writes(sender: Any = None, connection: Any = None, **kwargs: Any) -> None:
    """Put the wrapper on a connection (the signal `connection_created`)."""
    if connection is not None and _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _until(items: list[Item], now: datetime) -> datetime:
    """Until when the urgencies classified at `now` hold: the next local midnight (a date falls
    due, today becomes overdue) or the next moment an item's deadline passes."""
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [i.due for i in items if isinstance(i.due, datetime) and i.due >= now]
    return min([midnight, *moments])


def kept_items_for(user: User) -> list[Item]:
    """`items_for(user)` now, from the cache while no record has changed."""
    if seconds() <= 0 or not getattr(user, "is_authenticated", False):
        return items_for(user)
    key = f"workbench:items:{user.pk}:{translation.get_language()}:{_version()}"
    # (the items, until when their urgencies hold, when they were computed)
    kept: tuple[list[Item], datetime, datetime] | None = cache.get(key)
    now = timezone.now()
    if kept is not None and now < kept[1]:
        return kept[0]
    if kept is None:
        items, computed = items_for(user, now), now
    else:
        items, computed = classified(kept[0], now), kept[2]
    left = seconds() - (now - computed).total_seconds()
    if left > 0:  # never kept longer than SHEQU_WORKBENCH_CACHE_SECONDS after computing
        cache.set(key, (items, _until(items, now), computed), left)
    return items
