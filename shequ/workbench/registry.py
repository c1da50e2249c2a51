"""What waits for a person, registered by the apps that hold the records.

Each domain app lists its sources in its own `workbench_items.py` (found by
`autodiscover_modules`, as the statistics find `figures_registry.py`): a source is a function
`(user, now) -> Iterable[Item]` that reads through the app's selectors (`visible_to` and the
capability objects) and returns the items waiting for *this user*, in a fixed number of
queries whatever the number of items. The workbench never imports a domain model: it only
collects, classifies by urgency and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.access.rule import has_perm

if TYPE_CHECKING:
    from shequ.accounts.models import User

OVERDUE, TODAY, WEEK, LATER, WAITING = "overdue", "today", "week", "later", "waiting"
URGENCIES = [OVERDUE, TODAY, WEEK, LATER, WAITING]
URGENCY_LABELS = {
    OVERDUE: _("Overdue"),
    TODAY: _("Due today"),
    WEEK: _("This week"),
    LATER: _("To do, no deadline this week"),
    WAITING: _("Waiting for others"),
}


@dataclass(frozen=True)
class Item:
    """One thing that waits: what (kind), a title without personal details, by when (a date
    or a moment), where it is done (one tap) and what the user may do there."""

    title: str
    link: str
    kind: str = ""  # the source's kind unless the source names another
    due: date | datetime | None = None
    actions: tuple[str, ...] = ()
    waiting: bool = False  # waits for someone else (the user follows it)
    urgency: str = ""  # set by `items_for`
    module: str = ""  # the navigation entry (URL name) that carries its red dot; set by the source

    @property
    def due_date(self) -> date | None:
        if isinstance(self.due, datetime):
            return timezone.localtime(self.due).date()
        return self.due

    @property
    def urgency_label(self) -> Any:
        return URGENCY_LABELS[self.urgency]


Fetch = Callable[[Any, datetime], Iterable[Item]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any
    module: str  # the URL name of the navigation entry where the work is done
    fetch: Fetch = field(compare=False)
    # the permissions without one of which the source has nothing for a user (empty: anyone
    # may have items): a role holding none of them is not asked, not even a query built
    perms: tuple[Perm, ...] = ()

    def concerns(self, user: User) -> bool:
        return not self.perms or any(has_perm(user, p) for p in self.perms)


SOURCES: dict[str, Source] = {}
# the label of each kind of item: a source's own kind, and the other kinds it yields
KIND_LABELS: dict[str, Any] = {}


def label_kind(kind: str, label: Any) -> None:
    """Name a kind of item that a source yields besides its own."""
    KIND_LABELS[kind] = label


def register(
    kind: str, *, label: Any, module: str, perms: tuple[Perm, ...] = ()
) -> Callable[[Fetch], Fetch]:
    """Register a source of items (the decorated function) under its kind; with `perms`, it
    is asked only of users holding one of them (somewhere)."""

    def decorator(fetch: Fetch) -> Fetch:
        if kind in SOURCES:
            raise ValueError(f"workbench source {kind!r} is registered twice")
        SOURCES[kind] = Source(kind=kind, label=label, module=module, fetch=fetch, perms=perms)
        KIND_LABELS[kind] = label
        return fetch

    return decorator


_PLACEHOLDER = 987654321
_PATTERNS: dict[tuple[str, str], str] = {}


def link(name: str, *args: int) -> str:
    """`reverse(name, args=args)` for integer ids, reversing each URL name once (a list of a
    few hundred items would otherwise spend most of its time in the URL resolver)."""
    if not args:
        return reverse(name)
    key = (get_script_prefix(), f"{name}/{len(args)}")
    pattern = _PATTERNS.get(key)
    if pattern is None:
        url = reverse(name, args=[_PLACEHOLDER] * len(args))
        pattern = _PATTERNS[key] = (
            url.replace("{", "{{").replace("}", "}}").replace(str(_PLACEHOLDER), "{}")
        )
    return pattern.format(*args)


def urgency_of(item: Item, now: datetime) -> str:
    """Overdue, due today, this week (the next seven days), later (or no deadline), or
    waiting for others."""
    if item.waiting:
        return WAITING
    if item.due is None:
        return LATER
    today = timezone.localtime(now).date()
    if isinstance(item.due, datetime):
        if item.due < now:
            return OVERDUE
        day = timezone.localtime(item.due).date()
    else:
        day = item.due
        if day < today:
            return OVERDUE
    if day == today:
        return TODAY
    return WEEK if day <= today + timedelta(days=7) else LATER


def _sort_key(item: Item) -> tuple[int, str, str]:
    due = item.due
    if isinstance(due, datetime):
        key = due.astimezone(timezone.get_current_timezone()).isoformat()
    elif due is not None:
        key = due.isoformat()
    else:
        key = "9999"
    return (URGENCIES.index(item.urgency), key, item.title)


def items_for(user: User, now: datetime | None = None) -> list[Item]:
    """Every item waiting for the user, most urgent first."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Item] = []
    for source in SOURCES.values():
        if not source.concerns(user):
            continue
        for item in source.fetch(user, now):
            found.append(
                replace(
                    item,
                    kind=item.kind or source.kind,
                    module=item.module or source.module,
                    urgency=urgency_of(item, now),
                )
            )
    return sorted(found, key=_sort_key)


def classified(items: Iterable[Item], now: datetime) -> list[Item]:
    """The items with their urgency at `now`, most urgent first (a kept list, read again)."""
    return sorted((replace(i, urgency=urgency_of(i, now)) for i in items), key=_sort_key)


@dataclass
class Group:
    urgency: str
    label: Any
    items: list[Item]


def grouped(items: list[Item]) -> list[Group]:
    """The items by urgency, in the order of the urgencies; empty groups left out."""
    return [
        Group(u, URGENCY_LABELS[u], [i for i in items if i.urgency == u])
        for u in URGENCIES
        if any(i.urgency == u for i in items)
    ]


def counts_by_module(items: list[Item]) -> Counter[str]:
    """The red dots of the navigation: the items that wait for the user's own action (not
    those waiting for others), per navigation entry."""
    return Counter(i.module for i in items if i.urgency != WAITING)
