"""Writes about accounts: logging in (with lockout), API tokens, accounts, role grants and
the security policy. Each checks permission, validates, writes in one transaction with its
audit entry."""

from __future__ import annotations

import copy
import hashlib
import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import (
    clear_reach_cache,
    covers,
    get_visible_or_404,
    has_perm,
    preload_grant_rows,
)
from shequ.accounts import throttle, token_cache
from shequ.accounts.models import ApiToken, Role, RoleGrant, SecurityPolicy, User
from shequ.accounts.permissions import account_caps, admin_kinds
from shequ.accounts.selectors import active_grant_rows
from shequ.audit.models import Outcome
from shequ.audit.services import audit_record
from shequ.core import request_context
from shequ.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    Unauthorized,
    from_validation_error,
)
from shequ.divisions.models import Division
from shequ.organizations.models import Organization

# ---------------------------------------------------------------- logging in

# A lock set by an administrator lasts until someone unlocks the account.
MANUAL_LOCK_UNTIL = datetime(9999, 1, 1, tzinfo=UTC)


GENERIC_REFUSAL = "bad_credentials"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to check a password against when there is no account, so that every attempt
    costs one Argon2 verification whatever happens."""
    return make_password(secrets.token_urlsafe(16))


def refusal() -> Unauthorized:
    return Unauthorized(
        _(
            "Wrong username or password, or too many failed attempts: check them, wait a few "
            "minutes and try again. The security administrator can unlock an account."
        ),
        code=GENERIC_REFUSAL,
    )


def login_check(*, username: str, password: str) -> User:
    """Check a username and password (issue 15, point 6). A missing account, a wrong password,
    an inactive, locked or throttled account all get the same answer after the same work (one
    Argon2 verification); failures are throttled per account, per client address and per both
    (`throttle.py`), and every attempt is audited with its real reason for the auditor."""
    username = (username or "").strip()
    now = timezone.now()
    address = request_context.current().ip or ""
    user = User.objects.filter(username=username).first()
    if user is None:
        check_password(password or "", _dummy_hash())
        password_ok = False
    else:
        password_ok = user.check_password(password or "")
    if password_ok and not settings.SHEQU_DEV and password in _published_passwords():
        password_ok = False  # the demo password never opens a production account
    refused_by = throttle.blocked(username, address, now)
    reason = ""
    if refused_by:
        reason = "throttled"
    elif user is None:
        reason = "unknown_user"
    elif not password_ok:
        reason = "bad_password"
    elif not user.is_active:
        reason = "inactive"
    elif user.is_locked(now):
        reason = "locked"
    if reason:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="login.locked" if reason in ("throttled", "locked") else "login.failed",
                outcome=Outcome.DENIED if reason in ("throttled", "locked") else Outcome.FAILURE,
                username=username,
                obj=user,
                detail={"reason": reason, "scope": refused_by}
                if refused_by
                else {"reason": reason},
            )
            if not refused_by:
                throttle.register_failure(username, address, now)
        raise refusal()
    assert user is not None
    from shequ.accounts.second_factor import required_for

    with transaction.atomic():
        user.last_login = now
        user.save(update_fields=["last_login"])
        if not required_for(user):
            # with a second factor, the address is cleared and known only after the code
            # (second_factor_check), so that the password alone cannot reset the count of
            # wrong codes
            throttle.register_success(username, address, now)
        audit_record(actor=user, action="login", obj=user)
    return user


def _published_passwords() -> set[str]:
    return {"Shequ@2026", settings.SHEQU_DEMO_PASSWORD}


def logout_record(*, user: User) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        audit_record(actor=user, action="logout", obj=user)


# ---------------------------------------------------------------- API tokens


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, username: str, password: str, otp: str | None = None) -> tuple[str, User]:
    """Log in and return a new bearer token (shown once; only its hash is kept). An account
    that needs a second factor gets one only with a valid code (401 `otp_required` without)."""
    from shequ.accounts.second_factor import required_for, second_factor_check

    user = login_check(username=username, password=password)
    if required_for(user):
        second_factor_check(user=user, otp=otp)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.create(user=user, key_hash=_hash_token(raw))
        audit_record(actor=user, action="token.issue", obj=user)
    return raw, user


def token_idle_limit(policy: SecurityPolicy | None = None) -> timedelta:
    policy = policy or SecurityPolicy.current()
    minutes = min(settings.SHEQU_API_TOKEN_IDLE_MINUTES, policy.idle_timeout_minutes)
    return timedelta(minutes=minutes)


def token_authenticate(raw: str) -> User | None:
    """The user a bearer token belongs to, if it is valid and not idle too long. Where the
    cache is shared, a token seen before is answered from it (shequ/accounts/token_cache.py)."""
    if not raw:
        return None
    key_hash = _hash_token(raw)
    now = timezone.now()
    generation = None
    if token_cache.enabled():
        entry, generation = token_cache.lookup(key_hash)
        if entry is not None:
            return _from_entry(key_hash, entry, now)
        generation = token_cache.current_generation(generation)
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    policy = SecurityPolicy.current()
    entry = token_cache.TokenEntry(
        generation=generation or "",
        token_pk=token.pk,
        user=token.user,
        grant_rows=[],
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        idle_limit=token_idle_limit(policy),
        lifetime=session_lifetime(policy),
    )
    if not _token_good(entry, now):
        return None
    if generation is not None:
        user = token.user
        entry = replace(entry, grant_rows=active_grant_rows(user.pk))
        token_cache.remember(key_hash, replace(entry, user=copy.copy(user)))
        preload_grant_rows(user, entry.grant_rows)
    return _touch(key_hash, entry, now)


def _token_good(entry: token_cache.TokenEntry, now: datetime) -> bool:
    user = entry.user
    if not user.is_active or user.is_locked(now):
        return False
    if now - entry.last_used_at > entry.idle_limit or now - entry.created_at > entry.lifetime:
        return False
    changed = user.password_changed_at
    return changed is None or entry.created_at >= changed


def _from_entry(key_hash: str, entry: token_cache.TokenEntry, now: datetime) -> User | None:
    if not _token_good(entry, now):
        token_cache.forget(key_hash)
        return None
    preload_grant_rows(entry.user, entry.grant_rows)
    return _touch(key_hash, entry, now)


def _touch(key_hash: str, entry: token_cache.TokenEntry, now: datetime) -> User:
    """Keep the token's last use (what its idle limit counts from) within 30 seconds."""
    if now - entry.last_used_at > timedelta(seconds=30):
        ApiToken.objects.filter(pk=entry.token_pk).update(last_used_at=now)
        if token_cache.enabled() and entry.generation:
            user = copy.copy(entry.user)
            clear_reach_cache(user)
            token_cache.remember(key_hash, replace(entry, user=user, last_used_at=now))
    return entry.user


