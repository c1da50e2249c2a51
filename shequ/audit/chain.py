"""The audit log's hash chain: each entry stores a SHA-256 over its own content and the hash of
the entry before it (in id order). Changing, removing or inserting an entry anywhere breaks
every link after it; `python manage.py audit_verify` names the first broken one.

The hash is over a canonical text of the stored values, so it can be recomputed from the
database alone. This module is imported by a migration: keep `entry_hash` stable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "ip",
    "user_agent",
    "channel",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "division_code",
    "outcome",
    "detail",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def entry_hash(values: dict[str, Any], prev_hash: str) -> str:
    """The hash of one entry, given its stored values and its predecessor's hash."""
    content = {name: _canonical(values.get(name)) for name in FIELDS}
    text = json.dumps(
        [prev_hash, content], sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ChainState:
    checked: int
    broken_id: int | None = None  # the first entry whose link does not hold
    reason: str = ""  # "changed" (content differs from its hash) or "link" (a gap)
    first_id: int | None = None
    last_id: int | None = None
    head: str = ""  # the last entry's hash: recorded outside the database, it anchors the chain

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify(rows: Iterable[dict[str, Any]], start_hash: str | None = None) -> ChainState:
    """Walk entries in id order. The first entry's own `prev_hash` is taken as given (older
    entries may have been purged after the retention period) unless `start_hash` is known."""
    checked = 0
    previous = start_hash
    first_id = last_id = None
    for row in rows:
        if first_id is None:
            first_id = row["id"]
        last_id = row["id"]
        checked += 1
        expected_prev = row["prev_hash"] if previous is None else previous
        if row["prev_hash"] != expected_prev:
            return ChainState(checked, row["id"], "link", first_id, last_id)
        if entry_hash(row, row["prev_hash"]) != row["entry_hash"]:
            return ChainState(checked, row["id"], "changed", first_id, last_id)
        previous = row["entry_hash"]
    return ChainState(checked, None, "", first_id, last_id, previous or "")
