"""Research through the API: projects with outputs; extracts requested (k below 5 refused,
nothing saved), approved by the district officer, downloaded by the researcher (audited);
protection data never enters; another community's worker gets 404."""

import csv
import io
from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.core import crypto
from shequ.protection.models import ProtectionCase, Report
from shequ.research.extraction import pseudonym, research_key
from shequ.research.models import Extract, ResearchProject
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def project():
    return ResearchProject.objects.get(funder="国家社会科学基金")


def request_payload(project, world, **changes):
    today = date.today()
    return {
        "project_id": project.pk,
        "population": "served",
        "division_code": world.division("ziqiang").code,
        "fields": ["age", "gender", "community", "special_groups", "person_times"],
        "k": 5,
        "purpose": "研究服务对象结构与服务强度的关系",
        "period_start": (today - timedelta(days=365)).isoformat(),
        "period_end": today.isoformat(),
    } | changes


@pytest.mark.parametrize("path", ["research-projects", "research-extracts"])
def test_no_token_is_401(api_as, path):
    assert api_as(None).get(path)[0] == 401


def test_projects_and_outputs(api_as, world, project):
    status, body = api_as("teacher").post(
        "research-projects",
        {
            "organization_id": world.org("university").pk,
            "title": "社区社会组织孵化机制研究",
            "funder": "教育部人文社会科学研究项目",
            "grant_number": "24YJC840001",
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
            "team_ids": [world.user("supervisor").pk],
        },
    )
    assert status == 201 and {m["name"] for m in body["team"]} == {"赵教授", "陈静"}
    new = body["id"]
    status, body = api_as("teacher").post(
        f"research-projects/{new}/outputs",
        {"title": "调研报告", "kind": "report", "year": 2025, "link": "javascript:alert(1)"},
    )
    assert status == 400 and body["field"] == "link"
    status, body = api_as("supervisor").post(
        f"research-projects/{new}/outputs",
        {
            "title": "孵化机制调研报告",
            "kind": "report",
            "year": 2025,
            "link": "https://example.org/r",
        },
    )
    assert status == 201 and body["kind"] == "report"
    status, body = api_as("teacher").get(f"research-projects/{new}")
    assert status == 200 and [o["title"] for o in body["outputs"]] == ["孵化机制调研报告"]
    status, body = api_as("teacher").post(
        "research-projects",
        {
            "organization_id": world.org("agency").pk,
            "title": "x",
            "funder": "y",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
        },
    )
    assert status == 404  # another organization's: answered like a missing one
    # a community worker sees no research project
    assert api_as("worker_b").get(f"research-projects/{project.pk}")[0] == 404
    assert api_as("worker_b").get("research-projects")[1] == []
    # the university is the city's: a district officer does not reach its projects
    assert api_as("district").get(f"research-projects/{project.pk}")[0] == 404


def test_k_below_five_is_refused_and_nothing_is_saved(api_as, world, project):
    before = Extract.objects.count()
    status, body = api_as("teacher").post("research-extracts", request_payload(project, world, k=4))
    assert status == 400 and body["field"] == "k" and body["code"] == "k_too_small"
    assert "5" in body["message"]  # the message in the user's language
    for bad in ({"fields": ["name"]}, {"fields": ["age", "protection_case"]}, {"purpose": "短"}):
        status, body = api_as("teacher").post(
            "research-extracts", request_payload(project, world, **bad)
        )
        assert status == 400
    assert Extract.objects.count() == before


def test_request_approve_download(api_as, world, project):
    status, extract = api_as("teacher").post("research-extracts", request_payload(project, world))
    assert status == 201 and extract["status"] == "requested" and extract["k"] == 5
    assert extract["released"] + extract["suppressed"] == extract["population_size"] > 0
    path = f"research-extracts/{extract['id']}"
    assert api_as("teacher").get(f"{path}/download")[0] == 409  # not approved yet
    assert api_as("teacher").post(f"{path}/approve", {})[0] == 403  # not one's own
    assert api_as("worker_b").get(path)[0] == 404
    assert api_as("worker_b").post(f"{path}/approve", {})[0] == 404
    assert api_as("district_k").get(path)[0] == 404  # the other district's officer
    status, body = api_as("district").post(f"{path}/approve", {"comment": "同意"})
    assert status == 200 and body["status"] == "approved" and body["decided_by"] == "王明"
    assert api_as("district").post(f"{path}/approve", {})[0] == 409
    assert api_as("district").get(f"{path}/download")[0] == 403  # only the researcher

    client = api_as("teacher")
    response = client.client.get(f"/api/v1/{path}/download?format=csv", headers=client._headers())
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == extract["released"]
    assert list(rows[0]) == [
        "pseudonym",
        "age",
        "gender",
        "community",
        "special_groups",
        "person_times",
    ]
    content = response.content.decode("utf-8-sig")
    for resident in Resident.objects.filter(
        merged_into__isnull=True, division__code__startswith="220102001"
    ):
        assert resident.name not in content
        for cipher in (resident.id_number_cipher, resident.phone_cipher):
            if cipher:
                assert crypto.decrypt(cipher) not in content
    assert AuditEntry.objects.filter(
        action="research.extract_download", object_id=str(extract["id"])
    ).exists()
    xlsx = client.client.get(f"/api/v1/{path}/download?format=xlsx", headers=client._headers())
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_refusal_keeps_no_rows(api_as, world, project):
    status, extract = api_as("teacher").post("research-extracts", request_payload(project, world))
    path = f"research-extracts/{extract['id']}/approve"
    assert api_as("district").post(path, {"approve": False, "comment": ""})[0] == 400
    status, body = api_as("district").post(path, {"approve": False, "comment": "用途不明确"})
    assert status == 200 and body["status"] == "refused"
    assert Extract.objects.get(pk=extract["id"]).rows == []


