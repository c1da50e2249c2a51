import io

import pytest
from openpyxl import load_workbook

from shequ.audit.models import AuditEntry
from shequ.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "district", "worker_a", "volunteer"])
def test_the_audit_log_does_not_exist_for_anyone_but_the_auditor(client_as, username):
    client = client_as(username)
    for url in ["/audit/", "/audit/export.xlsx", "/audit/export.csv"]:
        assert client.get(url).status_code == 404
    assert (
        client.post("/audit/purge/", {"older_than_days": 365, "confirm": "on"}).status_code == 404
    )


def test_auditor_browses_and_filters(client_as, world):
    audit_record(actor=world.user("worker_a"), action="filter.me", division_code="220102001001")
    client = client_as("auditor")
    page = client.get("/audit/", {"action": "filter.me"})
    assert page.status_code == 200
    assert "filter.me" in page.content.decode()
    assert (
        "login"
        not in page.content.decode().split('data-testid="audit-table"')[1].split("</table>")[0]
    )


def test_export_is_excel_with_formulas_neutralized_and_is_audited(client_as, world):
    audit_record(actor=world.user("worker_a"), action="=HYPERLINK(1)", division_code="220102001001")
    response = client_as("auditor").get("/audit/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "'=HYPERLINK(1)" in values
    assert AuditEntry.objects.filter(action="audit.export", actor_username="auditor").exists()


def test_csv_export(client_as):
    response = client_as("auditor").get("/audit/export.csv")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert b"action" in response.content.splitlines()[0]


def test_purge_refuses_young_entries(client_as):
    client = client_as("auditor")
    before = AuditEntry.objects.count()
    response = client.post("/audit/purge/", {"older_than_days": 30, "confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert AuditEntry.objects.count() >= before


def test_the_division_filter_is_picked_by_name_not_typed(client_as, world):
    """The audit log's division filter is the searchable picker: the auditor finds 东岭社区 by
    its name and the list narrows to it; a code outside the picker's reach is a form error."""
    from shequ.audit.services import audit_record

    worker = world.user("worker_a")
    audit_record(actor=worker, action="filter.me", division_code="220102001001")
    audit_record(actor=worker, action="filter.me", division_code="220102001002")
    auditor = client_as("auditor")
    page = auditor.get("/audit/").content.decode()
    assert "/pick/division/" in page
    found = auditor.get("/pick/division/", {"q": "东岭"}).json()["results"]
    code = next(r["value"] for r in found if r["label"] == "东岭社区")
    listed = auditor.get("/audit/", {"division": code}).content.decode()
    cell = '<td class="hide-mobile">{}</td>'
    assert cell.format(code) in listed and cell.format("220102001002") not in listed
    refused = auditor.get("/audit/", {"division": "999999999999"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Choose from the list" in body or "请从列表中选择" in body
