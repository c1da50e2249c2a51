"""The two PostgreSQL roles of a deployment (docs/deployment.md): an owner that runs the
migrations and owns every table, and a runtime role, the application's, that owns nothing and
may only read and write rows. On the audit table the runtime role may SELECT, INSERT and DELETE
(the trigger refuses deleting entries younger than the retention period): no UPDATE, no
TRUNCATE, no TRIGGER, and no DDL, which only an owner can do (DISABLE/DROP TRIGGER, ALTER,
DROP, GRANT)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

AUDIT_TABLE = "audit_auditentry"
TRIGGER = "audit_auditentry_append_only"


def grant_sql(*, owner: str, runtime: str, schema: str = "public") -> list[str]:
    """The statements the owner runs (after every `migrate`) to give the runtime role exactly
    what it needs."""
    q = connection.ops.quote_name
    o, r, s = q(owner), q(runtime), q(schema)
    return [
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        f"REVOKE UPDATE ON {s}.{AUDIT_TABLE} FROM {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA {s} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {r}",
    ]


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def runtime_role_problems(schema: str = "public") -> list[Problem]:
    """What is wrong with the role this connection uses, as a runtime role (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    problems: list[Problem] = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        if superuser:
            problems.append(Problem("superuser", f"the role {user} is a superuser"))
        cursor.execute(
            "SELECT count(*), min(tablename) FROM pg_tables "
            "WHERE schemaname = %s AND pg_has_role(current_user, tableowner, 'USAGE')",
            [schema],
        )
        owned, example = cursor.fetchone()
        if owned:
            problems.append(
                Problem(
                    "owns_tables",
                    f"the role {user} owns (or is a member of the owner of) {owned} table(s), "
                    f"e.g. {example}: it can ALTER, DISABLE TRIGGER and DROP them",
                )
            )
        cursor.execute("SELECT has_schema_privilege(current_user, %s, 'CREATE')", [schema])
        if cursor.fetchone()[0]:
            problems.append(Problem("schema_create", f"the role {user} may CREATE in {schema}"))
        table = f"{schema}.{AUDIT_TABLE}"
        for privilege in ("UPDATE", "TRUNCATE", "TRIGGER", "REFERENCES"):
            cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [table, privilege])
            if cursor.fetchone()[0]:
                problems.append(
                    Problem(
                        f"audit_{privilege.lower()}",
                        f"the role {user} has {privilege} on {AUDIT_TABLE}",
                    )
                )
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass",
            [TRIGGER, table],
        )
        row = cursor.fetchone()
        if row is None or row[0] == "D":
            problems.append(
                Problem("trigger", f"the append-only trigger {TRIGGER} is missing or disabled")
            )
    return problems
