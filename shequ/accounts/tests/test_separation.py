"""The three administrators are separate: none alone can both grant rights and erase the trace."""

import pytest

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.accounts.catalog import ROLES
from shequ.accounts.models import Role, RoleGrant
from shequ.accounts.services import grant_create, grant_revoke, user_create
from shequ.audit.services import audit_purge
from shequ.core.errors import Conflict, Forbidden

pytestmark = pytest.mark.django_db


def role(code):
    return Role.objects.get(code=code)


def test_no_seed_role_can_both_grant_and_erase_the_trace():
    for code, (_zh, _en, _kind, perms) in ROLES.items():
        grants = any(p.startswith(Perm.GRANT_MANAGE) for p in perms)
        assert not (grants and Perm.AUDIT_PURGE in perms), code
        assert not (Perm.GRANT_MANAGE_ADMIN in perms and Perm.AUDIT_VIEW in perms), code


def test_sysadmin_manages_accounts_and_ordinary_roles_only(world):
    sysadmin = world.user("sysadmin")
    new = user_create(
        by=sysadmin,
        username="helper1",
        password="Kx7#mQ2vLp",
        division=world.division("community_a"),
    )
    grant_create(
        by=sysadmin, user=new, role=role("community_worker"), division=world.division("community_a")
    )
    for admin_role in ("sysadmin", "secadmin", "auditor"):
        with pytest.raises(Forbidden):
            grant_create(
                by=sysadmin, user=new, role=role(admin_role), division=world.division("city")
            )
    assert not has_perm(sysadmin, Perm.AUDIT_VIEW)
    with pytest.raises(Forbidden):
        audit_purge(by=sysadmin, older_than_days=365)


def test_secadmin_grants_admin_roles_but_never_to_itself(world):
    secadmin = world.user("secadmin")
    grant_create(
        by=secadmin,
        user=world.user("district"),
        role=role("auditor"),
        division=world.division("city"),
    )
    with pytest.raises(Forbidden):
        grant_create(
            by=secadmin, user=secadmin, role=role("auditor"), division=world.division("city")
        )
    assert not has_perm(secadmin, Perm.AUDIT_VIEW)
    assert not has_perm(secadmin, Perm.AUDIT_PURGE)


def test_auditor_reads_the_log_and_grants_nothing(world):
    auditor = world.user("auditor")
    assert has_perm(auditor, Perm.AUDIT_VIEW) and has_perm(auditor, Perm.AUDIT_EXPORT)
    with pytest.raises(Forbidden):
        grant_create(
            by=auditor,
            user=world.user("worker_a"),
            role=role("community_worker"),
            division=world.division("community_a"),
        )
    with pytest.raises(Forbidden):
        user_create(
            by=auditor, username="x1", password="Kx7#mQ2vLp", division=world.division("city")
        )


def test_one_account_holds_at_most_one_administrator_kind(world):
    with pytest.raises(Conflict):
        grant_create(
            by=world.user("secadmin"),
            user=world.user("sysadmin"),
            role=role("auditor"),
            division=world.division("city"),
        )


def test_nobody_revokes_their_own_roles(world):
    for username in ("secadmin", "sysadmin"):
        user = world.user(username)
        grant = RoleGrant.objects.active().get(user=user)
        with pytest.raises(Forbidden):
            grant_revoke(by=user, grant=grant)


def test_revoking_removes_the_reach_and_is_audited(world):
    from shequ.access.rule import reach
    from shequ.audit.models import AuditEntry

    grant = RoleGrant.objects.active().get(user__username="worker_a")
    grant_revoke(by=world.user("secadmin"), grant=grant)
    assert reach(world.user("worker_a"), Perm.DIVISION_VIEW) == []
    assert AuditEntry.objects.filter(action="grant.revoke", object_id=str(grant.pk)).exists()


def test_a_district_officer_cannot_grant_at_all(world):
    with pytest.raises(Forbidden):
        grant_create(
            by=world.user("district"),
            user=world.user("worker_a"),
            role=role("street_officer"),
            division=world.division("ziqiang"),
        )


def test_sysadmin_grants_only_within_its_reach(world):
    from shequ.divisions.models import Division

    province = Division.objects.get(code="220000000000")
    with pytest.raises(Forbidden):
        grant_create(
            by=world.user("sysadmin"),
            user=world.user("worker_a"),
            role=role("district_officer"),
            division=province,
        )
