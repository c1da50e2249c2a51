"""Every audit action is shown in words: each action a service writes has a label, and the
audit page shows the label, never the code, with a filter that lists the labelled actions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shequ.audit.actions import ACTION_LABELS
from shequ.audit.services import audit_record

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""action=["']([a-z_]+\.[a-z_.]+)["']""")


def _actions_in_code() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= set(LITERAL.findall(path.read_text()))
    return found


def test_every_action_written_in_the_code_has_a_label():
    actions = _actions_in_code()
    assert len(actions) > 80  # the scan finds them
    assert actions - set(ACTION_LABELS) == set()


@pytest.mark.django_db
def test_the_audit_page_shows_words_and_filters_by_labelled_actions(client_as, world):
    audit_record(actor=world.user("worker_a"), action="placement.journal_approve")
    page = client_as("auditor").get("/audit/", {"action": "placement.journal_approve"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "周志审核通过" in html
    assert ">placement.journal_approve<" not in html
    assert '<select name="action"' in html
    assert page.context["page"].paginator.count >= 1
    assert all(e.action == "placement.journal_approve" for e in page.context["page"])
