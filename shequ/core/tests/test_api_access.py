"""The access rule through the API, endpoint by endpoint: what another community's worker,
the street, the district and an outsider get."""

import pytest

from shequ.organizations.models import Organization

pytestmark = pytest.mark.django_db

A = "220102001001"
B = "220102001002"
K = "220103001001"


def org_at(code):
    return Organization.objects.filter(division_id=code).earliest("pk").pk


GET_ENDPOINTS = ["me", "divisions", "organizations", "users", "grants", "roles", "security-policy"]


@pytest.mark.parametrize("path", GET_ENDPOINTS)
def test_no_token_is_401(api_as, path):
    status, body = api_as(None).get(path)
    assert status == 401
    assert body["code"] == "unauthorized"


def test_a_bad_token_is_401(api_as):
    from shequ.testing import ApiClient

    status, _ = ApiClient("not-a-token").get("me")
    assert status == 401


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("worker_b", A, 404),
        ("worker_b", B, 200),
        ("worker_a", A, 200),
        ("street", A, 200),
        ("street", B, 200),
        ("street", K, 404),
        ("district", A, 200),
        ("district", K, 404),
        ("worker_k", A, 404),
        ("worker_k", K, 200),
    ],
)
def test_division_and_organization_detail(api_as, username, code, expected):
    client = api_as(username)
    assert client.get(f"divisions/{code}")[0] == expected
    assert client.get(f"organizations/{org_at(code)}")[0] == expected


def test_a_record_out_of_reach_answers_like_a_missing_one(api_as):
    client = api_as("worker_b")
    out_of_reach = client.get(f"organizations/{org_at(A)}")
    missing = client.get("organizations/999999")
    assert out_of_reach == missing


@pytest.mark.parametrize(
    ("username", "sees", "hidden"),
    [
        ("worker_b", {B}, {A, K}),
        ("street", {A, B}, {K}),
        ("district", {A, B}, {K}),
        ("worker_k", {K}, {A, B}),
    ],
)
def test_lists_and_counts_stay_in_reach(api_as, username, sees, hidden):
    client = api_as(username)
    status, body = client.get("organizations", {"limit": 200})
    assert status == 200
    codes = {item["division_code"] for item in body["items"]}
    assert sees <= codes and not (hidden & codes)
    assert body["count"] == len(body["items"])
    status, body = client.get("divisions", {"limit": 200})
    codes = {item["code"] for item in body["items"]}
    assert sees <= codes and not (hidden & codes)


def test_district_counts_all_of_nanguan_and_nothing_of_kuancheng(api_as):
    status, body = api_as("district").get("organizations", {"limit": 200})
    assert body["count"] == Organization.objects.filter(division__code__startswith="220102").count()
    assert all(item["division_code"].startswith("220102") for item in body["items"])
    status, body = api_as("district").get("divisions", {"under": "220103"})
    assert status == 404


def test_list_queries_do_not_grow_with_rows(api_as, world, django_assert_max_num_queries):
    from shequ.organizations.services import organization_create

    client = api_as("sysadmin")
    client.get("organizations")  # warm the reach cache-free path once
    for i in range(30):
        organization_create(
            by=world.user("sysadmin"),
            division=world.division("community_a"),
            name=f"测试组织{i}",
            kind="other",
        )
    with django_assert_max_num_queries(8):
        status, body = client.get("organizations", {"limit": 200})
    assert status == 200 and body["count"] >= 30
    with django_assert_max_num_queries(10):
        status, body = client.get("users", {"limit": 200})
    assert status == 200
    with django_assert_max_num_queries(10):
        status, body = client.get("grants", {"limit": 200})
    assert status == 200
