import pytest

from shequ.audit.models import AuditEntry
from shequ.residents.models import Household, NeedsAssessment, Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

A, B, K = "220102001001", "220102001002", "220103001001"


def first(model, code):
    return model.objects.filter(division_id=code).earliest("pk").pk


@pytest.mark.parametrize("path", ["residents", "households", "needs", "needs/summary"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("worker_a", A, 200),
        ("worker_b", A, 404),
        ("street", A, 200),
        ("street", B, 200),
        ("district", K, 404),
        ("worker_k", A, 404),
        ("volunteer", A, 404),
        ("sysadmin", A, 404),
    ],
)
def test_detail_endpoints_follow_the_access_rule(api_as, username, code, expected):
    client = api_as(username)
    assert client.get(f"residents/{first(Resident, code)}")[0] == expected
    assert client.get(f"households/{first(Household, code)}")[0] == expected


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("worker_a", {A}),
        ("worker_b", {B}),
        ("street", {A, B}),
        ("district", {A, B}),
        ("worker_k", {K}),
    ],
)
def test_lists_and_counts_stay_in_reach(api_as, username, visible):
    client = api_as(username)
    status, body = client.get("residents", {"limit": 200})
    assert status == 200
    assert {r["community_code"] for r in body["items"]} == visible
    assert (
        body["count"]
        == Resident.objects.filter(division_id__in=visible, merged_into__isnull=True).count()
    )
    status, body = client.get("households", {"limit": 200})
    assert {h["community_code"] for h in body["items"]} == visible
    status, body = client.get("needs", {"limit": 200})
    assert {n["community_code"] for n in body["items"]} <= visible
    assert body["count"] == NeedsAssessment.objects.filter(division_id__in=visible).count()


def test_identifiers_are_masked_unless_permitted_and_unmasking_is_audited(api_as):
    pk = first(Resident, A)
    status, body = api_as("street").get(f"residents/{pk}")
    assert body["identifiers_masked"] and "*" in body["id_number"]
    assert api_as("street").get(f"residents/{pk}", {"unmask": "true"})[0] == 403
    status, body = api_as("worker_a").get(f"residents/{pk}", {"unmask": "true"})
    assert status == 200 and not body["identifiers_masked"] and "*" not in body["id_number"]
    assert AuditEntry.objects.filter(
        action="resident.unmask", object_id=str(pk), channel="api"
    ).exists()
    status, body = api_as("worker_a").get("residents", {"limit": 5})
    assert all("*" in r["id_number"] for r in body["items"] if r["id_number"])


def test_search_through_the_api(api_as):
    resident = Resident.objects.filter(merged_into__isnull=True, division_id=A).earliest("pk")
    initials = resident.search_keys.order_by("key").first().key
    _status, body = api_as("worker_a").get("residents", {"q": initials})
    assert resident.pk in {r["id"] for r in body["items"]}
    assert (
        api_as("worker_b").get("residents", {"q": resident.name})[1]["count"]
        == Resident.objects.filter(
            division_id=B, name__startswith=resident.name, merged_into__isnull=True
        ).count()
    )


def test_create_update_and_errors(api_as):
    client = api_as("worker_a")
    status, body = client.post(
        "residents",
        {
            "community_code": A,
            "name": "接口居民",
            "gender": "F",
            "birth_date": "1977-07-07",
            "phone": "13612345678",
        },
    )
    assert status == 201 and body["phone"] == "136****5678"
    pk = body["id"]
    client.get(f"residents/{pk}")  # its ETag goes back as If-Match
    status, body = client.patch(f"residents/{pk}", {"address": "新地址"})
    assert status == 200 and body["address"] == "新地址" and body["phone"] == "136****5678"
    status, body = client.post(
        "residents",
        {
            "community_code": A,
            "name": "坏号",
            "gender": "F",
            "birth_date": "1977-07-07",
            "id_number": "220102197707071231",
        },
    )
    assert status == 400 and body["field"] == "id_number"
    status, body = client.post(
        "residents",
        {"community_code": A, "name": "接口居民", "gender": "F", "birth_date": "1977-07-07"},
    )
    assert status == 409 and body["code"] == "possible_duplicate"
    assert (
        api_as("worker_b").post(
            "residents",
            {"community_code": A, "name": "越界", "gender": "F", "birth_date": "1977-07-07"},
        )[0]
        == 404
    )
    assert api_as("worker_b").patch(f"residents/{pk}", {"address": "x"})[0] == 404
    district = api_as("district")
    district.get(f"residents/{pk}")
    assert district.patch(f"residents/{pk}", {"address": "x"})[0] == 403


def test_households_and_needs_through_the_api(api_as):
    client = api_as("worker_a")
    status, household = client.post("households", {"community_code": A, "number": "API-1"})
    assert status == 201
    resident = first(Resident, A)
    status, household = client.post(
        f"households/{household['id']}/members",
        {"resident_id": resident, "relation_to_head": "head"},
    )
    assert status == 200 and household["head_id"] == resident
    status, needs = client.post(
        "needs",
        {
            "community_code": A,
            "resident_id": resident,
            "assessed_on": "2026-01-05",
            "items": [{"category": "elder_care", "priority": "high"}],
        },
    )
    assert status == 201 and needs["items"][0]["category"] == "elder_care"
    status, summary = client.get("needs/summary")
    assert any(row["category"] == "elder_care" for row in summary)
    status, body = client.post(
        "needs",
        {"community_code": A, "resident_id": resident, "assessed_on": "2026-01-05", "items": []},
    )
    assert status == 400 and body["field"] == "items"


def test_list_queries_do_not_grow_with_rows(api_as):
    """The same queries for a page of 10 rows and one of 20."""
    from shequ.core.testing import assert_constant_queries

    client = api_as("street")
    limit = [10]
    calls = {
        name: (lambda name=name: client.get(name, {"limit": limit[0]}))
        for name in ("residents", "households", "needs")
    }
    assert assert_constant_queries(calls, lambda: limit.__setitem__(0, 20)) <= 10
    status, body = client.get("residents", {"limit": 20})
    assert status == 200 and len(body["items"]) == 20
