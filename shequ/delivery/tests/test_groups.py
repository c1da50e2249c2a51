from datetime import date

import pytest

from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.figures import served_figures
from shequ.delivery.groups import activity_hold, group_create, group_session_hold
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import indicator_progress
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def people():
    return list(Resident.objects.filter(division_id="220102001001", merged_into__isnull=True)[:4])


def test_a_session_records_each_attendee_and_moves_the_indicator(world, people):
    project = ServiceProject.objects.get(number="NG-2026-001")
    before = {r["metric"]: r["actual"] for r in indicator_progress(project)}
    group = group_create(
        by=world.user("agency"),
        division=world.division("community_a"),
        name="老年互助小组",
        goal="减少孤独感",
        members=people,
        project=project,
    )
    group_session_hold(
        by=world.user("agency"),
        group=group,
        held_on=date.today(),
        duration_minutes=90,
        attendees=people[:3],
    )
    after = {r["metric"]: r["actual"] for r in indicator_progress(project)}
    assert after["group_sessions"] == before["group_sessions"] + 1
    assert after["person_times"] == before["person_times"] + 3
    today = served_figures(
        prefix="220102001001", start=date.today(), end=date.today(), method="group"
    )
    assert today.people_served == 3


def test_only_members_attend(world, people):
    group = group_create(
        by=world.user("agency"),
        division=world.division("community_a"),
        name="小组",
        goal="目标",
        members=people[:2],
    )
    with pytest.raises(InvalidInput):
        group_session_hold(
            by=world.user("agency"),
            group=group,
            held_on=date.today(),
            duration_minutes=60,
            attendees=[people[3]],
        )


def test_an_activity_counts_participants_and_headcount(world, people):
    project = ServiceProject.objects.get(number="NG-2026-001")
    activity_hold(
        by=world.user("agency"),
        division=world.division("community_a"),
        theme="重阳节游园",
        place="社区广场",
        held_on=date.today(),
        duration_minutes=120,
        participants=people[:2],
        headcount=30,
        project=project,
    )
    figures = served_figures(
        prefix="220102001001", start=date.today(), end=date.today(), method="activity"
    )
    assert (figures.people_served, figures.person_times) == (2, 32)


def test_activities_outside_reach_or_period_are_refused(world, people):
    project = ServiceProject.objects.get(number="NG-2026-001")
    with pytest.raises(Forbidden):
        activity_hold(
            by=world.user("worker_b"),
            division=world.division("community_a"),
            theme="x",
            place="y",
            held_on=date.today(),
            duration_minutes=60,
            participants=[],
            headcount=5,
        )
    with pytest.raises(InvalidInput):
        activity_hold(
            by=world.user("agency"),
            division=world.division("community_a"),
            theme="x",
            place="y",
            held_on=date(2020, 1, 1),
            duration_minutes=60,
            participants=[],
            headcount=5,
            project=project,
        )
