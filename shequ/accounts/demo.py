from __future__ import annotations

import contextlib
from typing import Any

from django.utils import timezone

from shequ.accounts.models import Role, RoleGrant, User
from shequ.accounts.second_factor import PROTECTION_ROLES, second_factor_enrol_demo
from shequ.core.demo import DemoContext

# username: (full name, role, division key, organization key)
ACCOUNTS = [
    ("district", "王明", "district_officer", "nanguan", "nanguan_bureau"),
    ("district_k", "周宁", "district_officer", "kuancheng", "kuancheng_bureau"),
    ("street", "李华", "street_officer", "ziqiang", "ziqiang_office"),
    ("worker_a", "张丽", "community_worker", "community_a", "community_a_committee"),
    ("worker_b", "赵强", "community_worker", "community_b", "community_b_committee"),
    ("worker_k", "孙悦", "community_worker", "xinfa", "xinfa_committee"),
    ("agency", "孟莎莎", "agency_worker", "ziqiang", "agency"),
    ("supervisor", "陈静", "supervisor", "ziqiang", "agency"),
    ("volunteer", "刘洋", "volunteer", "community_a", "volunteer_team"),
    ("teacher", "赵教授", "teacher", "city", "university"),
    ("director_a", "王芳", "child_director", "community_a", "community_a_committee"),
    ("child_sup", "高岩", "child_supervisor", "ziqiang", "ziqiang_office"),
    ("school", "林老师", "protection_liaison", "ziqiang", "school"),
    ("police", "马警官", "protection_liaison", "ziqiang", "police"),
    ("sysadmin", "系统管理员", "sysadmin", "city", "city_bureau"),
    ("secadmin", "安全管理员", "secadmin", "city", "city_bureau"),
    ("auditor", "审计管理员", "auditor", "city", "city_bureau"),
]


def load(ctx: DemoContext) -> None:
    """The demo accounts. Written directly (not through grant_create) because the first
    security administrator has nobody to grant it its role: this is the bootstrap."""
    for username, full_name, role_code, division_key, org_key in ACCOUNTS:
        user = demo_account(
            ctx,
            username,
            full_name,
            role_code,
            ctx[f"division:{division_key}"],
            ctx[f"org:{org_key}"],
        )
        if Role.objects.get(code=role_code).admin_kind or role_code in PROTECTION_ROLES:
            second_factor_enrol_demo(user=user)
    load_waiting(ctx)


def demo_account(
    ctx: DemoContext, username: str, full_name: str, role_code: str, division: Any, org: Any
) -> User:
    """A demo account with the demo password and one role (idempotent), named in `ctx`."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "division": division}
    )
    if created:
        user.set_password(ctx.password)
        user.password_changed_at = timezone.now()
        user.save()
    RoleGrant.objects.get_or_create(
        user=user,
        role=Role.objects.get(code=role_code),
        division=division,
        revoked_at=None,
        defaults={"organization": org},
    )
    ctx[f"user:{username}"] = user
    return user


def load_waiting(ctx: DemoContext) -> None:
    """The workbench of the three administrators: a new account in 西岭 without a role yet
    (the security administrator grants it), an account locked by the system administrator
    (after a leave), and the failed sign-ins it met (the audit administrator reviews them)."""
    from shequ.accounts.services import login_check, user_create, user_lock
    from shequ.core.errors import AppError

    sysadmin = ctx["user:sysadmin"]
    if not User.objects.filter(username="newcomer_b").exists():
        user_create(
            by=sysadmin,
            username="newcomer_b",
            password=ctx.password,
            division=ctx["division:community_b"],
            full_name="钱多多",
        )
    leaver = demo_account(
        ctx,
        "leaver_b",
        "孙立",
        "community_worker",
        ctx["division:community_b"],
        ctx["org:community_b_committee"],
    )
    if leaver.locked_until is None:
        user_lock(by=sysadmin, user=leaver)
        with contextlib.suppress(AppError):  # refused, and recorded for the auditor
            login_check(username="leaver_b", password="not-the-password")  # noqa: S106
