"""Correcting and deleting a service record (API): the author and the supervisors in reach,
a reason every time, the figures changed in the same transaction, a closed project's records
locked, an activity's attendance leaving with its record."""

from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.delivery.figures import served_figures
from shequ.delivery.groups import activity_hold
from shequ.delivery.models import ActivityParticipant, ServiceRecord
from shequ.delivery.services import record_create
from shequ.projects.models import ServiceProject, Stage
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

A = "220102001001"
YESTERDAY = date.today() - timedelta(days=1)
LAST_WEEK = date.today() - timedelta(days=7)


def figures(day):
    return served_figures(prefix=A, start=day, end=day)


@pytest.fixture
def record(world):
    person = Resident.objects.filter(division_id=A, merged_into__isnull=True).first()
    return record_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        method="activity",
        served_on=YESTERDAY,
        duration_minutes=45,
        resident=person,
    )


def test_who_may_correct_a_record(api_as, record):
    status, body = api_as("worker_a").get(f"service-records/{record.pk}")
    assert status == 200 and set(body["actions"]) == {"edit", "delete"}
    assert body["recorded_by"] and body["locked"] is False
    assert api_as("worker_b").get(f"service-records/{record.pk}")[0] == 404
    assert api_as("worker_b").patch(f"service-records/{record.pk}", {"reason": "x"})[0] == 404
    assert api_as("worker_b").delete(f"service-records/{record.pk}", {"reason": "x"})[0] == 404
    # another worker who records in the community, neither author nor supervisor
    status, body = api_as("agency").get(f"service-records/{record.pk}")
    assert status == 200 and body["actions"] == []
    status, _b = api_as("agency").patch(
        f"service-records/{record.pk}", {"reason": "typo", "duration_minutes": 30}
    )
    assert status == 403
    assert set(api_as("supervisor").get(f"service-records/{record.pk}")[1]["actions"]) == {
        "edit",
        "delete",
    }


def test_a_correction_needs_a_reason_and_moves_the_figures(api_as, record):
    yesterday, last_week = figures(YESTERDAY), figures(LAST_WEEK)
    status, body = api_as("worker_a").patch(
        f"service-records/{record.pk}", {"reason": "  ", "served_on": LAST_WEEK.isoformat()}
    )
    assert status == 400 and body["field"] == "reason"
    assert figures(YESTERDAY) == yesterday
    status, body = api_as("worker_a").patch(
        f"service-records/{record.pk}",
        {"reason": "记错日期", "served_on": LAST_WEEK.isoformat(), "duration_minutes": 90},
    )
    assert status == 200 and body["served_on"] == LAST_WEEK.isoformat()
    assert body["duration_minutes"] == 90
    assert figures(YESTERDAY).person_times == yesterday.person_times - 1
    assert figures(LAST_WEEK).person_times == last_week.person_times + 1
    entry = AuditEntry.objects.get(action="service.record_update", object_id=str(record.pk))
    assert entry.detail["reason"] == "记错日期"
    assert entry.detail["before"]["served_on"] == YESTERDAY.isoformat()
    assert entry.detail["after"]["duration_minutes"] == 90
    status, body = api_as("worker_a").patch(
        f"service-records/{record.pk}", {"reason": "x", "method": "séance"}
    )
    assert status == 400 and body["field"] == "method"


def test_a_deleted_record_leaves_every_figure_at_once(api_as, record):
    before = figures(YESTERDAY)
    assert api_as("worker_a").delete(f"service-records/{record.pk}")[0] == 422  # no reason
    status, _b = api_as("worker_a").delete(f"service-records/{record.pk}", {"reason": "录重了"})
    assert status == 204
    assert not ServiceRecord.objects.filter(pk=record.pk).exists()
    assert figures(YESTERDAY).person_times == before.person_times - 1
    entry = AuditEntry.objects.get(action="service.record_delete", object_id=str(record.pk))
    assert entry.detail["reason"] == "录重了" and entry.detail["before"]["duration_minutes"] == 45
    assert api_as("worker_a").get(f"service-records/{record.pk}")[0] == 404


def test_a_record_of_a_closed_project_is_locked(api_as, world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    day = max(project.start_date, date.today() - timedelta(days=3))
    person = Resident.objects.filter(division_id=A, merged_into__isnull=True).first()
    record = record_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        method="case",
        served_on=day,
        duration_minutes=30,
        resident=person,
        project=project,
    )
    ServiceProject.objects.filter(pk=project.pk).update(stage=Stage.CLOSED)
    status, body = api_as("worker_a").get(f"service-records/{record.pk}")
    assert body["locked"] is True and body["actions"] == []
    status, body = api_as("worker_a").patch(
        f"service-records/{record.pk}", {"reason": "x", "duration_minutes": 20}
    )
    assert status == 409 and body["code"] == "record_locked"
    status, body = api_as("worker_a").delete(f"service-records/{record.pk}", {"reason": "x"})
    assert status == 409
    assert ServiceRecord.objects.filter(pk=record.pk, duration_minutes=30).exists()


def test_deleting_an_attendance_record_takes_the_attendance_with_it(api_as, world):
    people = list(Resident.objects.filter(division_id=A, merged_into__isnull=True)[:2])
    activity = activity_hold(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        theme="重阳节茶话会",
        place="活动室",
        held_on=YESTERDAY,
        duration_minutes=60,
        participants=people,
    )
    link = ActivityParticipant.objects.filter(activity=activity).first()
    status, _b = api_as("worker_a").delete(
        f"service-records/{link.record_id}", {"reason": "未到场"}
    )
    assert status == 204
    assert activity.participants.count() == 1
