"""Who may act on an account, decided once (issue 15, point 3: three administrators).

An account that holds one of the three administrator roles (system, security, audit) may be
changed, deactivated, locked, unlocked, granted or revoked roles, or have its password reset
only by a security administrator whose reach covers it, and never by itself: the system
administrator cannot disarm the security or the audit administrator, nor the other way round
except through the security administrator, whose own account only another security
administrator can touch. Ordinary accounts keep the ordinary rule (`user.manage` in reach;
unlocking is the security administrator's). Services call `account_caps(...).require(...)`;
pages read the same object, so the page and the API agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.accounts.models import AdminKind, RoleGrant
from shequ.core.errors import Forbidden

Action = Literal["change", "unlock", "reset_second_factor"]


def admin_kinds(user: Any) -> set[str]:
    """The administrator kinds of the user's active grants (empty for ordinary accounts)."""
    if user is None or not getattr(user, "pk", None):
        return set()
    return set(
        RoleGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True)
        .exclude(role__admin_kind="")
        .values_list("role__admin_kind", flat=True)
    )


def is_security_admin(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and AdminKind.SECURITY in admin_kinds(user)
    )


@dataclass(frozen=True)
class AccountCaps:
    """What `by` may do to `target`: change covers editing, deactivating, locking,
    resetting the password and granting or revoking roles."""

    change: bool
    unlock: bool
    target_is_admin: bool
    reset_second_factor: bool = False

    def require(self, action: Action) -> None:
        if getattr(self, action):
            return
        if self.target_is_admin:
            raise Forbidden(
                _(
                    "Only a security administrator may change, deactivate, lock, unlock or reset "
                    "the password of an administrator account, and never their own."
                ),
                code="admin_account",
            )
        if action == "unlock":
            raise Forbidden(_("Only the security administrator may unlock accounts."))
        if action == "reset_second_factor":
            raise Forbidden(
                _("Only a security administrator may reset another account's second factor."),
                code="otp_reset",
            )
        raise Forbidden(_("You may not manage this account."))


def account_caps(by: Any, target: Any) -> AccountCaps:
    division = getattr(target, "division_id", None)
    security = (
        by is not None
        and by.pk != target.pk
        and is_security_admin(by)
        and covers(by, Perm.USER_VIEW, division)
    )
    if admin_kinds(target):
        return AccountCaps(
            change=security, unlock=security, target_is_admin=True, reset_second_factor=security
        )
    return AccountCaps(
        change=bool(division) and covers(by, Perm.USER_MANAGE, division),
        unlock=has_perm(by, Perm.POLICY_MANAGE),
        target_is_admin=False,
        reset_second_factor=security,
    )
