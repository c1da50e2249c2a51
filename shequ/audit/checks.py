"""`check --deploy`: on PostgreSQL, warn when the application's role owns tables (it could then
disable the audit log's trigger, drop it, or grant itself TRUNCATE)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def runtime_role_owns_nothing(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from django.db import connection

    from shequ.audit.dbroles import runtime_role_problems

    if connection.vendor != "postgresql":
        return []
    try:
        problems = runtime_role_problems()
    except Exception as exc:  # no database reachable at check time: say so, do not crash
        return [Warning(f"could not check the database role: {exc}", id="shequ.W010")]
    return [
        Warning(
            f"The application's database role is not a runtime role: {p.message}.",
            hint="Run migrations as an owner role and the application as a role that owns "
            "nothing: docs/deployment.md, 'Two database roles'; `python manage.py db_roles "
            "check` checks a live database.",
            id="shequ.W011",
        )
        for p in problems
    ]
