"""The research pages: home, a project (outputs, extract request with errors next to the field),
an extract (approval, download), each 404 outside reach."""

import pytest

from shequ.audit.models import AuditEntry
from shequ.research.models import Extract, ResearchProject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_home_and_project_pages(client_as, world):
    project = ResearchProject.objects.get(funder="国家社会科学基金")
    body = client_as("teacher", language="en").get("/research/").content.decode()
    assert project.title in body and "New research project" in body
    page = client_as("teacher", language="en").get(f"/research/projects/{project.pk}/")
    assert page.status_code == 200 and "《社会工作》" in page.content.decode()
    for username in ("worker_b", "volunteer"):
        assert client_as(username).get("/research/").status_code == 404
        assert client_as(username).get(f"/research/projects/{project.pk}/").status_code == 404


def test_k_below_five_shows_next_to_the_field_and_saves_nothing(client_as, world):
    project = ResearchProject.objects.get(funder="国家社会科学基金")
    before = Extract.objects.count()
    response = client_as("teacher", language="en").post(
        f"/research/projects/{project.pk}/",
        {
            "action": "extract",
            "population": "residents",
            "division": world.division("ziqiang").code,
            "data_fields": ["age", "gender"],
            "k": "3",
            "purpose": "研究居民的年龄与性别结构",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "k must be at least 5" in body
    assert "研究居民的年龄与性别结构" in body  # nothing typed is lost
    assert Extract.objects.count() == before


def test_extract_page_approval_and_download(client_as, world):
    extract = Extract.objects.get(project__funder="国家社会科学基金")
    page = client_as("teacher", language="en").get(f"/research/extracts/{extract.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Download CSV" in body and "Rows suppressed" in body
    assert client_as("worker_b").get(f"/research/extracts/{extract.pk}/").status_code == 404
    assert client_as("district_k").get(f"/research/extracts/{extract.pk}/").status_code == 404
    download = client_as("teacher").get(f"/research/extracts/{extract.pk}/download.csv")
    assert download.status_code == 200 and download.content.decode("utf-8-sig").startswith(
        "pseudonym"
    )
    assert AuditEntry.objects.filter(action="research.extract_download").exists()
    assert (
        client_as("district").get(f"/research/extracts/{extract.pk}/download.csv").status_code
        == 404
    )


def test_rows_are_shown_to_the_approver_before_approval_and_to_the_requester_after(
    client_as, world
):
    from datetime import date, timedelta

    from shequ.research import services

    project = ResearchProject.objects.get(funder="国家社会科学基金")
    today = date.today()
    extract = services.extract_request(
        by=world.user("teacher"),
        project=project,
        population="served",
        division=world.division("ziqiang"),
        fields=["age", "gender"],
        k=5,
        purpose="研究服务对象的年龄与性别结构",
        period_start=today - timedelta(days=365),
        period_end=today,
    )
    assert extract.rows
    pseudonyms = [row["pseudonym"] for row in extract.rows[:20]]
    path = f"/research/extracts/{extract.pk}/"

    def page(username):
        response = client_as(username, language="en").get(path)
        assert response.status_code == 200
        return response.content.decode()

    waiting = page("teacher")  # the requester, before approval: the report, no row
    assert "Rows released" in waiting and 'data-testid="preview"' not in waiting
    assert not [p for p in pseudonyms if p in waiting]
    before = page("district")  # the approver sees what they approve
    assert 'data-testid="preview"' in before and all(p in before for p in pseudonyms)

    services.extract_approve(by=world.user("district"), extract=extract, comment="同意")
    approved = page("teacher")
    assert 'data-testid="preview"' in approved and all(p in approved for p in pseudonyms)
    assert "Download CSV" in approved
    after = page("district")  # decided: the approver's page keeps the report only
    assert not [p for p in pseudonyms if p in after]


def test_no_row_is_shown_after_a_refusal(client_as, world):
    from datetime import date, timedelta

    from shequ.research import services

    project = ResearchProject.objects.get(funder="国家社会科学基金")
    today = date.today()
    extract = services.extract_request(
        by=world.user("teacher"),
        project=project,
        population="served",
        division=world.division("ziqiang"),
        fields=["age", "gender"],
        k=5,
        purpose="研究服务对象的年龄与性别结构",
        period_start=today - timedelta(days=365),
        period_end=today,
    )
    pseudonyms = [row["pseudonym"] for row in extract.rows[:20]]
    services.extract_refuse(by=world.user("district"), extract=extract, comment="用途不明确")
    for username in ("teacher", "district"):
        body = (
            client_as(username, language="en").get(f"/research/extracts/{extract.pk}/").content
        ).decode()
        assert 'data-testid="preview"' not in body
        assert not [p for p in pseudonyms if p in body]


def test_every_download_is_counted(world):
    from shequ.research import services

    extract = Extract.objects.get(project__funder="国家社会科学基金")
    before = extract.downloads
    for fmt in ("csv", "xlsx"):  # the same object twice, as two requests racing would hold
        services.extract_download(by=world.user("teacher"), extract=extract, fmt=fmt)
    extract.refresh_from_db()
    assert extract.downloads == before + 2
