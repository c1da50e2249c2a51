"""The one rule of access, as a matrix over the demo users."""

import pytest
from django.utils import timezone

from shequ.access.perms import Perm
from shequ.access.rule import covers, get_visible_or_404, reach
from shequ.core.errors import NotFound
from shequ.divisions.models import Division
from shequ.divisions.selectors import division_list
from shequ.organizations.models import Organization
from shequ.organizations.selectors import organization_list

pytestmark = pytest.mark.django_db

A = "220102001001"  # 东岭社区
B = "220102001002"  # 西岭社区
K = "220103001001"  # 新发社区, 宽城区

# who sees which community's records
MATRIX = {
    "worker_a": {A: True, B: False, K: False},
    "worker_b": {A: False, B: True, K: False},
    "street": {A: True, B: True, K: False},
    "district": {A: True, B: True, K: False},
    "worker_k": {A: False, B: False, K: True},
    "agency": {A: True, B: True, K: False},
    "sysadmin": {A: True, B: True, K: True},
}


@pytest.mark.parametrize("username", sorted(MATRIX))
@pytest.mark.parametrize("code", [A, B, K])
def test_division_visibility_matrix(world, username, code):
    user = world.user(username)
    expected = MATRIX[username][code]
    assert division_list(user=user).filter(code=code).exists() is expected
    if expected:
        assert get_visible_or_404(Division, user, Perm.DIVISION_VIEW, code=code).code == code
    else:
        with pytest.raises(NotFound):
            get_visible_or_404(Division, user, Perm.DIVISION_VIEW, code=code)


@pytest.mark.parametrize("username", sorted(MATRIX))
@pytest.mark.parametrize("code", [A, B, K])
def test_organization_visibility_matrix(world, username, code):
    user = world.user(username)
    org = Organization.objects.filter(division_id=code).earliest("pk")
    visible = organization_list(user=user).filter(pk=org.pk).exists()
    expected = MATRIX[username][code]
    assert visible is expected
    if not expected:
        with pytest.raises(NotFound):
            get_visible_or_404(Organization, user, Perm.ORGANIZATION_VIEW, pk=org.pk)


def test_district_sees_all_of_nanguan_and_nothing_of_kuancheng(world):
    district = world.user("district")
    codes = set(division_list(user=district).values_list("code", flat=True))
    assert codes == set(
        Division.objects.filter(code__startswith="220102").values_list("code", flat=True)
    )
    assert not organization_list(user=district).filter(division__code__startswith="220103").exists()
    assert (
        organization_list(user=district).count()
        == Organization.objects.filter(division__code__startswith="220102").count()
    )


def test_a_missing_record_and_an_unreachable_one_answer_the_same(world):
    worker_b = world.user("worker_b")
    org_a = Organization.objects.filter(division_id=A).earliest("pk")
    with pytest.raises(NotFound) as unreachable:
        get_visible_or_404(Organization, worker_b, Perm.ORGANIZATION_VIEW, pk=org_a.pk)
    with pytest.raises(NotFound) as missing:
        get_visible_or_404(Organization, worker_b, Perm.ORGANIZATION_VIEW, pk=999_999)
    assert unreachable.value.as_dict() == missing.value.as_dict()


def test_inactive_users_and_revoked_grants_see_nothing(world):
    worker_a = world.user("worker_a")
    worker_a.is_active = False
    worker_a.save()
    assert reach(world.user("worker_a"), Perm.DIVISION_VIEW) == []
    street = world.user("street")
    street.grants.update(revoked_at=timezone.now())
    assert reach(world.user("street"), Perm.DIVISION_VIEW) == []
    assert not division_list(user=world.user("street")).exists()


def test_anonymous_and_none_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert reach(AnonymousUser(), Perm.DIVISION_VIEW) == []
    assert reach(None, Perm.DIVISION_VIEW) == []
    assert not Organization.objects.visible_to(AnonymousUser(), Perm.ORGANIZATION_VIEW).exists()


def test_a_role_without_the_permission_reaches_nothing_for_it(world):
    volunteer = world.user("volunteer")  # volunteers hold division.view but not organization.view
    assert reach(volunteer, Perm.DIVISION_VIEW) == [A]
    assert not organization_list(user=volunteer).exists()


def test_covers_checks_the_prefix(world):
    street = world.user("street")
    assert covers(street, Perm.DIVISION_VIEW, A)
    assert not covers(street, Perm.DIVISION_VIEW, K)
    assert not covers(street, Perm.DIVISION_VIEW, "")
    assert not covers(street, Perm.DIVISION_VIEW, None)


def test_reach_is_recomputed_after_a_new_grant(world):
    from shequ.accounts.models import Role
    from shequ.accounts.services import grant_create

    worker_a = world.user("worker_a")
    assert reach(worker_a, Perm.DIVISION_VIEW) == [A]
    grant_create(
        by=world.user("secadmin"),
        user=worker_a,
        role=Role.objects.get(code="community_worker"),
        division=world.division("community_b"),
    )
    assert reach(worker_a, Perm.DIVISION_VIEW) == [A, B]
