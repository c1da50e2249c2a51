"""The second factor (issue 15, point 4): TOTP with one-time recovery codes.

Required for the three administrators always (等保三级: two factors, one cryptographic, for
administrators), for the child-protection roles while the security policy says so (the
default), for everyone when the policy says so, and for anyone who enrolled one. Enrolment
shows a QR code drawn on this server; the security administrator resets a lost factor
(audited, never their own). Writes go through these functions, each with its audit entry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts import throttle, totp
from shequ.accounts.models import RoleGrant, SecondFactor, SecurityPolicy, User
from shequ.accounts.permissions import account_caps, admin_kinds
from shequ.audit.models import Outcome
from shequ.audit.services import audit_record
from shequ.core import request_context
from shequ.core.errors import Conflict, InvalidInput, Unauthorized

# the child-welfare director and supervisor and the protection liaisons
PROTECTION_ROLES = frozenset({"child_director", "child_supervisor", "protection_liaison"})
# Documented default of SHEQU_DEMO_TOTP_SECRET: the demo accounts that need a second factor
# are enrolled with it, so that anyone can sign in with `oathtool --totp -b SECRET`.
DEMO_TOTP_SECRET = "SHEQUDEMOTOTPKEYSHEQUDEMOTOTPKEY"  # noqa: S105 (public demo value)


def enrolled(user: User) -> SecondFactor | None:
    if user is None or not getattr(user, "pk", None):
        return None
    return SecondFactor.objects.filter(user_id=user.pk, confirmed_at__isnull=False).first()


def required_for(user: User) -> bool:
    """Must this account give a second factor to sign in?"""
    if admin_kinds(user):
        return True
    if enrolled(user) is not None:
        return True
    policy = SecurityPolicy.current()
    if policy.second_factor_for_everyone:
        return True
    if policy.second_factor_for_protection:
        codes = set(
            RoleGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True).values_list(
                "role__code", flat=True
            )
        )
        return bool(codes & PROTECTION_ROLES)
    return False


def second_factor_start(*, user: User) -> SecondFactor:
    """A new secret, not yet confirmed (replacing an earlier unconfirmed one)."""
    if enrolled(user) is not None:
        raise Conflict(_("A second factor is already enrolled."), code="otp_enrolled")
    factor = SecondFactor.objects.filter(user=user).first() or SecondFactor(user=user)
    factor.secret = totp.new_secret()
    factor.confirmed_at = None
    factor.last_step = 0
    factor.recovery_hashes = []
    factor.save()
    return factor


def pending_secret(*, user: User) -> str:
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    return factor.secret if factor else second_factor_start(user=user).secret


def second_factor_confirm(*, user: User, code: str) -> list[str]:
    """Confirm enrolment with a code of the new secret; returns the recovery codes, shown
    once (only their hashes are kept)."""
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    if factor is None:
        raise Conflict(_("Start the enrolment again."), code="otp_not_started")
    step = totp.matching_step(factor.secret, code)
    if step is None:
        raise InvalidInput(
            _("This code does not match: check the clock of the phone and type the new code."),
            field="otp",
            code="bad_otp",
        )
    codes = totp.new_recovery_codes()
    with transaction.atomic():
        factor.confirmed_at = timezone.now()
        factor.last_step = step
        factor.recovery_hashes = [totp.hash_recovery_code(c) for c in codes]
        factor.save()
        audit_record(actor=user, action="second_factor.enrol", obj=user, username=user.username)
        _signed_in(user)
    return codes


def second_factor_check(*, user: User, otp: str | None) -> None:
    """Accept a current TOTP code (once) or an unused recovery code, else refuse: 401
    `otp_required` when none was given, `otp_enrolment_required` when the account has to enrol
    first (in the web page), `bad_otp` when it is wrong (counted by the sign-in throttle)."""
    factor = enrolled(user)
    if factor is None:
        raise Unauthorized(
            _("This account needs a second factor: sign in once in the web page to enrol one."),
            code="otp_enrolment_required",
        )
    address = request_context.current().ip or ""
    if throttle.blocked(user.username, address, timezone.now()):
        # too many wrong codes from here: the code page gets the throttle's answer too
        from shequ.accounts.services import refusal

        raise refusal()
    otp = (otp or "").strip()
    if not otp:
        raise Unauthorized(
            _("Type the 6-digit code of your authenticator app."), code="otp_required"
        )
    with transaction.atomic():
        factor = SecondFactor.objects.select_for_update().get(pk=factor.pk)
        step = totp.matching_step(factor.secret, otp, after=factor.last_step)
        if step is not None:
            factor.last_step = step
            factor.save(update_fields=["last_step"])
            _signed_in(user)
            return
        hashed = totp.hash_recovery_code(otp)
        if hashed in factor.recovery_hashes:
            factor.recovery_hashes = [h for h in factor.recovery_hashes if h != hashed]
            factor.save(update_fields=["recovery_hashes"])
            audit_record(
                actor=user,
                action="second_factor.recovery_used",
                obj=user,
                detail={"left": len(factor.recovery_hashes)},
            )
            _signed_in(user)
            return
        audit_record(
            actor=None,
            action="login.failed",
            outcome=Outcome.FAILURE,
            username=user.username,
            obj=user,
            detail={"reason": "bad_otp"},
        )
        throttle.register_failure(user.username, request_context.current().ip or "", timezone.now())
    raise Unauthorized(_("Wrong or already used code."), code="bad_otp")


def _signed_in(user: User) -> None:
    throttle.register_success(user.username, request_context.current().ip or "", timezone.now())


def second_factor_reset(*, by: User, user: User) -> None:
    """The security administrator removes a lost factor; the account enrols again at its next
    sign-in. Never one's own; every token of the account ends."""
    account_caps(by, user).require("reset_second_factor")
    from shequ.accounts.services import tokens_end_for

    with transaction.atomic():
        deleted, _n = SecondFactor.objects.filter(user=user).delete()
        ended = tokens_end_for(user=user)
        audit_record(
            actor=by,
            action="second_factor.reset",
            obj=user,
            division_code=user.division_id or "",
            detail={"had_factor": bool(deleted), "tokens_ended": ended},
        )


def second_factor_enrol_demo(*, user: User) -> None:
    """Demo data: enrol with SHEQU_DEMO_TOTP_SECRET (or its documented default)."""
    secret = totp.normalize_secret(
        getattr(settings, "SHEQU_DEMO_TOTP_SECRET", "") or DEMO_TOTP_SECRET
    )
    factor = SecondFactor.objects.filter(user=user).first() or SecondFactor(user=user)
    factor.secret = secret
    factor.confirmed_at = timezone.now()
    factor.last_step = 0
    factor.save()
