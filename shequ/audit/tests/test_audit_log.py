from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from conftest import DEMO_PASSWORD
from shequ.access.perms import Perm
from shequ.audit.models import AuditEntry
from shequ.audit.services import audit_purge, audit_record
from shequ.core.errors import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db


def latest(action):
    return AuditEntry.objects.filter(action=action).latest("at")


def test_login_failed_login_and_logout_are_recorded_with_ip():
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "worker_a", "password": "Wrong-1-pass"})
    failed = latest("login.failed")
    assert failed.actor_username == "worker_a" and failed.outcome == "failure"
    assert failed.ip == "10.1.2.3" and failed.channel == "web"
    client.post("/accounts/login/", {"username": "worker_a", "password": DEMO_PASSWORD})
    ok = latest("login")
    assert ok.actor.username == "worker_a" and ok.outcome == "success"
    client.post("/accounts/logout/")
    assert latest("logout").actor_username == "worker_a"


def test_a_write_records_who_what_which_object_and_division(world):
    from shequ.organizations.services import organization_create

    org = organization_create(
        by=world.user("district"),
        division=world.division("community_b"),
        name="西岭社区舞蹈队",
        kind="self_organization",
    )
    entry = latest("organization.create")
    assert entry.actor_username == "district"
    assert entry.object_type == "organizations.organization" and entry.object_id == str(org.pk)
    assert entry.division_code == "220102001002"
    assert entry.channel == "shell"


def test_entries_cannot_be_edited_or_deleted_through_the_application(world):
    entry = audit_record(actor=world.user("worker_a"), action="test.entry")
    entry.action = "changed"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_purge_keeps_the_retention_period_and_records_itself(world):
    auditor = world.user("auditor")
    with pytest.raises(InvalidInput):
        audit_purge(by=auditor, older_than_days=179)
    with pytest.raises(Forbidden):
        audit_purge(by=world.user("secadmin"), older_than_days=365)
    old = AuditEntry.objects.create(
        at=timezone.now() - timedelta(days=400), action="ancient", outcome="success"
    )
    recent = audit_record(actor=auditor, action="recent")
    assert audit_purge(by=auditor, older_than_days=365) == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert latest(Perm.AUDIT_PURGE).detail == {
        "older_than_days": 365,
        "deleted": 1,
        "chain_start": AuditEntry.objects.order_by("id").first().prev_hash,
    }


def test_entries_are_written_with_their_change_or_not_at_all(world):
    from shequ.core.errors import Conflict
    from shequ.organizations.services import organization_create

    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        organization_create(
            by=world.user("district"),
            division=world.division("nanguan"),
            name=world.org("agency").name,
            kind="agency",
        )
    assert AuditEntry.objects.count() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_update_and_young_delete(world):
    from django.db import DatabaseError, transaction

    entry = audit_record(actor=world.user("worker_a"), action="trigger.test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_username, channel, action, object_type, object_id,"
            " object_repr, division_code, outcome, detail, user_agent)"
            " VALUES (now() - interval '200 days', '', '', 'old', '', '', '', '', 'success', '{}', '')"
            " RETURNING id"
        )
        old_id = cursor.fetchone()[0]
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [old_id])
        assert cursor.rowcount == 1
    assert AuditEntry.objects.filter(pk=entry.pk, action="trigger.test").exists()
