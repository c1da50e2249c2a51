from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import DEMO_PASSWORD
from shequ.access.perms import Perm
from shequ.accounts.models import ApiToken, RoleGrant, User
from shequ.testing import ApiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_token_login_me_and_logout(api_as):
    anonymous = api_as(None)
    status, body = anonymous.post("auth/token", {"username": "worker_a", "password": DEMO_PASSWORD})
    assert status == 200 and body["token_type"] == "Bearer"
    client = ApiClient(body["token"])
    status, me = client.get("me")
    assert status == 200
    assert me["username"] == "worker_a"
    assert me["reach"] == ["220102001001"]
    assert me["grants"][0]["role"]["code"] == "community_worker"
    assert Perm.DIVISION_VIEW in me["permissions"]
    assert "password" not in me
    assert client.post("auth/logout")[0] == 200
    assert client.get("me")[0] == 401


def test_bad_credentials_count_toward_the_lockout(api_as):
    """Five failures block the account from that address; the answer stays the plain 401 of
    a wrong password (no 423 that would tell an existing account from a missing one)."""
    anonymous = api_as(None)
    for _ in range(5):
        status, body = anonymous.post(
            "auth/token", {"username": "worker_b", "password": "Nope-123"}
        )
        assert status == 401 and body["code"] == "bad_credentials"
    status, body = anonymous.post("auth/token", {"username": "worker_b", "password": DEMO_PASSWORD})
    assert status == 401 and body["code"] == "bad_credentials"


def test_an_idle_token_expires(api_as):
    client = api_as("worker_a")
    assert client.get("me")[0] == 200
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=31))
    assert client.get("me")[0] == 401


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "worker_a"},
        {"username": 5, "password": []},
        {"username": "", "password": ""},
    ],
)
def test_malformed_login_is_4xx_with_the_error_shape(api_as, payload):
    status, body = api_as(None).post("auth/token", payload)
    assert status in (400, 401, 422)
    assert set(body) >= {"code", "message", "field"}


def test_malformed_json_is_400(api_as):
    client = api_as("sysadmin")
    response = client.client.post(
        "/api/v1/organizations",
        "{not json",
        content_type="application/json",
        headers=client._headers(),
    )
    assert response.status_code == 400
    assert response.json()["code"]


def test_sysadmin_creates_a_user_and_grants_an_ordinary_role(api_as):
    client = api_as("sysadmin")
    status, user = client.post(
        "users",
        {
            "username": "new_worker",
            "password": "Strung#Vole9k",
            "division_code": "220102001001",
            "full_name": "新同事",
        },
    )
    assert status == 201 and user["username"] == "new_worker"
    status, grant = client.post(
        "grants",
        {"user_id": user["id"], "role": "community_worker", "division_code": "220102001001"},
    )
    assert status == 201 and grant["role"]["code"] == "community_worker"
    status, body = client.post(
        "grants", {"user_id": user["id"], "role": "auditor", "division_code": "220100000000"}
    )
    assert status == 403 and body["code"] == "admin_role"


def test_weak_password_on_create_is_400_on_the_password_field(api_as):
    status, body = api_as("sysadmin").post(
        "users", {"username": "weak", "password": "abc", "division_code": "220102001001"}
    )
    assert status == 400 and body["field"] == "password"
    assert not User.objects.filter(username="weak").exists()


def test_secadmin_grants_admin_roles_but_not_to_itself(api_as, world):
    client = api_as("secadmin")
    status, _ = client.post(
        "grants",
        {"user_id": world.user("district").pk, "role": "auditor", "division_code": "220100000000"},
    )
    assert status == 201
    status, body = client.post(
        "grants",
        {"user_id": world.user("secadmin").pk, "role": "auditor", "division_code": "220100000000"},
    )
    assert status == 403 and body["code"] == "self_grant"


def test_a_second_admin_kind_conflicts(api_as, world):
    status, body = api_as("secadmin").post(
        "grants",
        {"user_id": world.user("sysadmin").pk, "role": "auditor", "division_code": "220100000000"},
    )
    assert status == 409 and body["code"] == "admin_separation"


@pytest.mark.parametrize("username", ["auditor", "district", "worker_a"])
def test_non_granters_cannot_grant(api_as, world, username):
    status, _ = api_as(username).post(
        "grants",
        {
            "user_id": world.user("worker_b").pk,
            "role": "community_worker",
            "division_code": "220102001002",
        },
    )
    assert status in (403, 404)
    assert (
        not RoleGrant.objects.filter(user__username="worker_b", revoked_at__isnull=True).count() > 1
    )


def test_revoke_through_the_api(api_as):
    grant = RoleGrant.objects.active().get(user__username="worker_b")
    status, body = api_as("secadmin").delete(f"grants/{grant.pk}")
    assert status == 200 and body["revoked_at"]
    assert api_as("worker_b").get("divisions")[1]["count"] == 0


def test_security_policy_is_the_security_administrators(api_as):
    assert api_as("sysadmin").get("security-policy")[0] == 403
    assert api_as("sysadmin").patch("security-policy", {"lockout_minutes": 30})[0] == 403
    status, body = api_as("secadmin").patch("security-policy", {"lockout_minutes": 30})
    assert status == 200 and body["lockout_minutes"] == 30
    status, body = api_as("secadmin").patch("security-policy", {"idle_timeout_minutes": 60})
    assert status == 400 and body["field"] == "idle_timeout_minutes"


def test_unlock_through_the_api(api_as, world):
    user = world.user("worker_a")
    user.locked_until = timezone.now() + timedelta(minutes=10)
    user.save()
    assert api_as("sysadmin").post(f"users/{user.pk}/unlock")[0] == 403
    status, body = api_as("secadmin").post(f"users/{user.pk}/unlock")
    assert status == 200 and body["is_locked"] is False


def test_users_outside_reach_are_404(api_as, world):
    status, _ = api_as("district").get(f"users/{world.user('worker_k').pk}")
    assert status == 404
    status, body = api_as("district").get("users", {"limit": 200})
    assert "worker_k" not in {u["username"] for u in body["items"]}
    assert "worker_a" in {u["username"] for u in body["items"]}


def test_roles_list_permissions(api_as):
    status, roles = api_as("worker_a").get("roles")
    assert status == 200
    auditor = next(r for r in roles if r["code"] == "auditor")
    assert auditor["admin_kind"] == "audit" and Perm.AUDIT_VIEW in auditor["permissions"]
