"""The one rule of access, written once.

Every record belongs to a division. A user's role is granted *at* a division and reaches
that division and everything below it: the record's 12-digit code starts with the grant's
significant prefix. Roles carry permissions as data; a user reaches a record for a
permission when some active grant whose role holds that permission covers the record's
division. Explicit shares (referrals) add to the reach; nothing else does, and a share adds
only for the permissions its model declares in `share_grants` (a referral lets the receiver
read a case, not manage it). A record with no division is never visible.

Every selector starts from `Model.objects.visible_to(user, perm)`; object fetches use
`get_visible_or_404`, which answers a record out of reach exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

from shequ.access.codes import minimal_prefixes, prefix_of
from shequ.core.errors import NotFound, NotInReach

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from shequ.access.perms import Perm
    from shequ.accounts.models import User

    # who asks: a signed-in user, or the anonymous visitor (who reaches nothing)
    Actor: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_shequ_reach_cache"


GrantRows: TypeAlias = "list[tuple[str, int | None, str]]"

# Where the grants are read: registered by `accounts` when it starts (AccountsConfig.ready), so
# that the rule, below every app, does not import the app that stores the grants.
_grant_source: Callable[[int], GrantRows] | None = None


def use_grant_source(source: Callable[[int], GrantRows]) -> None:
    """Register the function giving (division code, organization id, permission code) for each
    active grant of a user id."""
    global _grant_source
    _grant_source = source


def _grant_rows(user: User) -> GrantRows:
    """(division code, organization id, permission code) for each active grant of the user."""
    if _grant_source is None:
        raise ImproperlyConfigured("No grant source: is shequ.accounts in INSTALLED_APPS?")
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    if "rows" not in cache:
        cache["rows"] = _grant_source(user.pk)
    return cache["rows"]


def preload_grant_rows(user: Actor, rows: GrantRows) -> None:
    """Give the user the grant rows already read (a cached bearer token): the rule asks the
    source only for users without them."""
    setattr(user, _CACHE_ATTR, {"rows": rows})


def clear_reach_cache(user: Actor) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_perm(user: Actor, perm: Perm) -> bool:
    """Does any active grant of the user carry this permission (anywhere)?"""
    if not _is_active_user(user):
        return False
    return any(code == perm for _, _, code in _grant_rows(user))


def reach(user: Actor, perm: Perm) -> list[str]:
    """The minimal list of division-code prefixes where the user holds `perm`."""
    if not _is_active_user(user):
        return []
    rows = _grant_rows(user)
    cache = getattr(user, _CACHE_ATTR)  # set by _grant_rows, cleared with it
    key = ("reach", perm)
    if key not in cache:  # asked per record by the capability objects: computed once
        cache[key] = minimal_prefixes({prefix_of(div) for div, _, code in rows if code == perm})
    return list(cache[key])


def reach_organizations(user: Actor, perm: Perm) -> set[int]:
    """Organizations at which the user holds `perm` (for explicit shares and referrals)."""
    if not _is_active_user(user):
        return set()
    return {org for _, org, code in _grant_rows(user) if code == perm and org is not None}


def covers(user: Actor, perm: Perm, division_code: str | None) -> bool:
    """Does the user's reach for `perm` include this division code?"""
    if not division_code:
        return False
    return any(division_code.startswith(p) for p in reach(user, perm))


def reach_q(user: Actor, perm: Perm, path: str = "division__code") -> Q:
    """A filter for records whose division code (found at lookup `path`) is in reach."""
    prefixes = reach(user, perm)
    if not prefixes:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path}__startswith": p}) for p in prefixes))


def _is_active_user(user: Actor | None) -> TypeGuard[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def share_grants(model: type[models.Model]) -> frozenset[str]:
    """The permissions for which a model's explicit shares (`shared_q`) add to the reach. A
    model with `shared_q` must declare them (`share_grants = frozenset({"x.view"})`): a share
    left undeclared would otherwise widen every permission, the manage ones included."""
    if getattr(model, "shared_q", None) is None:
        return frozenset()
    grants = getattr(model, "share_grants", None)
    if grants is None:
        raise ImproperlyConfigured(
            f"{model.__name__} defines shared_q without share_grants: declare the permissions "
            "its shares grant."
        )
    return frozenset(grants)


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows the access rule. Models name the lookup that reaches their
    division code in `access_division_path` (default "division__code") and may define
    `shared_q(user, perm)` for explicit shares, with `share_grants`, the permissions those
    shares grant."""

    def visible_to(self, user: Actor, perm: Perm) -> ScopedQuerySet[M]:
        path = getattr(self.model, "access_division_path", "division__code")
        q = reach_q(user, perm, path)
        shared = getattr(self.model, "shared_q", None)
        if shared is not None and _is_active_user(user) and perm in share_grants(self.model):
            q = q | shared(user, perm)
        return self.filter(q)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_visible_or_404(queryset: Any, user: Actor, perm: Perm, **lookup: Any) -> Any:
    """Fetch one record the user may see, or raise NotFound, whether it is out of reach or
    does not exist (a 403 would confirm that it exists)."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset._default_manager.all()
    try:
        return queryset.visible_to(user, perm).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def named(choices: Iterable[M], pk: Any, *, field: str) -> M:
    """The record an id in a request names, among the choices the user may name (the list the
    page offers, from a selector under the access rule). A missing id and one out of reach get
    the same answer, a 400 on `field` (docs/decisions/ids-from-a-request-are-resolved-in-reach.md).
    """
    if isinstance(choices, models.QuerySet):
        try:
            found = choices.filter(pk=pk).first()
        except (ValueError, TypeError):
            found = None
    else:
        found = next((c for c in choices if str(c.pk) == str(pk)), None)
    if found is None:
        raise NotInReach(field)
    return found


@contextmanager
def named_in_body(field: str) -> Iterator[None]:
    """Around a selector's fetch of a record an id in the request's body names: its 404 (missing
    or out of reach) becomes the 400 of `named` on that field."""
    try:
        yield
    except NotFound as exc:
        raise NotInReach(field) from exc
