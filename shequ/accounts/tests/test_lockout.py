from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import DEMO_PASSWORD
from shequ.accounts.services import login_check, user_unlock
from shequ.audit.models import AuditEntry
from shequ.core.errors import Forbidden, Locked, Unauthorized

pytestmark = pytest.mark.django_db


def fail(n, username="worker_a"):
    for _ in range(n):
        with pytest.raises((Unauthorized, Locked)):
            login_check(username=username, password="Wrong-pass-1")


def test_five_failures_lock_the_account_even_for_the_right_password(world):
    fail(4)
    assert login_check(username="worker_a", password=DEMO_PASSWORD).username == "worker_a"  # resets
    fail(4)
    with pytest.raises(Locked):
        login_check(username="worker_a", password="Wrong-pass-1")
    with pytest.raises(Locked):
        login_check(username="worker_a", password=DEMO_PASSWORD)
    user = world.user("worker_a")
    assert user.locked_until - timezone.now() > timedelta(minutes=14)
    assert user.locked_until - timezone.now() <= timedelta(minutes=15)


def test_the_lock_expires_after_fifteen_minutes(world, monkeypatch):
    fail(5)
    later = timezone.now() + timedelta(minutes=15, seconds=5)
    monkeypatch.setattr("shequ.accounts.services.timezone.now", lambda: later)
    monkeypatch.setattr("shequ.accounts.models.timezone.now", lambda: later)
    assert login_check(username="worker_a", password=DEMO_PASSWORD).username == "worker_a"


def test_failures_and_the_lock_are_audited(world):
    fail(5)
    with pytest.raises(Locked):
        login_check(username="worker_a", password=DEMO_PASSWORD)
    actions = list(
        AuditEntry.objects.filter(actor_username="worker_a").values_list("action", "outcome")
    )
    assert actions.count(("login.failed", "failure")) == 5
    assert ("login.locked", "denied") in actions


def test_unknown_usernames_are_audited_and_refused_plainly(world):
    with pytest.raises(Unauthorized) as info:
        login_check(username="nobody-here", password="x")
    assert info.value.code == "bad_credentials"
    assert AuditEntry.objects.filter(actor_username="nobody-here", action="login.failed").exists()


def test_only_the_security_administrator_unlocks(world):
    fail(5)
    with pytest.raises(Forbidden):
        user_unlock(by=world.user("sysadmin"), user=world.user("worker_a"))
    user_unlock(by=world.user("secadmin"), user=world.user("worker_a"))
    assert login_check(username="worker_a", password=DEMO_PASSWORD)
    assert AuditEntry.objects.filter(action="user.unlock", actor_username="secadmin").exists()


def test_an_inactive_account_cannot_log_in(world):
    user = world.user("worker_b")
    user.is_active = False
    user.save()
    with pytest.raises(Unauthorized):
        login_check(username="worker_b", password=DEMO_PASSWORD)


@pytest.mark.parametrize("username", ["district", "district_k", "worker_a", "worker_k", "auditor"])
def test_every_demo_account_logs_in_with_the_demo_password(world, username):
    assert login_check(username=username, password=DEMO_PASSWORD).username == username
