"""Issue 15, point 3: administrators cannot disarm each other. Only a security administrator
changes, deactivates, locks, unlocks, resets the password of or grants roles to an account
holding an administrator role, never its own; the page and the API agree (a role x target
matrix)."""

import pytest
from django.utils import timezone

from shequ.accounts.models import Role, RoleGrant, User
from shequ.accounts.services import (
    grant_create,
    user_lock,
    user_set_password,
    user_unlock,
    user_update,
)
from shequ.audit.models import AuditEntry
from shequ.core.errors import Forbidden

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hx7#Ledger-Quill"

ADMINS = {"sysadmin", "secadmin", "auditor", "secadmin2"}
SECURITY = {"secadmin", "secadmin2"}


@pytest.fixture
def secadmin2(world):
    """A second security administrator (bootstrap, as the demo does)."""
    user = User.objects.create_user(
        username="secadmin2", password="Sx9#Other-Guard", division=world.division("city")
    )
    RoleGrant.objects.create(
        user=user, role=Role.objects.get(code="secadmin"), division=world.division("city")
    )
    return user


def expected(actor: str, target: str, action: str) -> bool:
    if target in ADMINS:
        return actor in SECURITY and actor != target
    if action == "unlock":
        return actor in SECURITY
    return actor == "sysadmin"  # user.manage at the city


def attempt(action, by, target, world):
    if action == "change":
        user_update(by=by, user=target, full_name="Renamed")
    elif action == "deactivate":
        user_update(by=by, user=target, is_active=False)
    elif action == "lock":
        user_lock(by=by, user=target)
    elif action == "unlock":
        target.locked_until = timezone.now() + timezone.timedelta(minutes=10)
        target.save(update_fields=["locked_until"])
        user_unlock(by=by, user=target)
    elif action == "password":
        user_set_password(by=by, user=target, new_password=NEW_PASSWORD)
    elif action == "grant":
        grant_create(
            by=by,
            user=target,
            role=Role.objects.get(code="volunteer"),
            division=world.division("community_a"),
        )


