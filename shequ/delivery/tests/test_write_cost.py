"""A service record's delete is no dearer than its create (issue 21, point 4): both move the
same roll-ups; the delete must not add a query per link table or per cascade."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.delivery.services import record_create, record_delete
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db

A = "220102001001"


@pytest.mark.parametrize("named", [True, False])
def test_a_delete_runs_no_more_queries_than_a_create(world, named):
    worker = world.user("worker_a")
    person = Resident.objects.filter(division_id=A, merged_into__isnull=True).first()
    fields = {"resident": person} if named else {"headcount": 20}
    day = date.today() - timedelta(days=1)
    record_create(  # the first of the day: the next create and delete move the counters alike
        by=worker,
        division=world.division("community_a"),
        method="activity",
        served_on=day,
        duration_minutes=30,
        **fields,
    )
    with CaptureQueriesContext(connection) as created:
        record = record_create(
            by=worker,
            division=world.division("community_a"),
            method="activity",
            served_on=day,
            duration_minutes=30,
            **fields,
        )
    with CaptureQueriesContext(connection) as deleted:
        record_delete(by=worker, record=record, reason="typed twice")
    assert len(deleted.captured_queries) <= len(created.captured_queries), (
        len(deleted.captured_queries),
        len(created.captured_queries),
    )


def test_the_database_still_refuses_a_record_deleted_under_its_link(world):
    """The link tables no longer make Django look before a delete: the foreign key is the guard."""
    from django.db import IntegrityError, transaction

    from shequ.delivery.groups import activity_hold
    from shequ.delivery.models import ActivityParticipant, ServiceRecord

    worker = world.user("worker_a")
    person = Resident.objects.filter(division_id=A, merged_into__isnull=True).first()
    assert person is not None
    activity_hold(
        by=worker,
        division=world.division("community_a"),
        theme="读书会",
        place="活动室",
        held_on=date.today() - timedelta(days=1),
        duration_minutes=60,
        participants=[person],
    )
    link = ActivityParticipant.objects.get(resident=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecord.objects.filter(pk=link.record_id).delete()
        connection.check_constraints()
    record_delete(by=worker, record=ServiceRecord.objects.get(pk=link.record_id), reason="mistake")
    assert not ActivityParticipant.objects.filter(pk=link.pk).exists()
    connection.check_constraints()
