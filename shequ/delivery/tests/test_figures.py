"""People served and person-times are exact, compared with a brute-force count of the records."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.figures import FULL_YEAR, served_figures, split_period, year_masks
from shequ.delivery.metrics import served_for_project
from shequ.delivery.models import ServedMonth, ServiceRecord
from shequ.delivery.services import record_create, record_delete, record_update
from shequ.projects.models import ServiceProject
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def setup(world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    residents = list(  # residents the demo has not served yet
        Resident.objects.filter(
            division_id="220102001001", merged_into__isnull=True, service_records__isnull=True
        )[:6]
    )
    return world, project, residents


def add(world, project, resident, day, method="case", headcount=1, community="community_a"):
    return record_create(
        by=world.user("agency"),
        division=world.division(community),
        method=method,
        served_on=day,
        duration_minutes=60,
        resident=resident,
        headcount=headcount,
        project=project,
    )


def brute(prefix, start, end, project_id=None):
    records = ServiceRecord.objects.filter(
        division__code__startswith=prefix, served_on__range=(start, end)
    )
    if project_id:
        records = records.filter(project_id=project_id)
    people = len({r.resident_id for r in records if r.resident_id})
    return people, sum(r.headcount for r in records)


def test_the_same_resident_in_a_case_a_group_and_an_activity_in_one_month(setup):
    world, project, residents = setup
    day = date.today().replace(day=1)
    end = day + timedelta(days=27)
    before = served_figures(prefix="220102", start=day, end=end, project_id=project.pk)
    group_before = served_figures(prefix="220102", start=day, end=end, method="group")
    for method in ("case", "group", "activity"):
        add(world, project, residents[0], day, method=method)
    add(world, project, None, day, method="activity", headcount=40)
    figures = served_figures(prefix="220102", start=day, end=end, project_id=project.pk)
    assert figures.people_served - before.people_served == 1
    assert figures.person_times - before.person_times == 43
    assert (figures.people_served, figures.person_times) == brute("220102", day, end, project.pk)
    by_method = served_figures(prefix="220102", start=day, end=end, method="group")
    assert by_method.people_served - group_before.people_served == 1
    assert by_method.person_times - group_before.person_times == 1


def test_a_record_moved_to_another_project_moves_its_numbers(setup):
    world, project, residents = setup
    other = ServiceProject.objects.create(
        division=project.division,
        number="MOVE-1",
        name="另一个项目",
        buyer=project.buyer,
        provider=project.provider,
        start_date=project.start_date,
        end_date=project.end_date,
    )
    other.coverage.create(community_id="220102001001")
    day = date.today() - timedelta(days=3)
    record = add(world, project, residents[1], day)
    before = served_figures(
        prefix="220102", start=project.start_date, end=date.today(), project_id=project.pk
    )
    record_update(by=world.user("agency"), reason="correction", record=record, project=other)
    after = served_figures(
        prefix="220102", start=project.start_date, end=date.today(), project_id=project.pk
    )
    moved = served_figures(
        prefix="220102", start=project.start_date, end=date.today(), project_id=other.pk
    )
    assert after.person_times == before.person_times - 1
    assert (moved.people_served, moved.person_times) == (1, 1)


def test_a_deleted_record_leaves_no_trace_in_the_numbers(setup):
    world, project, residents = setup
    day = date.today() - timedelta(days=1)
    before = served_figures(prefix="220102001001", start=day, end=day)
    record = add(world, project, residents[2], day)
    after = served_figures(prefix="220102001001", start=day, end=day)
    assert after.person_times == before.person_times + 1
    record_delete(by=world.user("agency"), reason="correction", record=record)
    assert served_figures(prefix="220102001001", start=day, end=day) == before
    assert not ServedMonth.objects.filter(resident_id=residents[2].pk).exists()


def test_split_period():
    assert split_period(date(2026, 1, 1), date(2026, 12, 31)) == (
        [],
        (date(2026, 1, 1), date(2026, 12, 31)),
    )
    assert split_period(date(2026, 1, 15), date(2026, 3, 10)) == (
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 10))],
        (date(2026, 2, 1), date(2026, 2, 28)),
    )
    assert split_period(date(2026, 2, 3), date(2026, 2, 20)) == (
        [(date(2026, 2, 3), date(2026, 2, 20))],
        None,
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.tuples(
            st.integers(0, 5), st.integers(0, 150), st.sampled_from(["case", "group", "activity"])
        ),
        min_size=1,
        max_size=12,
    ),
    window=st.tuples(st.integers(0, 150), st.integers(0, 150)),
)
def test_figures_equal_a_brute_force_count(setup, records, window):
    from django.db import transaction

    world, project, residents = setup
    start_of = max(project.start_date, date.today() - timedelta(days=150))
    sid = transaction.savepoint()
    try:
        for who, offset, method in records:
            add(world, project, residents[who], start_of + timedelta(days=offset), method=method)
        low, high = sorted(window)
        start, end = start_of + timedelta(days=low), start_of + timedelta(days=high)
        figures = served_figures(prefix="220102", start=start, end=end, project_id=project.pk)
        assert (figures.people_served, figures.person_times) == brute(
            "220102", start, end, project.pk
        )
        whole = served_for_project(project)  # the project roll-up, for the project page
        assert (whole.people_served, whole.person_times) == brute(
            "", project.start_date, project.end_date, project.pk
        )
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
        ({"served_on": date(2000, 1, 1)}, "served_on"),
        ({"community": "xinfa"}, "resident"),
    ],
)
def test_bad_input_saves_nothing(setup, kwargs, field):
    world, project, residents = setup
    before = ServiceRecord.objects.count()
    data = {
        "by": world.user("agency"),
        "division": world.division("community_a"),
        "method": "case",
        "served_on": date.today(),
        "duration_minutes": 60,
        "resident": residents[0],
        "project": project,
    }
    if "community" in kwargs:
        data["division"] = world.division(kwargs.pop("community"))
        data["resident"] = None
        data["by"] = world.user("worker_k")
    data.update(kwargs)
    with pytest.raises(InvalidInput) as info:
        record_create(**data)
    assert info.value.field == field
    assert ServiceRecord.objects.count() == before


def test_another_communitys_worker_cannot_record_here(setup):
    world, project, residents = setup
    with pytest.raises(Forbidden):
        record_create(
            by=world.user("worker_b"),
            division=world.division("community_a"),
            method="case",
            served_on=date.today(),
            duration_minutes=30,
            resident=residents[0],
            project=project,
        )


def test_project_indicators_compute_people_served_and_person_times(setup, api_as):
    world, project, residents = setup

    def actuals():
        status, rows = api_as("district").get(f"projects/{project.pk}/indicators")
        assert status == 200
        return {row["metric"]: row for row in rows}

    before = actuals()
    for person in residents[:3]:
        add(world, project, person, date.today())
    add(world, project, residents[0], date.today(), method="group")
    after = actuals()
    assert int(after["people_served"]["actual"]) - int(before["people_served"]["actual"]) == 3
    assert int(after["person_times"]["actual"]) - int(before["person_times"]["actual"]) == 4
    assert float(after["people_served"]["remaining"]) == 300 - int(after["people_served"]["actual"])


def test_year_masks_of_a_span_of_whole_months():
    assert year_masks((date(2024, 12, 1), date(2026, 2, 28))) == {
        2024: 0b100000000000,
        2025: FULL_YEAR,
        2026: 0b11,
    }
    assert year_masks((date(2025, 3, 1), date(2025, 3, 31))) == {2025: 0b100}


DAY0 = date(2024, 11, 1)
SPAN = (date.today() - DAY0).days


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(0, SPAN),
            st.sampled_from(["case", "group", "activity"]),
            st.sampled_from(["community_a", "community_b"]),
        ),
        min_size=1,
        max_size=14,
    ),
    edits=st.lists(st.tuples(st.integers(0, 13), st.booleans(), st.integers(0, SPAN)), max_size=4),
    window=st.one_of(
        st.tuples(st.integers(0, SPAN), st.integers(0, SPAN)),
        st.sampled_from([(2025, 2025), (2025, 2026)]),  # whole years
    ),
    method=st.sampled_from([None, "group"]),
)
def test_district_figures_over_years_equal_a_brute_force_count(
    setup, records, edits, window, method
):
    """Without a project: whole months come from the year roll-up and its month bits; records
    are also edited (moved in time) and deleted, and the figures stay exact."""
    from django.db import transaction

    world, _project, _residents = setup
    people = {
        "community_a": list(
            Resident.objects.filter(merged_into__isnull=True, division_id="220102001001")[:6]
        ),
        "community_b": list(
            Resident.objects.filter(merged_into__isnull=True, division_id="220102001002")[:6]
        ),
    }
    agency = world.user("agency")
    sid = transaction.savepoint()
    try:
        made: list[ServiceRecord | None] = [
            record_create(
                by=agency,
                division=world.division(community),
                method=m,
                served_on=DAY0 + timedelta(days=offset),
                duration_minutes=30,
                resident=people[community][who],
            )
            for who, offset, m, community in records
        ]
        for index, delete, offset in edits:
            if index < len(made) and made[index] is not None:
                if delete:
                    record_delete(by=agency, reason="correction", record=made[index])
                    made[index] = None
                else:
                    record_update(
                        by=agency,
                        reason="correction",
                        record=made[index],
                        served_on=DAY0 + timedelta(days=offset),
                    )
        if isinstance(window[0], int) and window[0] > 2000:
            start, end = date(window[0], 1, 1), date(window[1], 12, 31)
        else:
            low, high = sorted(window)
            start, end = DAY0 + timedelta(days=low), DAY0 + timedelta(days=high)
        figures = served_figures(prefix="220102", start=start, end=end, method=method)
        rows = ServiceRecord.objects.filter(
            division__code__startswith="220102", served_on__range=(start, end)
        )
        if method:
            rows = rows.filter(method=method)
        expected = (
            len({r.resident_id for r in rows if r.resident_id}),
            sum(r.headcount for r in rows),
        )
        assert (figures.people_served, figures.person_times) == expected
    finally:
        transaction.savepoint_rollback(sid)
