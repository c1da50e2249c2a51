"""Issue 15, point 5: common passwords, passwords built on the account's name and the demo
password outside development are refused; sessions and tokens have an absolute lifetime; a
password change, a deactivation or a lock ends every token and session of the account."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import DEMO_PASSWORD
from shequ.accounts.middleware import KEY, STARTED
from shequ.accounts.models import ApiToken, User
from shequ.accounts.passwords import common_passwords
from shequ.accounts.services import (
    policy_update,
    user_create,
    user_lock,
    user_set_password,
    user_update,
)
from shequ.core.errors import InvalidInput
from shequ.testing import ApiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD = "Hx7#Ledger-Quill"


def create(world, password, username="newuser", full_name=""):
    return user_create(
        by=world.user("sysadmin"),
        username=username,
        password=password,
        full_name=full_name,
        division=world.division("community_a"),
    )


def test_the_list_holds_ten_thousand_and_chinese_typical_passwords():
    words = common_passwords()
    assert len(words) >= 10_000
    for typical in ("zhangsan", "wangfang", "woaini", "5201314", "1qaz2wsx", "qazwsxedc"):
        assert typical in words


@pytest.mark.parametrize(
    "password",
    [
        # the audit's five
        "Admin@123",
        "Passw0rd!",
        "Qwerty123!",
        "zhangsan123A",
        # pinyin names with digits, keyboard walks, Chinese-typical words
        "Wangfang@1990",
        "Liuyang#888",
        "1qaz@WSX3edc",
        "!QAZ2wsx#EDC",
        "Asdfghjkl;1",
        "Woaini@1314",
        "P@ssw0rd2026",
    ],
)
def test_common_passwords_are_refused(world, password):
    with pytest.raises(InvalidInput) as info:
        create(world, password)
    assert info.value.field == "password"
    assert info.value.code == "weak_password"


@pytest.mark.parametrize("password", [GOOD, "Correct-Horse-Battery-9", "Zq8#kLm2x"])
def test_uncommon_passwords_pass(world, password):
    assert create(world, password).check_password(password)


@pytest.mark.parametrize(
    ("username", "full_name", "password"),
    [
        ("chenjing", "", "Chenjing#2026"),
        ("cj2026", "陈静", "Chenjing!77x"),
        ("gaoyan_sw", "高岩", "GAOYAN@2026q"),
        ("mengsha", "", "Me#mengsha1"),
    ],
)
def test_passwords_built_on_the_name_are_refused(world, username, full_name, password):
    with pytest.raises(InvalidInput, match="user name or the person's name"):
        create(world, password, username=username, full_name=full_name)


def test_the_demo_password_is_refused_outside_development(world):
    with (
        override_settings(SHEQU_DEV=False),
        pytest.raises(InvalidInput, match="published demo password"),
    ):
        create(world, "Shequ@2026")
    with override_settings(SHEQU_DEV=True):
        assert create(world, "Shequ@2026", username="devuser").check_password("Shequ@2026")


# ---------------------------------------------------------------- tokens and sessions


def token_for(username):
    return ApiClient.for_username(username)


def test_a_token_ends_after_twelve_hours_however_busy(world):
    client = token_for("worker_a")
    assert client.get("me")[0] == 200
    ApiToken.objects.filter(user=world.user("worker_a")).update(
        created_at=timezone.now() - timedelta(hours=12, minutes=1), last_used_at=timezone.now()
    )
    assert client.get("me")[0] == 401


def test_the_lifetime_follows_the_policy(world):
    User.objects.filter(username="worker_a").update(
        password_changed_at=timezone.now() - timedelta(days=1)
    )
    client = token_for("worker_a")
    ApiToken.objects.filter(user=world.user("worker_a")).update(
        created_at=timezone.now() - timedelta(hours=2), last_used_at=timezone.now()
    )
    assert client.get("me")[0] == 200
    policy_update(by=world.user("secadmin"), session_lifetime_hours=1)
    assert client.get("me")[0] == 401
    with pytest.raises(InvalidInput):
        policy_update(by=world.user("secadmin"), session_lifetime_hours=25)


def test_a_session_ends_after_its_absolute_lifetime(client_as):
    client = client_as("worker_a")
    assert client.get("/").status_code == 200
    session = client.session
    session[STARTED] = time.time() - 12 * 3600 - 60
    session[KEY] = time.time()
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_password_change_ends_every_token_and_session(world, client_as):
    worker = world.user("worker_a")
    tokens = [token_for("worker_a"), token_for("worker_a")]
    other_session = client_as("worker_a")
    assert other_session.get("/").status_code == 200
    me = client_as("worker_a")
    response = me.post(
        "/accounts/password/",
        {"old_password": DEMO_PASSWORD, "new_password": GOOD, "new_password2": GOOD},
    )
    assert response.status_code == 302, response.content[:2000]
    worker.refresh_from_db()
    assert worker.check_password(GOOD)
    for client in tokens:
        assert client.get("me")[0] == 401
    assert other_session.get("/").status_code == 302  # signed out
    assert me.get("/").status_code == 200  # the session that changed it stays


def test_a_reset_by_an_administrator_ends_tokens_and_sessions(world, client_as):
    client = token_for("worker_a")
    session = client_as("worker_a")
    user_set_password(by=world.user("sysadmin"), user=world.user("worker_a"), new_password=GOOD)
    assert client.get("me")[0] == 401
    assert session.get("/").status_code == 302


@pytest.mark.parametrize("how", ["deactivate", "lock"])
def test_deactivation_and_lock_end_tokens_and_sessions(world, client_as, how):
    client = token_for("worker_a")
    session = client_as("worker_a")
    if how == "deactivate":
        user_update(by=world.user("sysadmin"), user=world.user("worker_a"), is_active=False)
    else:
        user_lock(by=world.user("sysadmin"), user=world.user("worker_a"))
    assert (
        ApiToken.objects.filter(user=world.user("worker_a"), revoked_at__isnull=True).count() == 0
    )
    assert client.get("me")[0] == 401
    assert session.get("/").status_code == 302
    if how == "deactivate":
        user_update(by=world.user("sysadmin"), user=world.user("worker_a"), is_active=True)
        assert client.get("me")[0] == 401  # a revoked token stays revoked


def test_the_demo_password_never_opens_an_account_outside_development(world):
    """Demo data loaded on a production server by mistake: the published password signs no one
    in there (the same answer as a wrong password)."""
    from shequ.accounts.services import login_check
    from shequ.core.errors import Unauthorized

    worker = world.user("worker_a")
    worker.set_password("Shequ@2026")
    worker.save()
    with override_settings(SHEQU_DEV=False), pytest.raises(Unauthorized) as info:
        login_check(username="worker_a", password="Shequ@2026")
    assert info.value.code == "bad_credentials"
    assert login_check(username="worker_a", password="Shequ@2026") == worker  # development
