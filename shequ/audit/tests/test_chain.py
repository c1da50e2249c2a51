"""The audit log's hash chain (issue 15, point 2): every entry is chained to the one before;
a changed, removed or inserted entry is found, by `audit_verify` and on the auditor's page."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from shequ.audit.models import AuditEntry
from shequ.audit.services import audit_chain_state, audit_record

pytestmark = pytest.mark.django_db


def _tamper(**changes):
    """Change an entry behind the application's back, as a database owner could."""
    target = AuditEntry.objects.order_by("-id")[3]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only"
            )
            AuditEntry.objects.filter(pk=target.pk).update(**changes)
            cursor.execute(
                "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only"
            )
    else:
        AuditEntry.objects.filter(pk=target.pk).update(**changes)
    return target


def _entries(n=6):
    for i in range(n):
        audit_record(actor=None, action="test.chain", detail={"i": i, "when": "2026-01-01"})


def test_every_entry_is_chained_to_the_one_before():
    _entries()
    rows = list(AuditEntry.objects.order_by("-id").values("prev_hash", "entry_hash")[:6])
    for newer, older in itertools.pairwise(rows):
        assert newer["prev_hash"] == older["entry_hash"] and len(newer["entry_hash"]) == 64
    state = audit_chain_state()
    assert state.intact  # the demo world's entries included
    assert state.head == AuditEntry.objects.order_by("-id").first().entry_hash
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert f"head {state.head}" in out.getvalue()


def test_a_changed_entry_is_the_first_broken_link():
    _entries()
    target = _tamper(object_repr="nothing happened")
    state = audit_chain_state()
    assert (state.broken_id, state.reason) == (target.pk, "changed")
    with pytest.raises(CommandError, match=f"broken at entry id {target.pk}: its content"):
        call_command("audit_verify")


def test_a_removed_entry_breaks_the_link_of_the_next():
    _entries()
    target = AuditEntry.objects.order_by("-id")[3]
    following = AuditEntry.objects.filter(id__gt=target.pk).order_by("id").first()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only"
            )
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [target.pk])
            cursor.execute(
                "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only"
            )
    else:
        AuditEntry.objects.filter(pk=target.pk)._raw_delete(connection.alias)
    state = audit_chain_state(latest=10)
    assert (state.broken_id, state.reason) == (following.pk, "link")


def test_a_rehashed_entry_still_breaks_the_next_link():
    """Recomputing a changed entry's own hash does not help: the next entry holds the old one."""
    from shequ.audit.chain import FIELDS, entry_hash

    _entries()
    target = AuditEntry.objects.order_by("-id")[3]
    values = {name: getattr(target, name) for name in FIELDS}
    values["object_repr"] = "forged"
    _tamper(object_repr="forged", entry_hash=entry_hash(values, target.prev_hash))
    state = audit_chain_state(latest=10)
    assert state.reason == "link" and state.broken_id > target.pk


def test_the_auditors_page_shows_the_chain_state(client_as):
    _entries()
    page = client_as("auditor").get("/audit/").content.decode()
    assert 'data-testid="chain-state" data-intact="1"' in page
    target = _tamper(action="test.forged")
    page = client_as("auditor").get("/audit/").content.decode()
    assert 'data-intact="0"' in page and str(target.pk) in page


def test_removing_the_oldest_entries_is_a_break_and_an_anchor_finds_a_rewrite():
    _entries()
    oldest = AuditEntry.objects.order_by("id").first()
    head = audit_chain_state().head
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only"
            )
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [oldest.pk])
            cursor.execute(
                "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only"
            )
    else:
        AuditEntry.objects.filter(pk=oldest.pk)._raw_delete(connection.alias)
    state = audit_chain_state()
    assert state.reason == "link" and state.broken_id > oldest.pk
    assert audit_chain_state(anchor=head).intact  # the newest part still holds
    with pytest.raises(CommandError, match="anchor"):
        call_command("audit_verify", anchor="0" * 64)
