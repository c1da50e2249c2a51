"""The workbench kept per user (shequ/workbench/cache.py): read again without a query while no
record changes; stale the moment one does, whatever path wrote it; reading pages (the access
log, the session) keeps it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.protection.models import Report, ReportStatus
from shequ.protection.services import report_accept
from shequ.workbench.cache import counts, kept_items_for
from shequ.workbench.registry import items_for
from shequ.workbench.tests.test_workbench import _report

pytestmark = pytest.mark.django_db


def references(items):
    return {i.link for i in items if i.kind == "protection.acknowledge"}


def queries(call):
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return result, len(ctx.captured_queries)


def test_kept_until_a_record_changes_by_any_path(world):
    director = world.user("director_a")
    report = _report(world)
    link = f"/protection/reports/{report.pk}/"
    first, _n = queries(lambda: kept_items_for(director))
    assert link in references(first)
    again, n = queries(lambda: kept_items_for(director))
    assert n == 0 and again == first == items_for(director)

    report_accept(by=director, report=report)  # through the service
    assert link not in references(kept_items_for(director))

    other = _report(world, n=1)
    assert f"/protection/reports/{other.pk}/" in references(kept_items_for(director))
    Report.objects.filter(pk=other.pk).update(status=ReportStatus.ACCEPTED)  # no signal
    assert f"/protection/reports/{other.pk}/" not in references(kept_items_for(director))


def test_reading_pages_keeps_it(client_as, world):
    client = client_as("director_a")
    client.get("/")
    _page, n = queries(lambda: kept_items_for(world.user("director_a")))
    assert n <= 1  # the account itself may be read; no source is asked again
    assert client.get("/protection/").status_code == 200  # logged reads, a session
    _page, n = queries(lambda: kept_items_for(world.user("director_a")))
    assert n <= 1


def test_which_writes_count():
    assert counts('INSERT INTO "protection_report" ("id") VALUES (1)')
    assert counts('UPDATE "accounts_rolegrant" SET "revoked_at" = NULL')
    assert counts('DELETE FROM "volunteers_signup" WHERE id = 3')
    assert not counts('INSERT INTO "audit_auditentry" ("id") VALUES (1)')
    assert not counts('UPDATE "django_session" SET "expire_date" = now()')
    assert not counts('SELECT * FROM "protection_report"')


@pytest.mark.django_db(transaction=True)
def test_a_commit_after_many_writes_says_so_once(monkeypatch):
    """An import writes thousands of rows in one transaction: each write tells the cache, and
    the commit once more, not once per statement it held."""
    from django.db import transaction

    from shequ.workbench import cache as workbench_cache

    told = []
    original = workbench_cache.records_changed

    def counting() -> None:
        told.append(1)
        original()

    monkeypatch.setattr(workbench_cache, "records_changed", counting)
    with transaction.atomic():
        for n in range(50):
            Report.objects.filter(pk=-n).update(status=ReportStatus.ACCEPTED)
        assert len(told) == 50
    assert len(told) == 51  # and once more when it commits
    Report.objects.filter(pk=-1).update(status=ReportStatus.ACCEPTED)  # outside a transaction
    assert len(told) == 52
