from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.community_orgs.models import CommunityOrganization, OrgType
from shequ.community_orgs.services import organization_create
from shequ.core.testing import assert_constant_queries
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = date.today()
BASE = "community-organizations"


def dance():
    return CommunityOrganization.objects.get(name="东岭社区夕阳红舞蹈队")


def test_no_token_is_401(api_as):
    assert api_as(None).get(BASE)[0] == 401


def test_an_organization_from_application_to_filing_through_the_api(api_as, world):
    api = api_as("worker_a")
    status, org = api.post(
        BASE,
        {
            "community_code": world.division("community_a").code,
            "name": "东岭社区书法社",
            "type": "culture_sports",
            "applied_on": (TODAY - timedelta(days=30)).isoformat(),
            "purpose": "练字",
            "incubator_id": world.org("agency").pk,
            "mentor_ids": [world.user("agency").pk],
        },
    )
    assert status == 201 and org["stage"] == "application" and org["status"] == "informal"
    assert org["mentors"] == [world.user("agency").display_name]
    path = f"{BASE}/{org['id']}"

    status, body = api.post(
        f"{path}/advance", {"stage": "incubation", "moved_on": TODAY.isoformat(), "reason": "快"}
    )
    assert status == 400 and body["code"] == "stage_skip" and body["field"] == "stage"
    # the stage names are data (the message in the user's language)
    assert "预孵化" in body["message"]
    status, org = api.post(
        f"{path}/advance",
        {"stage": "pre_incubation", "moved_on": TODAY.isoformat(), "reason": "有了骨干"},
    )
    assert status == 200 and org["stage"] == "pre_incubation"
    assert [(m["from_stage"], m["to_stage"]) for m in org["history"]] == [
        (None, "application"),
        ("application", "pre_incubation"),
    ]

    status, grant = api.post(
        f"{path}/grants",
        {"kind": "given", "amount": "2000", "on": TODAY.isoformat(), "note": "小额资助"},
    )
    assert status == 201 and grant["amount"] == "2000.00"
    status, body = api.post(
        f"{path}/grants",
        {"kind": "spent", "amount": "2000.01", "on": TODAY.isoformat(), "note": "笔墨"},
    )
    assert status == 400 and body["code"] == "overspent"

    resident = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("community_a")
    ).first()
    status, member = api.post(
        f"{path}/members",
        {"resident_id": resident.pk, "role": "leader", "joined_on": TODAY.isoformat()},
    )
    assert status == 201 and member["name"] == resident.name
    status, assessment = api.post(
        f"{path}/assessments",
        {
            "assessed_on": TODAY.isoformat(),
            "scores": {"governance": "10", "finance": "12", "activities": "8", "members": "9.5"},
        },
    )
    assert status == 201 and assessment["total"] == "39.5"
    status, activity = api.post(
        f"{path}/activities",
        {
            "theme": "书法进社区",
            "place": "活动室",
            "held_on": TODAY.isoformat(),
            "duration_minutes": 60,
            "participant_ids": [resident.pk],
        },
    )
    assert status == 201 and activity["community_organization_id"] == org["id"]

    status, org = api.post(
        f"{path}/status",
        {"status": "filed", "on": TODAY.isoformat(), "filing_number": "自强备字〔2026〕7号"},
    )
    assert status == 200 and org["status"] == "filed" and org["filing_number"]
    status, body = api.post(
        f"{path}/status",
        {"status": "registered", "on": TODAY.isoformat(), "uscc": "52220102MJ0000099"},
    )
    assert status == 400 and body["field"] == "uscc"

    status, recognition = api_as("district").post(
        f"{path}/recognitions",
        {
            "department_id": world.org("nanguan_bureau").pk,
            "recognized_on": TODAY.isoformat(),
            "title": "典型社区社会组织",
            "document_number": "南民发〔2026〕31号",
        },
    )
    assert status == 201 and recognition["department"] == "南关区民政局"
    assert (
        api.post(
            f"{path}/recognitions",
            {
                "department_id": world.org("nanguan_bureau").pk,
                "recognized_on": TODAY.isoformat(),
                "title": "x",
                "document_number": "y",
            },
        )[0]
        == 403
    )

    status, org = api.get(path)
    assert status == 200
    assert org["grant_totals"] == {"given": "2000.00", "spent": "0.00", "remaining": "2000.00"}
    assert len(org["members"]) == 1 and len(org["assessments"]) == 1
    assert len(org["recognitions"]) == 1


def test_another_communitys_worker_gets_404_on_every_endpoint(api_as, world):
    api = api_as("worker_b")
    path = f"{BASE}/{dance().pk}"
    resident = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("community_b")
    ).first()
    today = TODAY.isoformat()
    calls = [
        ("get", path, None),
        ("post", f"{path}/advance", {"stage": "mature", "moved_on": today, "reason": "x"}),
        ("post", f"{path}/status", {"status": "filed", "on": today, "filing_number": "1"}),
        ("post", f"{path}/grants", {"kind": "given", "amount": "1", "on": today, "note": "x"}),
        (
            "post",
            f"{path}/members",
            {"resident_id": resident.pk, "role": "member", "joined_on": today},
        ),
        (
            "post",
            f"{path}/assessments",
            {"assessed_on": today, "scores": {"governance": "1"}},
        ),
        (
            "post",
            f"{path}/recognitions",
            {
                "department_id": world.org("nanguan_bureau").pk,
                "recognized_on": today,
                "title": "x",
                "document_number": "y",
            },
        ),
        (
            "post",
            f"{path}/activities",
            {"theme": "x", "held_on": today, "duration_minutes": 30, "headcount": 5},
        ),
    ]
    for method, url, data in calls:
        status, _body = getattr(api, method)(url, *([data] if data is not None else []))
        assert status == 404, url
    # nor may worker_b register an organization in 东岭
    status, _body = api.post(
        BASE,
        {
            "community_code": world.division("community_a").code,
            "name": "冒名",
            "type": "other",
            "applied_on": today,
        },
    )
    assert status == 404
    assert dance().moves.count() == 3 and dance().grants.count() == 2


