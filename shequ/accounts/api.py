from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from shequ.access.signed_in import AuthedHttpRequest
from shequ.accounts.permissions import account_caps
from shequ.accounts.schemas import (
    GrantIn,
    GrantOut,
    GrantPage,
    MeOut,
    Ok,
    PasswordResetIn,
    PolicyOut,
    PolicyPatch,
    RoleOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPage,
    UserPatch,
)
from shequ.accounts.second_factor import second_factor_reset
from shequ.accounts.selectors import (
    grant_list,
    policy_get,
    role_get,
    role_list,
    user_get,
    user_list,
)
from shequ.accounts.services import (
    grant_create,
    grant_get,
    grant_revoke,
    policy_update,
    token_issue,
    token_revoke,
    user_create,
    user_lock,
    user_set_password,
    user_unlock,
    user_update,
)
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.divisions.selectors import division_get
from shequ.organizations.selectors import organization_get

auth_router = Router(tags=["auth"])
router = Router(tags=["accounts"])


@auth_router.post(
    "/token",
    auth=None,
    response={200: TokenOut, **ERRORS},
    summary="Sign in: username and password give a bearer token",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Any:
    raw, user = token_issue(username=payload.username, password=payload.password, otp=payload.otp)
    return {"token": raw, "token_type": "Bearer", "user": user}


@auth_router.post("/logout", response={200: Ok, **ERRORS}, summary="Revoke the bearer token")
def logout(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        token_revoke(raw=header[7:].strip())
    return {"ok": True}


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who you are, your roles and reach")
def me(request: HttpRequest) -> Any:
    return request.user


@router.get("/users", response={200: UserPage, **ERRORS}, summary="Accounts in your reach")
def list_users(
    request: AuthedHttpRequest, q: str | None = None, limit: int = 50, offset: int = 0
) -> Any:
    count, items, limit, offset = paginate(user_list(user=request.user, q=q), limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get("/users/{int:user_id}", response={200: UserOut, **ERRORS}, summary="One account")
def get_user(request: AuthedHttpRequest, user_id: int) -> Any:
    target = user_get(user=request.user, pk=user_id)
    return with_caps(target, account_caps(request.user, target))


@router.post("/users", response={201: UserOut, **ERRORS}, summary="Create an account")
def create_user(request: AuthedHttpRequest, payload: UserIn) -> Any:
    data = payload.dict()
    division = division_get(user=request.user, code=data.pop("division_code"))
    return Status(201, user_create(by=request.user, division=division, **data))


@router.patch(
    "/users/{int:user_id}", response={200: UserOut, **ERRORS}, summary="Change an account"
)
def update_user(request: AuthedHttpRequest, user_id: int, payload: UserPatch) -> Any:
    target = user_get(user=request.user, pk=user_id)
    user_update(by=request.user, user=target, **payload.dict(exclude_unset=True))
    return with_caps(target, account_caps(request.user, target))


@router.post(
    "/users/{int:user_id}/unlock",
    response={200: UserOut, **ERRORS},
    summary="Unlock an account locked by failed logins",
)
def unlock_user(request: AuthedHttpRequest, user_id: int) -> Any:
    target = user_get(user=request.user, pk=user_id)
    user_unlock(by=request.user, user=target)
    return target


@router.post(
    "/users/{int:user_id}/lock",
    response={200: UserOut, **ERRORS},
    summary="Lock an account until it is unlocked",
)
def lock_user(request: AuthedHttpRequest, user_id: int) -> Any:
    target = user_get(user=request.user, pk=user_id)
    user_lock(by=request.user, user=target)
    return target


@router.post(
    "/users/{int:user_id}/second-factor/reset",
    response={200: UserOut, **ERRORS},
    summary="Reset a lost second factor (security administrator; audited)",
)
def reset_second_factor(request: AuthedHttpRequest, user_id: int) -> Any:
    target = user_get(user=request.user, pk=user_id)
    second_factor_reset(by=request.user, user=target)
    return target


@router.post(
    "/users/{int:user_id}/password",
    response={200: Ok, **ERRORS},
    summary="Reset another account's password (ends its sessions and tokens)",
)
def reset_password(request: AuthedHttpRequest, user_id: int, payload: PasswordResetIn) -> Any:
    target = user_get(user=request.user, pk=user_id)
    user_set_password(by=request.user, user=target, new_password=payload.new_password)
    return {"ok": True}


@router.get(
    "/roles", response={200: list[RoleOut], **ERRORS}, summary="Roles and their permissions"
)
def list_roles(request: HttpRequest) -> Any:
    return list(role_list())


@router.get("/grants", response={200: GrantPage, **ERRORS}, summary="Role grants in your reach")
def list_grants(
    request: AuthedHttpRequest, user: int | None = None, limit: int = 50, offset: int = 0
) -> Any:
    for_user = user_get(user=request.user, pk=user) if user else None
    qs = grant_list(user=request.user, for_user=for_user)
    count, items, limit, offset = paginate(qs, limit, offset)
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.post("/grants", response={201: GrantOut, **ERRORS}, summary="Grant a role at a division")
def create_grant(request: AuthedHttpRequest, payload: GrantIn) -> Any:
    target = user_get(user=request.user, pk=payload.user_id)
    division = division_get(user=request.user, code=payload.division_code)
    organization = (
        organization_get(user=request.user, pk=payload.organization_id)
        if payload.organization_id
        else None
    )
    grant = grant_create(
        by=request.user,
        user=target,
        role=role_get(code=payload.role),
        division=division,
        organization=organization,
    )
    return Status(201, grant)  # the service's record, its user, role and places in hand


@router.delete(
    "/grants/{int:grant_id}", response={200: GrantOut, **ERRORS}, summary="Revoke a grant"
)
def revoke_grant(request: AuthedHttpRequest, grant_id: int) -> Any:
    return grant_revoke(by=request.user, grant=grant_get(user=request.user, pk=grant_id))


@router.get("/security-policy", response={200: PolicyOut, **ERRORS}, summary="The security policy")
def get_policy(request: AuthedHttpRequest) -> Any:
    return policy_get(user=request.user)


@router.patch(
    "/security-policy", response={200: PolicyOut, **ERRORS}, summary="Set the security policy"
)
def set_policy(request: AuthedHttpRequest, payload: PolicyPatch) -> Any:
    values = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return policy_update(by=request.user, **values)
