"""Helpers for tests that know no app: the query-count check for list pages and endpoints (the
demo world and the API client, which know the whole project, are in `shequ/testing.py`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any


def captured_sql(call: Callable[[], Any]) -> list[str]:
    """The SQL statements `call()` runs, in order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    return [q["sql"] for q in queries.captured_queries]


def _shape(sql: str) -> str:
    """A statement with its literals and id lists blanked, so that a diff shows the statements
    that were added, not the ones whose values changed."""
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\bIN \([^)]*\)", "IN (...)", sql)
    return re.sub(r"\b\d+\b", "N", sql)


def assert_constant_queries(
    call: Callable[[], Any] | dict[str, Callable[[], Any]], grow: Callable[[], Any]
) -> int:
    """A list page or endpoint runs the same number of queries however many rows it shows:
    `call()` runs, `grow()` adds rows (as many again as there were, say), `call()` runs
    again. On a difference the failure prints the statements added or removed (literals
    blanked): the N+1 is the repeated line. A first, uncounted run warms the caches (the
    user's grants, the catalogues). `call` may be a dict of named calls (the API list and the
    page of the same rows), each counted on its own. Returns the count (the largest of the
    calls), for a test that also bounds it."""
    calls = call if isinstance(call, dict) else {"": call}
    for each in calls.values():
        each()
    before = {name: captured_sql(each) for name, each in calls.items()}
    grow()
    failures = []
    for name, each in calls.items():
        after = captured_sql(each)
        if len(after) == len(before[name]):
            continue
        diff = "\n".join(
            difflib.unified_diff(
                [_shape(q) for q in before[name]],
                [_shape(q) for q in after],
                "before",
                "after",
                lineterm="",
                n=0,
            )
        )
        label = f"{name}: " if name else ""
        failures.append(
            f"{label}{len(before[name])} queries before, {len(after)} after adding rows:\n{diff}"
        )
    if failures:
        raise AssertionError("\n\n".join(failures))
    return max(len(sql) for sql in before.values())


def assert_not_in_reach(answer: tuple[int, Any], field: str) -> None:
    """An API answer to an id in the body that is missing or out of reach: 400 `out_of_reach`
    on that field, with the one message (in Chinese, the default language) for both."""
    status, body = answer
    assert status == 400, body
    assert (body["code"], body["field"]) == ("out_of_reach", field), body
    assert body["message"] == "未找到，或不在您的权限范围内。"
