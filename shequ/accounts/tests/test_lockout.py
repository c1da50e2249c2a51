"""Issue 15, point 6: sign-in throttling without enumeration and without locking anyone out
for good. The same answer after the same work for a missing account, a wrong password and a
locked account; failures throttled per account and address, per address and per account, with
a delay that doubles; the account-wide block spares addresses the account signed in from;
every lock and unlock audited."""

import json
import statistics
import time
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django.utils import timezone

from conftest import DEMO_PASSWORD
from shequ.accounts import totp
from shequ.accounts.models import LoginThrottle
from shequ.accounts.second_factor import DEMO_TOTP_SECRET, second_factor_check
from shequ.accounts.services import login_check, user_lock, user_unlock
from shequ.audit.models import AuditEntry
from shequ.core import request_context
from shequ.core.errors import Forbidden, Unauthorized

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ATTACKER = "203.0.113.66"
OFFICE = "10.1.2.3"


@pytest.fixture
def at():
    """Run the service as if from an address: with at("10.0.0.1"): login_check(...)."""
    tokens = []

    class From:
        def __init__(self, ip):
            self.ip = ip

        def __enter__(self):
            tokens.append(request_context.set_current(request_context.RequestInfo(ip=self.ip)))

        def __exit__(self, *exc):
            request_context.reset(tokens.pop())

    return From


def fail(n, username="worker_a"):
    for _ in range(n):
        with pytest.raises(Unauthorized):
            login_check(username=username, password="Wrong-pass-1")


def later(monkeypatch, **delta):
    moment = timezone.now() + timedelta(**delta)
    monkeypatch.setattr("shequ.accounts.services.timezone.now", lambda: moment)
    monkeypatch.setattr("shequ.accounts.models.timezone.now", lambda: moment)


def token(username, password, ip=ATTACKER):
    response = Client().post(
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )
    return response.status_code, response.json()


# ---------------------------------------------------------------- no enumeration


def test_missing_wrong_and_locked_get_the_same_answer(world):
    user_lock(by=world.user("sysadmin"), user=world.user("worker_b"))
    answers = {
        "missing": token("nobody-here", "Wrong-pass-1"),
        "wrong": token("worker_a", "Wrong-pass-1"),
        "locked": token("worker_b", DEMO_PASSWORD),
        "inactive_or_locked_wrong": token("worker_b", "Wrong-pass-1"),
    }
    assert {status for status, _ in answers.values()} == {401}
    assert len({json.dumps(body, sort_keys=True) for _, body in answers.values()}) == 1
    assert answers["missing"][1]["code"] == "bad_credentials"


def test_a_throttled_account_answers_like_a_missing_one(world):
    for _ in range(5):
        token("worker_a", "Wrong-pass-1")
    throttled = token("worker_a", DEMO_PASSWORD)
    missing = token("nobody-here", "Wrong-pass-1")
    assert throttled == missing
    # and a missing name is throttled the same way (no difference to observe)
    for _ in range(5):
        token("nobody-else", "Wrong-pass-1")
    assert LoginThrottle.objects.filter(kind="pair", username="nobody-else").get().blocked_until


def test_every_refusal_costs_one_argon2_verification(world, monkeypatch):
    """The same work, whatever the reason: one Argon2 verification per attempt (the hash of a
    missing account is checked against a dummy hash)."""
    real_verify = Argon2PasswordHasher.verify
    calls = []

    def counting(self, password, encoded):
        calls.append(1)
        return real_verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", counting)
    user_lock(by=world.user("sysadmin"), user=world.user("worker_b"))
    for username, password in [
        ("nobody-here", "Wrong-pass-1"),
        ("worker_a", "Wrong-pass-1"),
        ("worker_b", DEMO_PASSWORD),  # locked, right password
    ]:
        calls.clear()
        with pytest.raises(Unauthorized):
            login_check(username=username, password=password)
        assert len(calls) == 1, username


