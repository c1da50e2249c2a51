"""The two database roles: print the grants, or check a live database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from shequ.audit.dbroles import grant_sql, runtime_role_problems


class Command(BaseCommand):
    help = (
        "`db_roles check`: connected as the application's runtime role, report what it may do "
        "that it should not (own tables, create, update or truncate the audit log, a disabled "
        "trigger); exit status 1 if anything. `db_roles grants OWNER RUNTIME`: print the SQL the "
        "owner runs after every migrate."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["check", "grants"])
        parser.add_argument("owner", nargs="?", default="shequ_owner")
        parser.add_argument("runtime", nargs="?", default="shequ_app")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "grants":
            for statement in grant_sql(owner=options["owner"], runtime=options["runtime"]):
                self.stdout.write(statement + ";")
            return
        if connection.vendor != "postgresql":
            raise CommandError("db_roles check needs PostgreSQL (DATABASE_URL)")
        problems = runtime_role_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"[{problem.code}] {problem.message}")
            raise CommandError(f"{len(problems)} problem(s) with the runtime database role")
        self.stdout.write("the runtime database role owns nothing and cannot alter the audit log")