def session_lifetime(policy: SecurityPolicy | None = None) -> timedelta:
    """The absolute lifetime of a session or a token, whatever its use (policy, 12 h)."""
    return timedelta(hours=(policy or SecurityPolicy.current()).session_lifetime_hours)


def tokens_end_for(*, user: User) -> int:
    """Revoke every API token of the user (password change, deactivation, lock); returns how
    many. Sessions end by themselves: Django checks a hash of the password on every request
    (a changed password ends them) and the backend refuses inactive and locked accounts."""
    ended = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token_cache.invalidate()
    return ended


def token_revoke(*, raw: str) -> None:
    ApiToken.objects.filter(key_hash=_hash_token(raw), revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token_cache.invalidate()


# ---------------------------------------------------------------- accounts


def _validate_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(
            " ".join(str(m) for m in exc.messages), field="password", code="weak_password"
        ) from exc


def user_create(
    *,
    by: User,
    username: str,
    password: str,
    division: Division,
    full_name: str = "",
    phone: str = "",
    email: str = "",
) -> User:
    if not covers(by, Perm.USER_MANAGE, division.code):
        raise Forbidden(_("You may not create accounts in this division."))
    username = (username or "").strip()
    user = User(
        username=username,
        full_name=full_name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        division=division,
    )
    _validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    try:
        user.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    with transaction.atomic():
        user.save()
        audit_record(actor=by, action="user.create", obj=user, division_code=division.code)
    return user


def user_update(
    *,
    by: User,
    user: User,
    full_name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    is_active: bool | None = None,
) -> User:
    _require_manage_user(by, user)
    changed: dict[str, Any] = {}
    for field, value in (("full_name", full_name), ("phone", phone), ("email", email)):
        if value is not None and getattr(user, field) != value.strip():
            setattr(user, field, value.strip())
            changed[field] = value.strip()
    if is_active is not None and is_active != user.is_active:
        if user.pk == by.pk:
            raise Forbidden(_("You may not deactivate your own account."))
        user.is_active = is_active
        changed["is_active"] = is_active
    try:
        user.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    with transaction.atomic():
        user.save()
        detail: dict[str, Any] = {"changed": sorted(changed)}
        if changed.get("is_active") is False:
            detail["tokens_ended"] = tokens_end_for(user=user)
        audit_record(
            actor=by,
            action="user.update",
            obj=user,
            division_code=user.division_id or "",
            detail=detail,
        )
    return user


def user_set_password(
    *, by: User, user: User, new_password: str, old_password: str | None = None
) -> None:
    """Change one's own password (with the old one), or reset another's (user.manage)."""
    if user.pk == by.pk:
        if not user.check_password(old_password or ""):
            raise InvalidInput(
                _("The current password is wrong."), field="old_password", code="bad_credentials"
            )
    else:
        _require_manage_user(by, user)
    _validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
        ended = tokens_end_for(user=user)
        audit_record(
            actor=by,
            action="user.password",
            obj=user,
            division_code=user.division_id or "",
            detail={"tokens_ended": ended},
        )


def user_unlock(*, by: User, user: User) -> None:
    account_caps(by, user).require("unlock")
    with transaction.atomic():
        user.locked_until = None
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        throttle.clear_account(user.username, by=by)
        audit_record(actor=by, action="user.unlock", obj=user, division_code=user.division_id or "")


def _require_manage_user(by: User, user: User) -> None:
    account_caps(by, user).require("change")


def user_lock(*, by: User, user: User) -> None:
    """Lock an account until someone unlocks it (same rule as changing it)."""
    _require_manage_user(by, user)
    if user.pk == by.pk:
        raise Forbidden(_("You may not lock your own account."))
    with transaction.atomic():
        user.locked_until = MANUAL_LOCK_UNTIL
        user.save(update_fields=["locked_until"])
        ended = tokens_end_for(user=user)
        audit_record(
            actor=by,
            action="user.lock",
            obj=user,
            division_code=user.division_id or "",
            detail={"tokens_ended": ended},
        )


# ---------------------------------------------------------------- role grants


def grant_create(
    *,
    by: User,
    user: User,
    role: Role,
    division: Division,
    organization: Organization | None = None,
) -> RoleGrant:
    """Grant a role at a division. Nobody grants to themselves; administrator roles need the
    security administrator; one account holds at most one of the three administrator kinds."""
    if user.pk == by.pk:
        raise Forbidden(_("Nobody may grant roles to themselves."), code="self_grant")
    if admin_kinds(user):
        account_caps(by, user).require("change")
    needed = Perm.GRANT_MANAGE_ADMIN if role.is_admin_role else Perm.GRANT_MANAGE
    if not covers(by, needed, division.code):
        if role.is_admin_role:
            raise Forbidden(
                _("Only the security administrator may grant administrator roles."),
                code="admin_role",
            )
        raise Forbidden(_("You may not grant roles in this division."))
    if role.is_admin_role:
        other_kinds = set(
            RoleGrant.objects.active()
            .filter(user=user)
            .exclude(role__admin_kind="")
            .exclude(role__admin_kind=role.admin_kind)
            .values_list("role__admin_kind", flat=True)
        )
        if other_kinds:
            raise Conflict(
                _(
                    "One account may not hold two of the system, security and audit administrator "
                    "roles."
                ),
                code="admin_separation",
                field="role",
            )
    if organization is not None and not organization.is_active:
        raise InvalidInput(_("This organization is not active."), field="organization")
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user, role=role, division=division, organization=organization, granted_by=by
            )
            audit_record(
                actor=by,
                action="grant.create",
                obj=grant,
                division_code=division.code,
                detail={"user": user.username, "role": role.code},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This user already holds this role at this division."), code="duplicate", field="role"
        ) from exc
    clear_reach_cache(user)
    return grant


