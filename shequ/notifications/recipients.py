"""Finding who is told: the holders of a permission nearest a division, at a level, or in an
organization, confirmed by the capability the domain app passes (`may_act`). The domain apps
say who is told of their events (their `notifying.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from shequ.access.codes import Level, level_of, parent_code
from shequ.access.perms import Perm
from shequ.accounts.models import RoleGrant, User


def ancestors(code: str) -> list[str]:
    """The division itself and every division above it (the grants that reach it)."""
    found: list[str] = []
    current: str | None = code
    while current:
        found.append(current)
        current = parent_code(current)
    return found


def _grants(perms: Iterable[Perm], **filters: Any) -> Any:
    return (
        RoleGrant.objects.active()
        .filter(role__permissions__code__in=[str(p) for p in perms], **filters)
        .values_list("user_id", "division_id")
        .distinct()
    )


def _users(ids: Iterable[int]) -> list[User]:
    """The active accounts among `ids`; a locked account cannot act on what it would be told."""
    return list(
        User.objects.filter(pk__in=set(ids), is_active=True)
        .filter(User.not_locked_q())
        .order_by("pk")
    )


def _confirmed(users: list[User], may_act: Callable[[User], bool] | None) -> list[User]:
    return [u for u in users if may_act is None or may_act(u)]


def nearest(
    perms: Iterable[Perm], code: str, may_act: Callable[[User], bool] | None = None
) -> list[User]:
    """Holders of one of `perms` over `code`, at the level nearest to it that has any."""
    rows = list(_grants(perms, division_id__in=ancestors(code)))
    for level in sorted({level_of(d) for _, d in rows}, reverse=True):
        users = _confirmed(_users(u for u, d in rows if level_of(d) == level), may_act)
        if users:
            return users
    return []


def at_level(perms: Iterable[Perm], code: str, level: Level) -> list[User]:
    """Holders of one of `perms` granted at the division of `level` above `code`."""
    above = [d for d in ancestors(code) if level_of(d) == level]
    if not above:
        return []
    return _users(u for u, _ in _grants(perms, division_id=above[0]))


def first_staffed(
    perms_at: Callable[[Level], Iterable[Perm]], code: str, start: Level
) -> tuple[Level, list[User]] | None:
    """Escalating from `start` upwards (street, district, city, province): the first level
    above `code` where someone active and unlocked holds one of `perms_at(level)`, and those
    people. A level with nobody is skipped, not the end of the escalation; None when no level
    up to the province has anybody."""
    for level in sorted((lv for lv in Level if lv <= start), reverse=True):
        users = at_level(perms_at(level), code, level)
        if users:
            return level, users
    return None


def first_found(*finders: Callable[[], list[User]]) -> list[User]:
    """The people the first finder names that names anybody (whoever should be told first
    has nobody: the next one is told instead of nobody)."""
    for finder in finders:
        users = finder()
        if users:
            return users
    return []


def active(user: User | None) -> bool:
    """An account that can act on what it is told: active and not locked."""
    return user is not None and user.is_active and not user.is_locked()


def of_organization(
    perms: Iterable[Perm], organization_id: int, may_act: Callable[[User], bool] | None = None
) -> list[User]:
    """The people of an organization who hold one of `perms` there."""
    users = _users(u for u, _ in _grants(perms, organization_id=organization_id))
    return _confirmed(users, may_act)
