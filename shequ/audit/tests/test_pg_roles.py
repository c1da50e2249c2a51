"""The two database roles on PostgreSQL (issue 15, point 2): the runtime role, given exactly
the grants of `db_roles grants`, cannot disable, drop, update, delete or truncate the audit log,
nor grant itself the right to; `db_roles check` and `check --deploy` tell a runtime role that
owns tables."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from shequ.audit.dbroles import grant_sql, runtime_role_problems
from shequ.audit.models import AuditEntry
from shequ.audit.services import audit_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roles are PostgreSQL's (DATABASE_URL)"
    ),
]

RUNTIME = "shequ_test_runtime"


@pytest.fixture
def runtime_role():
    """A runtime role with the documented grants; the test runs as it (SET ROLE), inside the
    test's transaction, so that everything is rolled back after."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {RUNTIME} NOLOGIN")
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        for statement in grant_sql(owner=owner, runtime=RUNTIME):
            cursor.execute(statement)
        cursor.execute(f"SET ROLE {RUNTIME}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def _refused(sql: str, params: list | None = None) -> str:
    with (
        pytest.raises(DatabaseError) as info,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params or [])
    return str(info.value)


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_auditentry_append_only ON audit_auditentry",
        "DROP TABLE audit_auditentry",
        "TRUNCATE audit_auditentry",
        "UPDATE audit_auditentry SET object_repr = 'x'",
        "ALTER TABLE audit_auditentry OWNER TO CURRENT_USER",
        "CREATE TABLE sneaky (id int)",
    ],
)
def test_the_runtime_role_cannot_switch_the_audit_log_off(runtime_role, sql):
    message = _refused(sql)
    assert "permission denied" in message or "must be owner" in message, message


@pytest.mark.parametrize("privilege", ["TRUNCATE", "UPDATE", "TRIGGER"])
def test_the_runtime_role_cannot_grant_itself_more(runtime_role, privilege):
    with connection.cursor() as cursor:
        # PostgreSQL answers a grant without the grant option with a warning, not an error
        cursor.execute(f"GRANT {privilege} ON audit_auditentry TO {RUNTIME}")
        cursor.execute(
            "SELECT has_table_privilege(current_user, 'audit_auditentry', %s)", [privilege]
        )
        assert cursor.fetchone()[0] is False
    if privilege == "TRUNCATE":
        assert "permission denied" in _refused("TRUNCATE audit_auditentry")


def test_the_runtime_role_cannot_delete_a_recent_entry_but_can_write(runtime_role):
    entry = audit_record(actor=None, action="test.runtime")  # INSERT works as the runtime role
    message = _refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert "append-only" in message
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_runtime_role_passes_the_live_check(runtime_role):
    assert runtime_role_problems() == []
    call_command("db_roles", "check")


def test_an_owner_as_runtime_role_is_reported_by_the_check_and_check_deploy():
    # the test database's own role owns every table (and is a superuser): exactly what not to do
    codes = {p.code for p in runtime_role_problems()}
    assert {"owns_tables", "superuser"} <= codes
    with pytest.raises(CommandError, match="problem"):
        call_command("db_roles", "check")
    from shequ.audit.checks import runtime_role_owns_nothing

    warnings = runtime_role_owns_nothing()
    assert any(w.id == "shequ.W011" and "owns" in w.msg for w in warnings)


def test_a_disabled_trigger_is_reported():
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")
    assert "trigger" in {p.code for p in runtime_role_problems()}