ACTORS = ["sysadmin", "secadmin", "secadmin2", "auditor", "district"]
TARGETS = ["sysadmin", "secadmin", "secadmin2", "auditor", "worker_a"]
ACTIONS = ["change", "deactivate", "lock", "unlock", "password", "grant"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_matrix_in_the_service(world, secadmin2, actor_name, target_name, action):
    by = User.objects.get(username=actor_name)
    target = User.objects.get(username=target_name)
    if action == "grant" and target_name not in ADMINS:
        pytest.skip("ordinary grants follow grant.manage (test_separation)")
    if actor_name == target_name and action in ("deactivate", "lock", "grant"):
        with pytest.raises(Forbidden):
            attempt(action, by, target, world)
        return
    if actor_name == target_name and action == "password":
        pytest.skip("one's own password is changed with the old one (test below)")
    if expected(actor_name, target_name, action):
        attempt(action, by, target, world)
    else:
        with pytest.raises(Forbidden):
            attempt(action, by, target, world)
        target.refresh_from_db()
        assert target.is_active and target.full_name != "Renamed"
        assert not target.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("actor_name", ACTORS)
def test_matrix_in_the_api(world, secadmin2, api_as, actor_name, target_name):
    target = User.objects.get(username=target_name)
    client = api_as(actor_name)
    status, body = client.patch(f"users/{target.pk}", {"is_active": False})
    if expected(actor_name, target_name, "deactivate") and actor_name != target_name:
        assert status == 200, body
        assert body["is_active"] is False
    else:
        # 404 where the account is out of the actor's reach, 403 where it is seen
        assert status in (403, 404), (status, body)
        target.refresh_from_db()
        assert target.is_active
    lock_status, _ = client.post(f"users/{target.pk}/lock")
    reset_status, _ = client.post(f"users/{target.pk}/password", {"new_password": NEW_PASSWORD})
    if expected(actor_name, target_name, "lock") and actor_name != target_name:
        # the deactivated account above can still be locked and reset
        assert (lock_status, reset_status) == (200, 200)
    else:
        assert lock_status in (403, 404) and reset_status in (400, 403, 404)
        target.refresh_from_db()
        assert not target.is_locked() and not target.check_password(NEW_PASSWORD)


def test_the_system_administrator_cannot_deactivate_the_security_administrator(api_as, world):
    """The audit's reproduction: PATCH /api/v1/users/{id} {"is_active": false} answered 200."""
    secadmin = world.user("secadmin")
    status, body = api_as("sysadmin").patch(f"users/{secadmin.pk}", {"is_active": False})
    assert status == 403 and body["code"] == "admin_account"
    secadmin.refresh_from_db()
    assert secadmin.is_active


def test_the_page_agrees_with_the_api(client_as, world, secadmin2):
    secadmin = world.user("secadmin")
    page = client_as("sysadmin", language="en")
    response = page.get(f"/accounts/users/{secadmin.pk}/")
    assert response.status_code == 200
    assert b"only a security administrator may change it" in response.content
    response = page.post(
        f"/accounts/users/{secadmin.pk}/", {"full_name": "x", "phone": "", "email": ""}
    )
    assert response.status_code == 200
    assert b"Only a security administrator may change" in response.content
    secadmin.refresh_from_db()
    assert secadmin.is_active and secadmin.full_name != "x"
    assert page.post(f"/accounts/users/{secadmin.pk}/lock/").status_code == 302
    secadmin.refresh_from_db()
    assert not secadmin.is_locked()
    # the other security administrator may
    other = client_as("secadmin2", language="en")
    other.post(f"/accounts/users/{secadmin.pk}/lock/")
    secadmin.refresh_from_db()
    assert secadmin.is_locked()
    assert AuditEntry.objects.filter(action="user.lock", actor_username="secadmin2").exists()


def test_one_changes_ones_own_password_with_the_old_one(world):
    from conftest import DEMO_PASSWORD

    me = world.user("sysadmin")
    user_set_password(by=me, user=me, old_password=DEMO_PASSWORD, new_password=NEW_PASSWORD)
    me.refresh_from_db()
    assert me.check_password(NEW_PASSWORD)


def test_lock_and_reset_endpoints_answer_404_to_a_worker_of_another_community(api_as, world):
    target = world.user("worker_a")
    client = api_as("worker_b")
    assert client.post(f"users/{target.pk}/lock")[0] == 404
    assert client.post(f"users/{target.pk}/password", {"new_password": NEW_PASSWORD})[0] == 404


@pytest.mark.parametrize("username", ["worker_b", "district_k"])
@pytest.mark.parametrize("action", ["lock", "unlock", "second-factor/reset"])
def test_the_account_pages_answer_404_outside_reach(world, client_as, username, action):
    """worker_b has no account rights; district_k sees accounts of 宽城区 only."""
    target = world.user("worker_a")
    response = client_as(username).post(f"/accounts/users/{target.pk}/{action}/")
    assert response.status_code == 404
    target.refresh_from_db()
    assert not target.is_locked()


def test_the_password_reset_page_follows_the_same_rule(world, client_as, secadmin2):
    """The page's reset form: the system administrator resets an ordinary account, not the
    security administrator's; another security administrator may."""
    worker, secadmin = world.user("worker_a"), world.user("secadmin")
    sysadmin = client_as("sysadmin", language="en")
    assert b'data-testid="password-reset"' in sysadmin.get(f"/accounts/users/{worker.pk}/").content
    sysadmin.post(f"/accounts/users/{worker.pk}/password/", {"new_password": NEW_PASSWORD})
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    page = sysadmin.get(f"/accounts/users/{secadmin.pk}/").content
    assert b'data-testid="password-reset"' not in page
    sysadmin.post(f"/accounts/users/{secadmin.pk}/password/", {"new_password": NEW_PASSWORD})
    secadmin.refresh_from_db()
    assert not secadmin.check_password(NEW_PASSWORD)
    client_as("secadmin2").post(
        f"/accounts/users/{secadmin.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    secadmin.refresh_from_db()
    assert secadmin.check_password(NEW_PASSWORD)
    # the password rules hold on this page too
    sysadmin.post(f"/accounts/users/{worker.pk}/password/", {"new_password": "Qwerty123!"})
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("username", ["worker_b", "district_k"])
def test_the_password_reset_page_answers_404_outside_reach(world, client_as, username):
    target = world.user("worker_a")
    response = client_as(username).post(
        f"/accounts/users/{target.pk}/password/", {"new_password": NEW_PASSWORD}
    )
    assert response.status_code == 404