def test_timing_is_about_the_same(world):
    """Measured: the median of each kind of refusal is within a factor of 1.5 of the others
    (all are dominated by one Argon2 verification). The cases take turns, so that a change of
    load on the machine falls on all of them alike."""
    user_lock(by=world.user("sysadmin"), user=world.user("worker_b"))
    cases = {
        "missing": ("nobody-here", "Wrong-pass-1"),
        "wrong": ("worker_a", "Wrong-pass-1"),
        "locked": ("worker_b", DEMO_PASSWORD),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(7):
        for name, (username, password) in cases.items():
            LoginThrottle.objects.all().delete()  # never throttled: measure the refusal itself
            start = time.perf_counter()
            with pytest.raises(Unauthorized):
                login_check(username=username, password=password)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print("sign-in refusal medians (s):", {k: round(v, 4) for k, v in medians.items()})
    assert max(medians.values()) / min(medians.values()) < 1.5, medians


# ---------------------------------------------------------------- throttling


def test_five_failures_block_the_account_from_that_address(world, at):
    with at(ATTACKER):
        fail(4)
        assert login_check(username="worker_a", password=DEMO_PASSWORD)  # resets this address
        fail(5)
        with pytest.raises(Unauthorized):
            login_check(username="worker_a", password=DEMO_PASSWORD)
    row = LoginThrottle.objects.get(kind="pair", username="worker_a", address=ATTACKER)
    assert timedelta(minutes=14) < row.blocked_until - timezone.now() <= timedelta(minutes=15)
    with at(OFFICE):  # the owner elsewhere is not blocked
        assert login_check(username="worker_a", password=DEMO_PASSWORD)


def test_the_delay_doubles_and_ends_by_itself(world, at, monkeypatch):
    with at(ATTACKER):
        fail(5)
        later(monkeypatch, minutes=15, seconds=5)
        fail(1)  # the 6th failure: 30 minutes
        row = LoginThrottle.objects.get(kind="pair", username="worker_a", address=ATTACKER)
        assert row.blocked_until - timezone.now() == timedelta(minutes=30)
        later(monkeypatch, minutes=15 + 30 + 10)
        assert login_check(username="worker_a", password=DEMO_PASSWORD)
    assert AuditEntry.objects.filter(
        action="login.unlock", actor_username="worker_a", detail__reason="expired"
    ).exists()


def test_an_attacker_cannot_lock_the_security_administrator_out(world, at):
    """From many addresses, an attacker blocks the account everywhere except where it has
    signed in from; there the security administrator still signs in."""
    with at(OFFICE):  # a full sign-in, with the second factor, makes the address known
        secadmin = login_check(username="secadmin", password=DEMO_PASSWORD)
        second_factor_check(user=secadmin, otp=totp.now_code(DEMO_TOTP_SECRET))
    for n in range(12):
        with at(f"198.51.100.{n}"), pytest.raises(Unauthorized):
            login_check(username="secadmin", password="Wrong-pass-1")
    account = LoginThrottle.objects.get(kind="account", username="secadmin")
    assert account.blocked_until and account.blocked_until - timezone.now() <= timedelta(hours=1)
    with at("198.51.100.200"), pytest.raises(Unauthorized):  # a new address is refused
        login_check(username="secadmin", password=DEMO_PASSWORD)
    with at(OFFICE):
        assert login_check(username="secadmin", password=DEMO_PASSWORD).username == "secadmin"


def test_one_address_spraying_many_accounts_is_throttled(world, at):
    with at(ATTACKER):
        for n in range(50):
            with pytest.raises(Unauthorized):
                login_check(username=f"guess{n}", password="Wrong-pass-1")
        with pytest.raises(Unauthorized):
            login_check(username="worker_a", password=DEMO_PASSWORD)
    assert LoginThrottle.objects.get(kind="address", address=ATTACKER).blocked_until
    with at(OFFICE):
        assert login_check(username="worker_a", password=DEMO_PASSWORD)


def test_locks_and_unlocks_are_audited(world, at):
    with at(ATTACKER):
        fail(5)
        with pytest.raises(Unauthorized):
            login_check(username="worker_a", password=DEMO_PASSWORD)
    locks = AuditEntry.objects.filter(action="login.lock", actor_username="worker_a")
    assert locks.filter(detail__scope="pair").exists()
    assert AuditEntry.objects.filter(
        action="login.locked", actor_username="worker_a", outcome="denied"
    ).exists()
    assert AuditEntry.objects.filter(actor_username="worker_a", action="login.failed").count() == 5
    user_unlock(by=world.user("secadmin"), user=world.user("worker_a"))
    assert AuditEntry.objects.filter(action="user.unlock", actor_username="secadmin").exists()
    assert AuditEntry.objects.filter(
        action="login.unlock", actor_username="worker_a", detail__reason="unlocked"
    ).exists()
    with at(ATTACKER):
        assert login_check(username="worker_a", password=DEMO_PASSWORD)


def test_unknown_usernames_are_audited_and_refused_plainly(world):
    with pytest.raises(Unauthorized) as info:
        login_check(username="nobody-here", password="x")
    assert info.value.code == "bad_credentials"
    assert AuditEntry.objects.filter(
        actor_username="nobody-here", action="login.failed", detail__reason="unknown_user"
    ).exists()


def test_only_the_security_administrator_unlocks(world):
    user_lock(by=world.user("sysadmin"), user=world.user("worker_a"))
    with pytest.raises(Forbidden):
        user_unlock(by=world.user("sysadmin"), user=world.user("worker_a"))
    user_unlock(by=world.user("secadmin"), user=world.user("worker_a"))
    assert login_check(username="worker_a", password=DEMO_PASSWORD)


def test_an_inactive_account_cannot_log_in(world):
    user = world.user("worker_b")
    user.is_active = False
    user.save()
    with pytest.raises(Unauthorized):
        login_check(username="worker_b", password=DEMO_PASSWORD)


def test_the_security_administrator_sees_throttled_accounts(world, at, client_as):
    for n in range(10):
        with at(f"198.51.100.{n}"), pytest.raises(Unauthorized):
            login_check(username="worker_a", password="Wrong-pass-1")
    secadmin = client_as("secadmin", language="en")
    page = secadmin.get("/accounts/policy/")
    assert b"worker_a" in page.content
    assert b"blocked after failed sign-ins" in page.content
    worker = world.user("worker_a")
    detail = secadmin.get(f"/accounts/users/{worker.pk}/").content
    assert f'action="/accounts/users/{worker.pk}/unlock/"'.encode() in detail
    secadmin.post(f"/accounts/users/{worker.pk}/unlock/")
    assert not LoginThrottle.objects.filter(kind="account", blocked_until__isnull=False).exists()


@pytest.mark.parametrize("username", ["district", "district_k", "worker_a", "worker_k", "auditor"])
def test_every_demo_account_logs_in_with_the_demo_password(world, username):
    assert login_check(username=username, password=DEMO_PASSWORD).username == username


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(world, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    Client().post(
        "/api/v1/auth/token",
        json.dumps({"username": "worker_a", "password": "Wrong-pass-1"}),
        content_type="application/json",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10",
    )
    assert LoginThrottle.objects.get(kind="pair", username="worker_a").address == "192.0.2.10"


def test_stale_throttle_rows_are_forgotten(world, at, monkeypatch):
    from django.core.management import call_command

    with at(ATTACKER):
        fail(5, username="ghost")
    assert LoginThrottle.objects.filter(username="ghost").count() == 2  # pair, account
    call_command("forget_login_throttles")
    assert LoginThrottle.objects.filter(username="ghost").count() == 2  # recent: kept
    later(monkeypatch, days=31)
    call_command("forget_login_throttles")
    assert not LoginThrottle.objects.filter(username="ghost").exists()
