"""The people counters (distinct residents per division, period and dimension) equal a
brute-force count of the records after any sequence of creations, edits and deletions."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ.delivery.models import PeopleCount, ServiceRecord
from shequ.delivery.people_counts import (
    LEVELS,
    rebuild,
    served_counts,
)
from shequ.delivery.services import record_create, record_delete, record_update
from shequ.figures.periods import period_keys
from shequ.projects.models import ServiceProject
from shequ.residents.models import Resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def brute_force() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    """Every counter, straight from the records: (people, person-times) per key."""
    people = defaultdict(set)
    times: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for r in ServiceRecord.objects.all():
        dims = [("", ""), ("m", r.method)]
        if r.area_id:
            dims.append(("a", str(r.area_id)))
        if r.project_id:
            dims.append(("p", str(r.project_id)))
        for level in LEVELS:
            for period in period_keys(r.served_on):
                for dim, value in dims:
                    key = (r.division_id[:level], period, dim, value)
                    times[key] += r.headcount
                    if r.resident_id:
                        people[key].add(r.resident_id)
    return {key: (len(people[key]), n) for key, n in times.items()}


def counters() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    found = {}
    for c in PeopleCount.objects.all():
        assert c.people > 0 or c.person_times > 0, c  # an empty counter goes
        found[(c.prefix, c.period, c.dim, c.value)] = (c.people, c.person_times)
    return found


def test_period_keys():
    assert period_keys(date(2026, 5, 1)) == ("2026", "2026Q2", "2026-05")
    assert period_keys(date(2026, 12, 31)) == ("2026", "2026Q4", "2026-12")


def test_the_demo_counters_are_exact_and_a_rebuild_gives_the_same(world):
    assert counters() == brute_force()
    assert rebuild() == len(brute_force())
    assert counters() == brute_force()


DAY0 = date(2025, 11, 1)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    records=st.lists(
        st.tuples(
            st.integers(0, 2),  # who (2: a headcount of three, no one named)
            st.integers(0, 150),  # day
            st.sampled_from(["case", "group", "activity"]),
            st.sampled_from(["community_a", "community_b"]),
            st.booleans(),  # under the project (with its service area)
        ),
        min_size=1,
        max_size=10,
    ),
    edits=st.lists(
        st.tuples(
            st.integers(0, 9),
            st.sampled_from(["delete", "move", "method", "headcount"]),
            st.integers(0, 150),
        ),
        max_size=4,
    ),
)
def test_counters_equal_a_brute_force_count(world, records, edits):
    """Records across two communities, months, quarters and a year boundary, with and without
    the project and its area; then moved in time, changed in method, deleted."""
    from django.db import transaction

    project = ServiceProject.objects.get(number="NG-2026-001")
    area = project.areas.first()
    people = {
        key: list(
            Resident.objects.filter(
                merged_into__isnull=True, division__code=world.division(key).code
            )[:2]
        )
        for key in ("community_a", "community_b")
    }
    agency = world.user("agency")

    def day_of(offset, in_project):
        return (project.start_date if in_project else DAY0) + timedelta(days=offset)

    sid = transaction.savepoint()
    try:
        made: list[ServiceRecord | None] = [
            record_create(
                by=agency,
                division=world.division(community),
                method=method,
                served_on=day_of(day, in_project),
                duration_minutes=30,
                resident=people[community][who] if who < 2 else None,
                headcount=1 if who < 2 else 3,
                project=project if in_project else None,
                area=area if in_project else None,
            )
            for who, day, method, community, in_project in records
        ]
        for index, action, day in edits:
            if index >= len(made) or made[index] is None:
                continue
            record = made[index]
            if action == "delete":
                record_delete(by=agency, reason="correction", record=record)
                made[index] = None
            elif action == "move":
                made[index] = record_update(
                    by=agency,
                    reason="correction",
                    record=record,
                    served_on=day_of(day, bool(record.project_id)),
                )
            elif action == "method":
                made[index] = record_update(
                    by=agency, reason="correction", record=record, method="activity"
                )
            elif record.resident_id is None:
                made[index] = record_update(
                    by=agency, reason="correction", record=record, headcount=record.headcount + 2
                )
        assert counters() == brute_force()
    finally:
        transaction.savepoint_rollback(sid)


def test_the_reader(world):
    project = ServiceProject.objects.get(number="NG-2026-001")
    year = str(date.today().year)
    last_year = str(date.today().year - 1)
    expected = brute_force()

    def expect(key, which):
        return expected.get(key, (0, 0))[which]

    found = served_counts("220102", [year, last_year], dims=True, child_level=9)
    for which, name in enumerate(("people", "person_times")):
        counts = found[name]
        assert counts.totals == {
            year: expect(("220102", year, "", ""), which),
            last_year: expect(("220102", last_year, "", ""), which),
        }
        assert counts.totals[year] > 0
        for dim in ("m", "a", "p"):
            assert counts.by[dim] == {
                value: n[which]
                for (p, t, d, value), n in expected.items()
                if (p, t, d) == ("220102", year, dim)
            }
        assert counts.by["p"][str(project.pk)] > 0
        assert counts.children == {
            p: n[which]
            for (p, t, d, v), n in expected.items()
            if t == year and d == "" and len(p) == 9 and p.startswith("220102")
        }
    community = served_counts("220102001", [year], child_level=12)["people"]
    assert community.children == {
        p: n[0]
        for (p, t, d, v), n in expected.items()
        if t == year and d == "" and len(p) == 12 and p.startswith("220102001")
    }
    assert community.by == {"m": {}, "a": {}, "p": {}}  # no dimensions asked for
