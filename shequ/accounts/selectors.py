from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from shequ.access.codes import prefix_of
from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, has_perm
from shequ.accounts.models import Role, RoleGrant, SecurityPolicy, User
from shequ.core.errors import Forbidden
from shequ.core.pickers import by_name
from shequ.core.pinyin import is_pinyin_query


def active_grant_rows(user_id: int) -> list[tuple[str, int | None, str]]:
    """(division code, organization id, permission code) for each active grant of a user: the
    source the access rule reads (registered in AccountsConfig.ready)."""
    return list(
        RoleGrant.objects.active()
        .filter(user_id=user_id, role__permissions__isnull=False)
        .values_list("division_id", "organization_id", "role__permissions__code")
    )


def user_list(*, user: User, q: str | None = None) -> QuerySet[User]:
    qs = User.objects.visible_to(user, Perm.USER_VIEW).select_related("division")
    if q:
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(full_name__contains=q.strip()))
    return qs.prefetch_related(
        Prefetch(
            "grants",
            queryset=RoleGrant.objects.active().select_related("role", "division", "organization"),
        )
    ).order_by("username")


def user_search(*, user: User, q: str) -> Any:
    """Accounts in reach by user name, or by full name (characters, pinyin, initials)."""
    qs = User.objects.visible_to(user, Perm.USER_VIEW).select_related("division")
    q = q.strip()
    if is_pinyin_query(q):
        by_username = list(qs.filter(username__istartswith=q).order_by("username")[:20])
        others = qs.exclude(pk__in=[u.pk for u in by_username]).order_by("username")
        return by_username + by_name(others, q, lambda u: u.full_name)
    return qs.filter(Q(username__icontains=q) | Q(full_name__contains=q)).order_by("username")


def user_get(*, user: User, pk: int) -> User:
    return get_visible_or_404(User.objects.select_related("division"), user, Perm.USER_VIEW, pk=pk)


def grant_list(
    *, user: User, for_user: User | None = None, include_revoked: bool = False
) -> QuerySet[RoleGrant]:
    qs = RoleGrant.objects.visible_to(user, Perm.GRANT_VIEW).select_related(
        "user", "role", "division", "organization"
    )
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    if for_user is not None:
        qs = qs.filter(user=for_user)
    return qs.order_by("user__username", "division_id")


def reach_names(*, user: User, perm: Perm) -> str:
    """The divisions where the user holds `perm`, by name (the scope printed on an export)."""
    names = (
        RoleGrant.objects.active()
        .filter(user_id=user.pk, role__permissions__code=perm)
        .order_by("division_id")
        .values_list("division__name", flat=True)
        .distinct()
    )
    return "、".join(names)


def role_list() -> QuerySet[Role]:
    """Roles are configuration, visible to every signed-in user."""
    return Role.objects.prefetch_related("permissions").order_by("admin_kind", "code")


def my_grants(*, user: User) -> list[RoleGrant]:
    return list(
        RoleGrant.objects.active()
        .filter(user_id=user.pk)
        .select_related("role", "division", "organization")
        .order_by("division_id")
    )


def role_get(*, code: str) -> Role:
    role = Role.objects.filter(code=code).first()
    if role is None:
        from shequ.core.errors import InvalidInput

        raise InvalidInput(_("Unknown role."), field="role", code="unknown_role")
    return role


def policy_get(*, user: User) -> SecurityPolicy:
    if not has_perm(user, Perm.POLICY_MANAGE):
        raise Forbidden(_("Only the security administrator may see the security policy."))
    return SecurityPolicy.current()


def permissions_of(*, user: User) -> list[str]:
    return sorted(
        RoleGrant.objects.active()
        .filter(user_id=user.pk)
        .values_list("role__permissions__code", flat=True)
        .distinct()
        .exclude(role__permissions__code=None)
    )


def locked_users(*, user: User) -> list[User]:
    """Accounts in reach that are locked now: by an administrator, or blocked from every
    address they have not signed in from after too many failed logins."""
    from django.utils import timezone

    from shequ.accounts.throttle import blocked_usernames

    now = timezone.now()
    throttled = blocked_usernames(now)
    return list(
        User.objects.visible_to(user, Perm.USER_VIEW)
        .annotate(lower_username=Lower("username"))
        .filter(Q(locked_until__gt=now) | Q(lower_username__in=throttled))
        .order_by("username")
    )


def holders_of(*, perm: Perm, division_code: str, organization_id: int | None = None) -> list[User]:
    """The active users who hold `perm` over `division_code` (at `organization_id` when given):
    the choices of a form that hands work to a colleague (a case's new worker, a project's
    staff). Names only."""
    return holders_of_any(
        perm=perm, division_codes=[division_code], organization_id=organization_id
    )


def holders_of_any(
    *, perm: Perm, division_codes: list[str], organization_id: int | None = None
) -> list[User]:
    """The same, over any of several divisions, in one query."""
    grants = (
        RoleGrant.objects.active()
        .filter(role__permissions__code=perm)
        .select_related("user")
        .order_by("user__username")
    )
    if organization_id is not None:
        grants = grants.filter(organization_id=organization_id)
    users: dict[int, User] = {}
    for grant in grants:
        prefix = prefix_of(grant.division_id)
        if any(code.startswith(prefix) for code in division_codes):
            users.setdefault(grant.user_id, grant.user)
    return list(users.values())


def organizations_holding(*, perms: list[Perm]) -> QuerySet[Any]:
    """The ids of the organizations where an active user holds one of `perms` (for a
    subquery: who can take a piece of work)."""
    return (
        RoleGrant.objects.active()
        .filter(role__permissions__code__in=perms, organization__isnull=False)
        .values("organization_id")
    )


def accounts_without_role(*, user: User) -> QuerySet[User]:
    """Active accounts in reach that hold no active role yet (a role waits to be granted)."""
    return (
        User.objects.visible_to(user, Perm.USER_VIEW)
        .filter(is_active=True)
        .exclude(pk__in=RoleGrant.objects.active().values("user_id"))
        .order_by("date_joined", "id")
    )
