"""What a bearer token stands for, remembered between requests (issue 21, point 3).

Without it every API request asks the database for the token and its user, the security policy
(twice) and the user's grants before it does any work. With it, a request that finds its entry
reads the shared cache once (the entry and the current generation together) and the database not
at all; the first request of a token, or the first after a change, reads the database as before
and leaves the entry.

An entry is good only while the generation it was read under is current. Any change that could
change an answer (a user saved or deleted, a grant, a role or its permissions, the security
policy, a token) sets a new generation, at once and again when its transaction commits, so that a
request which read the old rows while the change was being written cannot leave an entry under
the new generation. The generation is a random value, not a counter: if the cache loses it, the
next one cannot coincide with an old entry's.

On only where the cache is shared by every process of the deployment (Redis): with a cache per
process, a change made through one worker would not reach the others. SHEQU_AUTH_CACHE turns it on
or off explicitly (the default follows REDIS_URL).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION = "shequ:auth:generation"
# A backstop: entries are dropped by the generation at once; this bounds what a change made
# while the cache could not be written (Redis unreachable) leaves behind.
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class TokenEntry:
    generation: str
    token_pk: int
    user: Any  # the User, pickled without its per-request caches
    grant_rows: list[tuple[str, int | None, str]]
    created_at: datetime
    last_used_at: datetime
    idle_limit: timedelta
    lifetime: timedelta


def enabled() -> bool:
    return bool(getattr(settings, "SHEQU_AUTH_CACHE", False))


def _key(key_hash: str) -> str:
    return f"shequ:auth:token:{key_hash}"


def lookup(key_hash: str) -> tuple[TokenEntry | None, str | None]:
    """The entry of a token if it is current, and the current generation (None if unknown): one
    round trip to the cache."""
    found = cache.get_many([GENERATION, _key(key_hash)])
    generation = found.get(GENERATION)
    entry = found.get(_key(key_hash))
    if entry is not None and generation is not None and entry.generation == generation:
        return entry, generation
    return None, generation


def current_generation(known: str | None) -> str:
    """The generation to tag an entry with, read before the database is: `known` if the lookup
    saw one, else a new one (or the one another process set first)."""
    if known is not None:
        return known
    cache.add(GENERATION, secrets.token_hex(8), timeout=None)
    return cache.get(GENERATION) or ""


def remember(key_hash: str, entry: TokenEntry) -> None:
    if entry.generation:
        cache.set(_key(key_hash), entry, timeout=TIMEOUT_SECONDS)


def forget(key_hash: str) -> None:
    cache.delete(_key(key_hash))


def _new_generation() -> None:
    cache.set(GENERATION, secrets.token_hex(8), timeout=None)


def invalidate() -> None:
    """Every entry stops being good: now, and again once the current transaction commits."""
    if not enabled():
        return
    _new_generation()
    transaction.on_commit(_new_generation)


def invalidate_on_change(sender: Any, **kwargs: Any) -> None:
    """Signal receiver (post_save, post_delete, m2m_changed) for the models an entry reads."""
    if kwargs.get("raw"):  # fixtures being loaded
        return
    invalidate()
