from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ninja import Schema
from pydantic import Field

from shequ.access.perms import Perm
from shequ.core.api import Page, WithActions

if TYPE_CHECKING:
    from shequ.accounts.models import User


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    otp: str | None = Field(
        default=None,
        max_length=32,
        description="the 6-digit code of the authenticator, or a recovery code; required for "
        "administrators and child-protection roles (401 otp_required without it)",
    )


class RoleBrief(Schema):
    code: str
    name: str
    admin_kind: str


class GrantOut(Schema):
    id: int
    username: str
    role: RoleBrief
    division_code: str
    division_name: str
    organization_id: int | None
    organization_name: str | None
    granted_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_username(obj: object) -> str:
        return str(obj.user.username)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_role(obj: object) -> dict[str, str]:
        role = obj.role  # type: ignore[attr-defined]
        return {"code": role.code, "name": role.display_name, "admin_kind": role.admin_kind}

    @staticmethod
    def resolve_division_code(obj: object) -> str:
        return str(obj.division_id)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_division_name(obj: object) -> str:
        return str(obj.division.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_organization_name(obj: object) -> str | None:
        org = obj.organization  # type: ignore[attr-defined]
        return org.name if org else None


class UserOut(WithActions):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    is_active: bool
    is_locked: bool
    division_code: str | None
    last_login: datetime | None

    @staticmethod
    def resolve_is_locked(obj: object) -> bool:
        return bool(obj.is_locked())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_division_code(obj: object) -> str | None:
        return obj.division_id  # type: ignore[attr-defined]


class MeOut(UserOut):
    grants: list[GrantOut]
    permissions: list[str]
    reach: list[str]

    @staticmethod
    def resolve_grants(obj: User) -> list[object]:
        from shequ.accounts.selectors import my_grants

        return list(my_grants(user=obj))

    @staticmethod
    def resolve_permissions(obj: User) -> list[str]:
        from shequ.accounts.selectors import permissions_of

        return permissions_of(user=obj)

    @staticmethod
    def resolve_reach(obj: User) -> list[str]:
        from shequ.access.rule import reach

        return reach(obj, Perm.DIVISION_VIEW)


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (the scheme name)
    user: UserOut


class UserPage(Page):
    items: list[UserOut]


class UserIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    division_code: str
    full_name: str = Field(default="", max_length=60)
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=254)


class UserPatch(Schema):
    full_name: str | None = Field(default=None, max_length=60)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    is_active: bool | None = None


class PasswordResetIn(Schema):
    new_password: str = Field(min_length=1, max_length=256)


class GrantIn(Schema):
    user_id: int
    role: str
    division_code: str
    organization_id: int | None = None


class GrantPage(Page):
    items: list[GrantOut]


class PermissionOut(Schema):
    code: str
    name: str


class RoleOut(Schema):
    code: str
    name: str
    admin_kind: str
    permissions: list[str]

    @staticmethod
    def resolve_name(obj: object) -> str:
        return str(obj.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_permissions(obj: object) -> list[str]:
        return sorted(p.code for p in obj.permissions.all())  # type: ignore[attr-defined]


class PolicyOut(Schema):
    min_password_length: int
    min_character_classes: int
    lockout_threshold: int
    lockout_minutes: int
    idle_timeout_minutes: int
    session_lifetime_hours: int
    second_factor_for_protection: bool
    second_factor_for_everyone: bool


class PolicyPatch(Schema):
    min_password_length: int | None = None
    min_character_classes: int | None = None
    lockout_threshold: int | None = None
    lockout_minutes: int | None = None
    idle_timeout_minutes: int | None = None
    session_lifetime_hours: int | None = None
    second_factor_for_protection: bool | None = None
    second_factor_for_everyone: bool | None = None


class Ok(Schema):
    ok: bool = True