def test_children_of_protection_never_enter(api_as, world, project):
    children = set(Report.objects.values_list("child_id", flat=True)) | set(
        ProtectionCase.objects.values_list("child_id", flat=True)
    )
    assert children
    Resident.objects.filter(pk__in=children).update(consent=True)  # consent does not let them in
    status, extract = api_as("teacher").post(
        "research-extracts",
        request_payload(
            project,
            world,
            population="residents",
            fields=["gender", "community"],
            division_code=world.division("nanguan").code,
            period_start=None,
            period_end=None,
        ),
    )
    assert status == 201
    stored = Extract.objects.get(pk=extract["id"])
    released = {row["pseudonym"] for row in stored.rows}
    key = research_key()
    assert not {pseudonym(key, project.pk, pk) for pk in children} & released
    consenting = Resident.objects.filter(
        division__code__startswith="220102", merged_into__isnull=True, consent=True
    )
    assert extract["population_size"] == consenting.exclude(pk__in=children).count()
    everyone = {pseudonym(key, project.pk, pk) for pk in consenting.values_list("pk", flat=True)}
    assert released and released <= everyone
    status, fields = api_as("teacher").get("research-extracts/fields")
    assert not [f for f in fields if "protect" in f["code"]]


def test_the_lists_run_a_fixed_number_of_queries(api_as, world, project):
    from shequ.core.testing import assert_constant_queries

    district, teacher = api_as("district"), api_as("teacher")

    def lister(client, path):
        def call():
            assert client.get(path)[0] == 200

        return call

    def grow():
        for n in range(3):
            teacher.post("research-extracts", request_payload(project, world))
            teacher.post(
                "research-projects",
                {
                    "organization_id": world.org("university").pk,
                    "title": f"课题{n}",
                    "funder": "校级",
                    "start_date": "2025-01-01",
                    "end_date": "2025-12-31",
                },
            )

    teacher.post("research-extracts", request_payload(project, world))
    extracts = lister(district, "research-extracts")
    projects = lister(teacher, "research-projects")
    assert assert_constant_queries({"extracts": extracts, "projects": projects}, grow) <= 8
    assert len(district.get("research-extracts")[1]) == 5  # with the demo extract


def test_a_project_is_created_only_for_ones_organization_with_a_team_in_reach(api_as, world):
    from shequ.accounts.models import User
    from shequ.divisions.models import Division

    def create(**changes):
        return api_as("teacher").post(
            "research-projects",
            {
                "organization_id": world.org("university").pk,
                "title": "社区治理研究",
                "funder": "校级",
                "start_date": "2025-01-01",
                "end_date": "2025-12-31",
            }
            | changes,
        )

    before = ResearchProject.objects.count()
    assert create(organization_id=world.org("agency").pk)[0] == 404
    assert create(organization_id=999999)[0] == 404
    # an account outside the city the teacher manages research in, and one without a division
    elsewhere = User.objects.create(
        username="jilin", full_name="外市人员", division=Division.objects.get(code="220000000000")
    )
    nowhere = User.objects.create(username="nowhere", full_name="无归属")
    for user in (elsewhere, nowhere):
        status, body = create(team_ids=[world.user("supervisor").pk, user.pk])
        assert status == 404 and user.full_name not in str(body)
    assert create(team_ids=[999999])[0] == 404
    assert ResearchProject.objects.count() == before
    status, body = create(team_ids=[world.user("supervisor").pk])
    assert status == 201 and {m["name"] for m in body["team"]} == {"赵教授", "陈静"}


def test_extract_division_in_reach_and_at_a_level_that_may_be_extracted(api_as, world, project):
    before = Extract.objects.count()
    # the province is out of the teacher's reach (granted at the city): 404, like a missing code
    for code in ("220000000000", "229999999999", "x"):
        status, _body = api_as("teacher").post(
            "research-extracts", request_payload(project, world, division_code=code)
        )
        assert status == 404
    status, body = api_as("teacher").post(
        "research-extracts",
        request_payload(project, world, division_code=world.division("city").code),
    )
    assert status == 400 and body["field"] == "division" and body["code"] == "division_level"
    assert Extract.objects.count() == before
    status, _body = api_as("teacher").post(
        "research-extracts",
        request_payload(project, world, division_code=world.division("nanguan").code),
    )
    assert status == 201