def test_a_member_must_be_a_resident_the_caller_sees(api_as, world):
    other = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("community_b")
    ).first()
    status, _body = api_as("worker_a").post(
        f"{BASE}/{dance().pk}/members",
        {"resident_id": other.pk, "role": "member", "joined_on": TODAY.isoformat()},
    )
    assert status == 404


def test_the_list_filters_and_runs_a_fixed_number_of_queries(api_as, world):
    api = api_as("street")
    status, body = api.get(BASE)
    names = {o["name"] for o in body["items"]}
    assert status == 200 and names == {"东岭社区夕阳红舞蹈队", "西岭社区邻里互助会"}
    assert {o["name"] for o in api.get(BASE, {"status": "filed"})[1]["items"]} == {
        "西岭社区邻里互助会"
    }
    assert {o["name"] for o in api.get(BASE, {"type": "culture_sports"})[1]["items"]} == {
        "东岭社区夕阳红舞蹈队"
    }
    assert [o["name"] for o in api_as("worker_b").get(BASE)[1]["items"]] == ["西岭社区邻里互助会"]

    def grow():
        for i in range(4):
            organization_create(
                by=world.user("street"),
                division=world.division("community_b"),
                name=f"西岭测试{i}",
                org_type=OrgType.objects.get(code="other"),
                applied_on=TODAY,
            )

    assert_constant_queries(lambda: api.get(BASE), grow)


def test_community_figures(api_as, world):
    status, rows = api_as("worker_a").get(f"{BASE}/communities")
    assert status == 200 and [r["community_code"] for r in rows] == [
        world.division("community_a").code
    ]
    row = rows[0]
    assert row["organizations"] == 1 and row["target"] == 10 and row["gap"] == 9
    assert row["kind"] == "urban" and not row["kind_recorded"]


def test_the_schemas_keep_their_own_names_in_the_openapi_document():
    """Two schemas of one name would overwrite each other in the document (and its checks)."""
    import inspect

    from ninja import Schema

    from shequ.community_orgs import schemas
    from shequ.testing import openapi_spec

    components = openapi_spec()["components"]["schemas"]
    ours = [
        c
        for _name, c in inspect.getmembers(schemas, inspect.isclass)
        if issubclass(c, Schema) and c.__module__ == schemas.__name__
    ]
    assert ours
    for schema in ours:
        if schema.__name__ in components:
            assert set(components[schema.__name__]["properties"]) == set(schema.model_fields)


def test_an_activity_names_members_only_and_residents_the_caller_sees(api_as, world):
    """Who may be named is the service's rule: a resident the caller sees who is not a member
    is refused with the reason (400, nothing saved), as on the page; a resident the caller
    may not see is not found."""
    from shequ.delivery.models import Activity

    org = dance()
    api = api_as("worker_a")
    path = f"{BASE}/{org.pk}/activities"
    members = list(org.members.values_list("resident_id", flat=True))
    outsider = (
        Resident.objects.filter(merged_into__isnull=True, division=world.division("community_a"))
        .exclude(pk__in=members)
        .first()
    )
    activity = {"theme": "排练", "held_on": TODAY.isoformat(), "duration_minutes": 60}
    status, body = api.post(path, {**activity, "participant_ids": [members[0], outsider.pk]})
    assert status == 400 and body["code"] == "not_member" and body["field"] == "participants"
    other = Resident.objects.filter(
        merged_into__isnull=True, division=world.division("community_b")
    ).first()
    status, _body = api.post(path, {**activity, "participant_ids": [members[0], other.pk]})
    assert status == 404
    assert not Activity.objects.filter(theme="排练").exists()
    status, body = api.post(path, {**activity, "participant_ids": members[:2], "headcount": 3})
    assert status == 201 and body["community_organization_id"] == org.pk
    assert Activity.objects.get(theme="排练").participants.count() == 2


def test_a_mentor_works_over_the_organizations_community(api_as, world):
    """A mentor is someone who works over the community: anyone else (a worker of another
    community, an id of no one) is refused alike, and nothing is registered."""
    api = api_as("worker_a")
    application = {
        "community_code": world.division("community_a").code,
        "name": "东岭社区棋社",
        "type": "culture_sports",
        "applied_on": TODAY.isoformat(),
    }
    for ids in ([world.user("worker_b").pk], [world.user("agency").pk, 10**9]):
        status, body = api.post(BASE, {**application, "mentor_ids": ids})
        assert status == 400 and body["code"] == "mentor" and body["field"] == "mentors"
    assert not CommunityOrganization.objects.filter(name="东岭社区棋社").exists()
    status, org = api.post(BASE, {**application, "mentor_ids": [world.user("agency").pk]})
    assert status == 201 and org["mentors"] == [world.user("agency").display_name]


def test_the_detail_reads_its_grant_totals_from_the_prefetched_grants(world):
    from shequ.community_orgs.schemas import CommunityOrgDetailOut
    from shequ.community_orgs.selectors import organization_detail

    org = organization_detail(user=world.user("worker_a"), pk=dance().pk)
    with CaptureQueriesContext(connection) as queries:
        totals = CommunityOrgDetailOut.resolve_grant_totals(org)
    assert len(queries) == 0
    assert {k: str(v) for k, v in totals.items()} == {
        "given": "5000.00",
        "spent": "1280.50",
        "remaining": "3719.50",
    }
