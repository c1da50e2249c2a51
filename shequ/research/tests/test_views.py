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