def grant_revoke(*, by: User, grant: RoleGrant) -> RoleGrant:
    if grant.user_id == by.pk:
        raise Forbidden(_("Nobody may revoke their own roles."), code="self_grant")
    if admin_kinds(grant.user):
        account_caps(by, grant.user).require("change")
    needed = Perm.GRANT_MANAGE_ADMIN if grant.role.is_admin_role else Perm.GRANT_MANAGE
    if not covers(by, needed, grant.division_id):
        raise Forbidden(_("You may not revoke this grant."))
    if grant.revoked_at is not None:
        return grant
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.revoked_by = by
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=by,
            action="grant.revoke",
            obj=grant,
            division_code=grant.division_id,
            detail={"user": grant.user.username, "role": grant.role.code},
        )
    clear_reach_cache(grant.user)
    return grant


def grant_get(*, user: User, pk: int) -> RoleGrant:
    return get_visible_or_404(
        RoleGrant.objects.select_related("user", "role", "division"), user, Perm.GRANT_VIEW, pk=pk
    )


# ---------------------------------------------------------------- security policy

POLICY_LIMITS = {
    # field: (lowest, highest allowed): the policy may be stricter than 等保三级, never looser
    "min_password_length": (8, 64),
    "min_character_classes": (3, 4),
    "lockout_threshold": (1, 5),
    "lockout_minutes": (15, 24 * 60),
    "idle_timeout_minutes": (1, 30),
    "session_lifetime_hours": (1, 24),
}


# switches that only widen a rule (the administrators' second factor is not among them)
POLICY_SWITCHES = ("second_factor_for_protection", "second_factor_for_everyone")


def policy_update(*, by: User, **values: int | bool) -> SecurityPolicy:
    if not has_perm(by, Perm.POLICY_MANAGE):
        raise Forbidden(_("Only the security administrator may set the security policy."))
    policy = SecurityPolicy.objects.order_by("pk").first() or SecurityPolicy()
    for field, value in values.items():
        if field in POLICY_SWITCHES:
            if not isinstance(value, bool):
                raise InvalidInput(_("Must be yes or no."), field=field)
            setattr(policy, field, value)
            continue
        if field not in POLICY_LIMITS:
            raise InvalidInput(_("Unknown setting."), field=field)
        low, high = POLICY_LIMITS[field]
        if not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(
                _("Must be between %(low)d and %(high)d.") % {"low": low, "high": high},
                field=field,
                code="out_of_range",
            )
        setattr(policy, field, value)
    with transaction.atomic():
        policy.save()
        audit_record(actor=by, action="policy.update", obj=policy, detail=values)
    return policy
