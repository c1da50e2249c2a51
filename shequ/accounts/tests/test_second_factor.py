"""Issue 15, point 4: a TOTP second factor (RFC 6238) with one-time recovery codes, required
for the administrators and the child-protection roles, enforced by the security policy, reset
by the security administrator; the token endpoint answers 401 `otp_required` without it."""

import base64
import json
import re

import pytest
from django.test import Client

from conftest import DEMO_PASSWORD
from shequ.accounts import totp
from shequ.accounts.models import Role, RoleGrant, SecondFactor, User
from shequ.accounts.second_factor import DEMO_TOTP_SECRET, required_for
from shequ.accounts.services import policy_update, user_create
from shequ.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NEW_PASSWORD = "Hx7#Ledger-Quill"


def token(username, password=DEMO_PASSWORD, otp=None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    response = Client().post(
        "/api/v1/auth/token", json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.json()


def demo_code(after_step=0):
    """The demo secret's code, of a step later than the last one used (a code works once)."""
    current = totp.step_at()
    for step in (current, current + 1):  # never the last step: the clock may move on
        if step > after_step:
            return totp.code_at(DEMO_TOTP_SECRET, step)
    raise AssertionError("no usable step")


def new_protection_user(world, username="newdirector"):
    user = user_create(
        by=world.user("sysadmin"),
        username=username,
        password=NEW_PASSWORD,
        division=world.division("community_a"),
    )
    RoleGrant.objects.create(
        user=user,
        role=Role.objects.get(code="child_director"),
        division=world.division("community_a"),
    )
    return user


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_rfc_6238_vectors(moment, expected):
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp.code_at(secret, moment // 30) == expected


@pytest.mark.parametrize(
    "username", ["sysadmin", "secadmin", "auditor", "director_a", "child_sup", "school", "police"]
)
def test_administrators_and_protection_roles_need_the_code(world, username):
    assert required_for(world.user(username))
    status, body = token(username)
    assert status == 401 and body["code"] == "otp_required"
    status, body = token(username, otp=demo_code())
    assert status == 200, body
    assert body["token"]


@pytest.mark.parametrize("username", ["worker_a", "district", "volunteer"])
def test_others_sign_in_without_it(world, username):
    assert not required_for(world.user(username))
    assert token(username)[0] == 200


def test_a_code_works_once_and_a_wrong_one_is_refused(world):
    code = demo_code()
    assert token("secadmin", otp=code)[0] == 200
    status, body = token("secadmin", otp=code)
    assert status == 401 and body["code"] == "bad_otp"
    status, body = token("secadmin", otp="000000" if code != "000000" else "111111")
    assert status == 401 and body["code"] == "bad_otp"
    assert AuditEntry.objects.filter(
        actor_username="secadmin", action="login.failed", detail__reason="bad_otp"
    ).exists()


def test_enrolment_on_the_page_with_a_qr_code_then_recovery_codes(world):
    new_protection_user(world)
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "newdirector", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/second-factor/"
    assert client.get("/").status_code == 302  # not signed in before the second factor
    page = client.get("/accounts/login/second-factor/").content.decode()
    assert "<svg" in page and "otpauth" not in page  # the QR code is drawn here, inline
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1)
    factor = SecondFactor.objects.get(user__username="newdirector")
    assert secret not in factor.secret_cipher  # encrypted at rest
    wrong = client.post("/accounts/login/second-factor/", {"otp": "123456"})
    assert "验证码不匹配" in wrong.content.decode()
    response = client.post("/accounts/login/second-factor/", {"otp": totp.now_code(secret)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200  # signed in
    assert AuditEntry.objects.filter(action="second_factor.enrol", actor_username="newdirector")
    # a recovery code signs in once through the API
    assert token("newdirector", NEW_PASSWORD, otp=codes[0])[0] == 200
    assert token("newdirector", NEW_PASSWORD, otp=codes[0])[1]["code"] == "bad_otp"


def test_an_enrolled_account_types_its_code_on_the_page(world):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "director_a", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/accounts/login/second-factor/"
    page = client.get("/accounts/login/second-factor/").content.decode()
    assert "<svg" not in page
    response = client.post("/accounts/login/second-factor/", {"otp": demo_code()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_api_refuses_an_account_that_has_not_enrolled(world):
    new_protection_user(world)
    status, body = token("newdirector", NEW_PASSWORD)
    assert status == 401 and body["code"] == "otp_enrolment_required"


def test_the_policy_widens_or_narrows_it_for_others(world):
    user = new_protection_user(world)
    secadmin = world.user("secadmin")
    policy_update(by=secadmin, second_factor_for_protection=False)
    assert not required_for(user)
    assert token("newdirector", NEW_PASSWORD)[0] == 200
    assert required_for(world.user("sysadmin"))  # administrators always
    policy_update(by=secadmin, second_factor_for_everyone=True)
    assert required_for(world.user("worker_a"))
    assert token("worker_a")[1]["code"] == "otp_enrolment_required"


def test_the_security_administrator_resets_a_lost_factor(world, api_as):
    director = world.user("director_a")
    assert api_as("sysadmin").post(f"users/{director.pk}/second-factor/reset")[0] == 403
    status, body = api_as("secadmin").post(f"users/{director.pk}/second-factor/reset")
    assert status == 200, body
    assert not SecondFactor.objects.filter(user=director).exists()
    assert AuditEntry.objects.filter(
        action="second_factor.reset", actor_username="secadmin", object_id=str(director.pk)
    ).exists()
    assert token("director_a")[1]["code"] == "otp_enrolment_required"
    secadmin = world.user("secadmin")
    status, body = api_as("secadmin").post(f"users/{secadmin.pk}/second-factor/reset")
    assert status == 403  # never one's own


def test_the_reset_answers_404_to_a_worker_of_another_community(world, api_as):
    target = world.user("director_a")
    assert api_as("worker_b").post(f"users/{target.pk}/second-factor/reset")[0] == 404


def test_the_reset_button_on_the_page(world, client_as):
    director = world.user("director_a")
    page = client_as("secadmin", language="en")
    assert b'data-testid="otp-reset"' in page.get(f"/accounts/users/{director.pk}/").content
    page.post(f"/accounts/users/{director.pk}/second-factor/reset/")
    assert not SecondFactor.objects.filter(user=director).exists()


def test_the_demo_accounts_use_the_documented_secret(world, settings):
    factor = SecondFactor.objects.get(user=User.objects.get(username="auditor"))
    assert factor.secret == DEMO_TOTP_SECRET
    assert factor.confirmed_at is not None


def test_optional_enrolment_for_an_ordinary_account(world, client_as):
    client = client_as("worker_a", language="en")
    page = client.get("/accounts/second-factor/").content.decode()
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7]+)<', page).group(1)
    client.post("/accounts/second-factor/", {"otp": totp.now_code(secret)})
    worker = world.user("worker_a")
    assert required_for(worker)  # enrolled: from now on it is asked for
    assert token("worker_a")[1]["code"] == "otp_required"


def test_the_password_alone_does_not_reset_the_count_of_wrong_codes(world):
    """Wrong codes count toward the throttle even though each attempt had the right password:
    after five, the account is blocked from that address, even with a right code."""
    for _ in range(5):
        status, body = token("secadmin", otp="999999")
        assert status == 401 and body["code"] in ("bad_otp", "bad_credentials")
    status, body = token("secadmin", otp=demo_code())
    assert status == 401 and body["code"] == "bad_credentials"


def test_the_code_page_stops_after_five_wrong_codes(world):
    client = Client()
    client.post("/accounts/login/", {"username": "director_a", "password": DEMO_PASSWORD})
    for _ in range(5):
        client.post("/accounts/login/second-factor/", {"otp": "999999"})
    response = client.post("/accounts/login/second-factor/", {"otp": demo_code()})
    assert response.status_code == 200
    assert "失败次数过多" in response.content.decode()
    assert client.get("/").status_code == 302  # still not signed in
