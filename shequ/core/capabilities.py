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

from shequ.core.errors import AppError, Conflict, Forbidden


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


@dataclass(frozen=True)
class ListCaps(Capabilities):
    """What the user may do with a section as a whole: add a record (somewhere in reach; the
    service checks the place chosen)."""

    create: bool = False


@dataclass(frozen=True)
class FourEyes:
    """The refusals of a decision taken by a second person: the approver in reach, never the
    author, while the record waits."""

    not_approver: Any
    own: Any
    decided: Any
    decided_code: str = "decided"


def four_eyes_refusal(
    *, approver: bool, author: bool, waiting: bool, messages: FourEyes
) -> AppError | None:
    """Why the user may not decide now (403 not in reach or the author, 409 decided); None
    when they may."""
    if not approver:
        return Forbidden(messages.not_approver)
    if author:
        return Forbidden(messages.own, code="own")
    if not waiting:
        return Conflict(messages.decided, code=messages.decided_code)
    return None
