"""A bearer token seen before is answered from the shared cache without a query, and stops
being good the moment anything it answered from changes (issue 21, point 3)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.accounts.models import ApiToken, RoleGrant, SecurityPolicy, User
from shequ.accounts.services import grant_revoke, policy_update, token_revoke, user_lock

pytestmark = pytest.mark.django_db

AUTH_TABLES = (
    "accounts_apitoken",
    "accounts_user",
    "accounts_securitypolicy",
    "accounts_rolegrant",
)


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SHEQU_AUTH_CACHE = True
    cache.clear()
    yield
    cache.clear()


def auth_queries(client, path="residents"):
    with CaptureQueriesContext(connection) as captured:
        status, body = client.get(path, {"limit": 5})
    sql = [q["sql"] for q in captured.captured_queries]
    # reads only: the token's last use is written at most every 30 seconds, cached or not
    reads = [s for s in sql if s.lstrip().upper().startswith("SELECT")]
    return status, body, [s for s in reads if any(f'"{t}"' in s for t in AUTH_TABLES)]


def test_a_token_seen_before_costs_no_query_for_who_it_is(api_as):
    client = api_as("worker_a")
    status, first, asked = auth_queries(client)
    assert status == 200 and asked  # the first request reads token, user, policy and grants
    status, again, asked = auth_queries(client)
    assert status == 200 and asked == []
    # the reach comes from the cached grants: the same residents as the first time
    assert again == first and first["count"] > 0
    assert client.get("me")[1]["username"] == "worker_a"


def test_a_revoked_grant_ends_at_once(api_as, world):
    client = api_as("worker_a")
    assert client.get("residents", {"limit": 1})[0] == 200
    assert auth_queries(client)[2] == []  # now from the cache
    admin = world.user("sysadmin")
    for grant in RoleGrant.objects.active().filter(user__username="worker_a"):
        grant_revoke(by=admin, grant=grant)
    status, body = client.get("residents", {"limit": 1})
    assert status == 403 or (status == 200 and body["items"] == []), (status, body)


def test_a_locked_account_and_a_revoked_token_end_at_once(api_as, world):
    client = api_as("worker_a")
    assert auth_queries(client)[0] == 200
    assert auth_queries(client)[2] == []  # cached
    user_lock(by=world.user("sysadmin"), user=User.objects.get(username="worker_a"))
    assert client.get("residents")[0] == 401

    other = api_as("worker_b")
    assert other.get("residents")[0] == 200
    assert auth_queries(other)[2] == []  # cached
    token_revoke(raw=other.token)
    assert other.get("residents")[0] == 401


def test_a_shorter_idle_limit_applies_to_cached_tokens(api_as, world):
    client = api_as("worker_a")
    assert client.get("residents")[0] == 200
    assert auth_queries(client)[2] == []  # cached
    token = ApiToken.objects.get(user__username="worker_a", revoked_at__isnull=True)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=20))
    # the cached entry still says "just used"; the policy change must drop it
    policy_update(by=world.user("secadmin"), idle_timeout_minutes=15)
    assert SecurityPolicy.current().idle_timeout_minutes == 15
    assert client.get("residents")[0] == 401


def test_without_a_shared_cache_every_request_reads_the_database(api_as, settings):
    settings.SHEQU_AUTH_CACHE = False
    client = api_as("worker_a")
    auth_queries(client)
    assert auth_queries(client)[2] != []
