from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.access.pages import require_perm
from shequ.access.perms import Perm
from shequ.access.signed_in import AuthedHttpRequest, is_signed_in
from shequ.accounts import forms, totp
from shequ.accounts.models import User
from shequ.accounts.permissions import account_caps
from shequ.accounts.second_factor import (
    enrolled,
    pending_secret,
    required_for,
    second_factor_check,
    second_factor_confirm,
    second_factor_reset,
)
from shequ.accounts.selectors import grant_list, locked_users, policy_get, user_get, user_list
from shequ.accounts.services import (
    grant_create,
    grant_get,
    grant_revoke,
    login_check,
    logout_record,
    policy_update,
    user_create,
    user_lock,
    user_set_password,
    user_unlock,
    user_update,
)
from shequ.accounts.throttle import blocked_usernames
from shequ.core.errors import AppError, Forbidden, NotFound
from shequ.core.forms import add_app_error, paginate
from shequ.divisions.selectors import division_list
from shequ.organizations.selectors import organization_list

BACKEND = "shequ.accounts.backends.LockoutAwareBackend"


def login_view(request: HttpRequest) -> HttpResponse:
    idle = request.session.pop("shequ_idle_logout", False)
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_check(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            target = request.POST.get("next") or request.GET.get("next") or "/"
            if not url_has_allowed_host_and_scheme(
                target, {request.get_host()}, request.is_secure()
            ):
                target = "/"
            if required_for(user):
                # the password was right; the session is not signed in until the second factor
                request.session[PENDING] = {"id": user.pk, "at": time.time(), "next": target}
                return redirect("accounts:login_otp")
            login(request, user, backend=BACKEND)
            return redirect(target)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "idle": idle, "next": request.GET.get("next", "")},
    )


PENDING = "shequ_pending_second_factor"
PENDING_SECONDS = 5 * 60


def login_otp_view(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code of an enrolled authenticator, or enrolment
    (QR code drawn here, confirmed by a first code, then the recovery codes shown once)."""
    pending = request.session.get(PENDING) or {}
    user = User.objects.filter(pk=pending.get("id"), is_active=True).first()
    if user is None or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = forms.OtpForm(request.POST or None)
    factor = enrolled(user)
    if request.method == "POST" and form.is_valid():
        try:
            if factor is not None:
                second_factor_check(user=user, otp=form.cleaned_data["otp"])
                codes: list[str] = []
            else:
                codes = second_factor_confirm(user=user, code=form.cleaned_data["otp"])
        except AppError as exc:
            add_app_error(form, exc)
        else:
            request.session.pop(PENDING, None)
            login(request, user, backend=BACKEND)
            if codes:
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": pending.get("next") or "/"},
                )
            return redirect(pending.get("next") or "/")
    return render(request, "accounts/login_otp.html", {"form": form, **_enrolment(user, factor)})


def _enrolment(user: User, factor: object) -> dict[str, object]:
    if factor is not None:
        return {"enrolling": False}
    secret = pending_secret(user=user)
    return {
        "enrolling": True,
        "secret": secret,
        "qr": mark_safe(totp.qr_svg(totp.provisioning_uri(secret, user.username))),  # noqa: S308 (drawn here by segno)
    }


@login_required
def second_factor_view(request: AuthedHttpRequest) -> HttpResponse:
    """One's own second factor: its state, or enrolment (optional for most accounts)."""
    me = request.user
    factor = enrolled(me)
    form = forms.OtpForm(request.POST or None)
    if factor is None and request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_confirm(user=me, code=form.cleaned_data["otp"])
        except AppError as exc:
            add_app_error(form, exc)
        else:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
    return render(
        request,
        "accounts/second_factor.html",
        {"form": form, "factor": factor, **_enrolment(me, factor)},
    )


def _on_account(
    request: HttpRequest, target: Any, act: Callable[[], Any], done: str
) -> HttpResponse:
    """An action on an account from its page: the service decides; a refusal is shown there
    (a record out of reach stays a 404), success says `done`."""
    try:
        act()
    except NotFound:
        raise
    except AppError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done)
    return redirect("accounts:user", pk=target.pk)


