"""Reads of protection records are logged whatever the path (issue 15, point 7): reports,
cases, meetings, tasks, their lists, the dashboard and the export, on pages and in the API;
the log is visible to the protection supervisor and the audit administrator, no one else."""

from __future__ import annotations

import pytest

from shequ.access.perms import Perm
from shequ.audit.models import AuditEntry
from shequ.audit.reads import READ_ACTION
from shequ.protection.models import Meeting, ProtectionCase, Report

pytestmark = pytest.mark.django_db


def _reads(username: str, path: str):
    return AuditEntry.objects.filter(
        action=READ_ACTION, actor_username=username, detail__path__startswith=path
    )


def _first(model, user):
    return model.objects.visible_to(user, Perm.PROTECTION_VIEW).order_by("pk").first()


@pytest.mark.parametrize(
    "path", ["/protection/", "/protection/reports/", "/protection/cases/", "/protection/meetings/"]
)
def test_every_protection_page_and_list_read_is_logged(client_as, path):
    response = client_as("child_sup").get(path)
    assert response.status_code == 200
    entry = _reads("child_sup", path).get()
    assert entry.channel == "web" and entry.detail["list"] is True
    assert entry.division_code  # attributed to the reader's reach, for the supervisors


def test_a_report_case_and_meeting_read_is_logged_with_its_division(client_as, world):
    user = world.user("child_sup")
    for model, path in [(Report, "reports"), (ProtectionCase, "cases"), (Meeting, "meetings")]:
        record = _first(model, user)
        assert record is not None, model
        url = f"/protection/{path}/{record.pk}/"
        assert client_as("child_sup").get(url).status_code == 200
        entry = _reads("child_sup", url).get()
        assert entry.division_code == record.division_id
        assert entry.detail["object_id"] == str(record.pk)


def test_api_reads_and_the_export_are_logged(api_as, client_as, world):
    client = api_as("child_sup")
    report = _first(Report, world.user("child_sup"))
    for path in [
        "protection/reports",
        f"protection/reports/{report.pk}",
        "protection/tasks",
        "protection/meetings",
        "protection/cases",
    ]:
        status, _body = client.get(path)
        assert status == 200, path
        entry = _reads("child_sup", f"/api/v1/{path}").latest("id")
        assert entry.channel == "api"
    response = client_as("child_sup").post("/protection/export/", {"password": "Export#Pass2026x"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert _reads("child_sup", "/protection/export/").get().detail["list"] is True


def test_a_refused_read_is_not_a_read(client_as, world):
    case = _first(ProtectionCase, world.user("child_sup"))
    assert client_as("worker_b").get(f"/protection/cases/{case.pk}/").status_code == 404
    assert not _reads("worker_b", "/protection/cases/").exists()


def test_the_read_log_is_for_supervisors_and_the_auditor_only(client_as, world):
    report = _first(Report, world.user("child_sup"))
    client_as("director_a").get(f"/protection/reports/{report.pk}/")
    page = client_as("child_sup").get("/audit/reads/")
    assert page.status_code == 200
    assert f"/protection/reports/{report.pk}/" in page.content.decode()
    auditor = client_as("auditor").get("/audit/reads/", {"username": "director_a"})
    assert f"/protection/reports/{report.pk}/" in auditor.content.decode()
    assert client_as("worker_a").get("/audit/reads/").status_code == 404
    assert client_as("worker_b").get("/audit/reads/").status_code == 404
