"""What a user may do to one record, decided once and read everywhere.

An app's `permissions.py` returns a frozen dataclass of booleans derived from this base
(`record_caps(user, record) -> RecordCaps(edit=True, delete=False)`): services call
`caps.require("edit")`, templates read `caps.edit`, API answers list `caps.actions()`. No view
or endpoint computes a permission itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.core.errors import Forbidden


def state(default: bool = False) -> Any:
    """A boolean that describes the record for this user (locked, may see the person) rather
    than an action: left out of `actions()`."""
    return field(default=default, metadata={"state": True})


@dataclass(frozen=True)
class Capabilities:
    """Booleans, one per action (and `state()` fields that describe the record)."""

    def actions(self) -> list[str]:
        return [
            f.name
            for f in fields(self)
            if f.type in (bool, "bool") and not f.metadata.get("state") and getattr(self, f.name)
        ]

    def require(self, action: str, message: Any = None) -> None:
        if not getattr(self, action):
            raise Forbidden(message or _("You may not do this."), code="forbidden")