@require_POST
@require_perm(Perm.USER_VIEW)
def user_second_factor_reset_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = user_get(user=request.user, pk=pk)
    return _on_account(
        request,
        target,
        lambda: second_factor_reset(by=request.user, user=target),
        _("The second factor of %(name)s was reset: it enrols again at the next sign-in.")
        % {"name": target.username},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if is_signed_in(request):  # an anonymous visitor's logout leaves no trace
        logout_record(user=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_view(request: AuthedHttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(request.POST or None)
    me = request.user
    if request.method == "POST" and form.is_valid():
        try:
            user_set_password(
                by=me,
                user=me,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            login(request, me, backend=BACKEND)
            messages.success(request, _("Your password has been changed."))
            return redirect("workbench:home")
    return render(request, "accounts/password.html", {"form": form})


@require_perm(Perm.USER_VIEW)
def users_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    page = paginate(request, user_list(user=request.user, q=q))
    return render(request, "accounts/users.html", {"page": page, "q": q})


@require_perm(Perm.USER_MANAGE)
def user_create_view(request: AuthedHttpRequest) -> HttpResponse:
    form = forms.UserCreateForm(request.POST or None, divisions=division_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(by=request.user, **data)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require_perm(Perm.USER_VIEW)
def user_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = user_get(user=request.user, pk=pk)
    form = forms.UserEditForm(
        request.POST or None,
        initial={
            "full_name": target.full_name,
            "phone": target.phone,
            "email": target.email,
            "is_active": target.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_update(by=request.user, user=target, **form.cleaned_data)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user", pk=target.pk)
    caps = account_caps(request.user, target)
    grants = grant_list(user=request.user, for_user=target) if caps.see_grants else []
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "form": form,
            "grants": grants,
            "caps": caps,
            "reset_form": forms.PasswordResetForm(),
            "locked": target.is_locked() or target.username.lower() in blocked_usernames(),
        },
    )


@require_POST
@require_perm(Perm.USER_VIEW)
def user_unlock_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = user_get(user=request.user, pk=pk)
    return _on_account(
        request,
        target,
        lambda: user_unlock(by=request.user, user=target),
        _("Account %(name)s unlocked.") % {"name": target.username},
    )


@require_POST
@require_perm(Perm.USER_VIEW)
def user_password_reset_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = user_get(user=request.user, pk=pk)
    form = forms.PasswordResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the new password."))
        return redirect("accounts:user", pk=target.pk)

    def reset() -> None:
        if target.pk == request.user.pk:
            raise Forbidden(_("Change your own password on the password page."))
        user_set_password(
            by=request.user, user=target, new_password=form.cleaned_data["new_password"]
        )

    return _on_account(
        request, target, reset, _("The password of %(name)s was reset.") % {"name": target.username}
    )


@require_POST
@require_perm(Perm.USER_VIEW)
def user_lock_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = user_get(user=request.user, pk=pk)
    return _on_account(
        request,
        target,
        lambda: user_lock(by=request.user, user=target),
        _("Account %(name)s locked.") % {"name": target.username},
    )


@require_perm(Perm.GRANT_VIEW)
def grants_view(request: AuthedHttpRequest) -> HttpResponse:
    form = forms.GrantForm(
        request.POST or None,
        users=user_list(user=request.user),
        divisions=division_list(user=request.user),
        organizations=organization_list(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant_create(
                by=request.user,
                user=data["user"],
                role=data["role"],
                division=data["division"],
                organization=data["organization"],
            )
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:grants")
    page = paginate(request, grant_list(user=request.user))
    return render(request, "accounts/grants.html", {"page": page, "form": form})


@require_POST
@require_perm(Perm.GRANT_VIEW)
def grant_revoke_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    try:
        grant_revoke(by=request.user, grant=grant_get(user=request.user, pk=pk))
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Grant revoked."))
    return redirect("accounts:grants")


@require_perm(Perm.POLICY_MANAGE)
def policy_view(request: AuthedHttpRequest) -> HttpResponse:
    policy = policy_get(user=request.user)
    initial = {f: getattr(policy, f) for f in forms.PolicyForm.base_fields}
    form = forms.PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_update(by=request.user, **form.cleaned_data)
        except AppError as exc:
            add_app_error(form, exc)
        else:
            messages.success(request, _("The security policy has been saved."))
            return redirect("accounts:policy")
    locked = locked_users(user=request.user)
    return render(
        request,
        "accounts/policy.html",
        {"form": form, "locked": locked},
    )
