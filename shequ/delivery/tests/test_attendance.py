"""Attendance after the fact: a participant added to or taken off an activity already recorded,
an attendee to or from a group session already held, from their pages; every change moves the
figures in the same transaction (compared with a brute-force count of the records)."""

import pytest

from shequ.audit.models import AuditEntry
from shequ.delivery.figures import served_figures
from shequ.delivery.models import Activity, Group, ServiceRecord
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db

A, B = "220102001001", "220102001002"


def figures(day):
    found = served_figures(prefix=A, start=day, end=day)
    return found.people_served, found.person_times


def brute(day):
    records = ServiceRecord.objects.filter(division__code__startswith=A, served_on=day)
    return len({r.resident_id for r in records if r.resident_id}), sum(r.headcount for r in records)


def unserved(code, day):
    """A resident of the community with no service on that day."""
    return (
        Resident.objects.filter(division_id=code, merged_into__isnull=True)
        .exclude(service_records__served_on=day)
        .earliest("pk")
    )


@pytest.fixture
def activity():
    return Activity.objects.get(theme="重阳节敬老游园会")


def test_a_participant_is_added_to_an_existing_activity_and_counted(client_as, activity):
    day = activity.held_on
    person = unserved(A, day)
    people, times = figures(day)
    url = f"/delivery/activities/{activity.pk}/"
    page = client_as("worker_a").get(url).content.decode()
    assert 'data-testid="add-participant"' in page and f"/pick/resident/?within={A}" in page
    response = client_as("worker_a").post(url, {"action": "add", "resident": person.pk})
    assert response.status_code == 302
    assert activity.participants.filter(resident=person).exists()
    assert figures(day) == (people + 1, times + 1) == brute(day)
    record = ServiceRecord.objects.get(resident=person, source=f"activity:{activity.pk}")
    assert record.served_on == day and record.duration_minutes == activity.duration_minutes
    assert AuditEntry.objects.filter(action="activity.participant_add").exists()
    # twice is refused, next to the field
    again = client_as("worker_a").post(url, {"action": "add", "resident": person.pk})
    assert again.status_code == 400 and person.name in again.content.decode()
    assert figures(day) == (people + 1, times + 1)


def test_a_participant_is_taken_off_and_the_figures_follow(client_as, activity):
    day = activity.held_on
    _people, times = figures(day)
    link = activity.participants.select_related("resident").first()
    url = f"/delivery/activities/{activity.pk}/"
    response = client_as("worker_a").post(url, {"action": "remove", "resident": link.resident_id})
    assert response.status_code == 302
    assert not activity.participants.filter(resident_id=link.resident_id).exists()
    assert not ServiceRecord.objects.filter(pk=link.record_id).exists()
    assert figures(day) == brute(day)
    assert figures(day)[1] == times - 1
    assert AuditEntry.objects.filter(action="activity.participant_remove").exists()


def test_a_person_out_of_reach_is_refused_and_nothing_moves(client_as, activity):
    day = activity.held_on
    before = figures(day), activity.participants.count()
    stranger = unserved("220103001001", day)  # 宽城区: outside worker_a's reach
    url = f"/delivery/activities/{activity.pk}/"
    response = client_as("worker_a").post(url, {"action": "add", "resident": stranger.pk})
    assert response.status_code == 400
    assert (figures(day), activity.participants.count()) == before


def test_a_worker_of_another_community_gets_404(client_as, activity):
    person = unserved(A, activity.held_on)
    url = f"/delivery/activities/{activity.pk}/"
    assert client_as("worker_b").get(url).status_code == 404
    assert client_as("worker_b").post(
        url, {"action": "add", "resident": person.pk}
    ).status_code == (404)
    assert not activity.participants.filter(resident=person).exists()


@pytest.fixture
def session():
    group = Group.objects.get(name="银龄互助小组")
    return group.sessions.filter(held=True).order_by("-held_on").first()


def test_an_attendee_is_added_to_a_held_session_and_counted(client_as, session):
    day = session.held_on
    url = f"/delivery/groups/{session.group_id}/sessions/{session.pk}/"
    attending = set(session.attendance.values_list("resident_id", flat=True))
    absent = session.group.members.exclude(resident_id__in=attending).first()
    assert absent is not None  # the demo's last session missed some members
    before = figures(day)
    page = client_as("worker_a").get(url)
    assert page.status_code == 200 and absent.resident.name in page.content.decode()
    response = client_as("worker_a").post(url, {"action": "add", "resident": absent.resident_id})
    assert response.status_code == 302
    assert session.attendance.filter(resident_id=absent.resident_id).exists()
    assert figures(day) == brute(day) and figures(day)[1] == before[1] + 1
    response = client_as("worker_a").post(url, {"action": "remove", "resident": absent.resident_id})
    assert response.status_code == 302
    assert figures(day) == before == brute(day)


def test_only_members_attend_and_only_held_sessions_change(client_as, session):
    url = f"/delivery/groups/{session.group_id}/sessions/{session.pk}/"
    outsider = unserved(A, session.held_on)
    response = client_as("worker_a").post(url, {"action": "add", "resident": outsider.pk})
    assert response.status_code == 400
    planned = session.group.sessions.filter(held=False).first()
    assert (
        client_as("worker_a")
        .get(f"/delivery/groups/{session.group_id}/sessions/{planned.pk}/")
        .status_code
        == 404
    )
    assert client_as("worker_b").get(url).status_code == 404
