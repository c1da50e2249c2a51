"""The benchmark's dataset generator (bench/generate.py) fills the roll-ups in SQL, not through
the application: every row it writes must be the row the application keeps record by record.
On the demo world, the SQL fill gives back exactly the roll-ups the services maintained; with
random records added behind the application's back (residents served in one community or in
several), every people counter equals a brute-force count from the records and the Python
rebuild. PostgreSQL only (the generator's SQL is PostgreSQL's)."""

import importlib
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection

from shequ.delivery.models import Method, PeopleCount, ServiceRecord
from shequ.delivery.people_counts import rebuild
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.residents.models import Resident

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the generator's SQL is PostgreSQL's"
    ),
]


def generator() -> Any:
    """bench/generate.py (imported by name: the bench scripts are outside mypy's scope)."""
    return importlib.import_module("bench.generate")


def fill() -> None:
    generator().fill_rollups(report=False)


def rows(table: str) -> list[tuple[Any, ...]]:
    """Every row of a roll-up but its id, in a fixed order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (the generator's table names)
        names = [c.name for c in cursor.description]
        return sorted(
            tuple(v for n, v in zip(names, row, strict=True) if n != "id")
            for row in cursor.fetchall()
        )


def brute_force() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    """People served and person-times per key, counted from the records: each record in
    every division above its community, in its year, quarter and month, for all services, its
    method, its area and its project; its resident (if named) once, its headcount added."""
    people: dict[tuple[str, str, str, str], set[int]] = defaultdict(set)
    times: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for r in ServiceRecord.objects.all():
        day = r.served_on
        periods = [str(day.year), f"{day.year}Q{(day.month + 2) // 3}", f"{day:%Y-%m}"]
        dims = [("", ""), ("m", r.method)]
        dims += [("a", str(r.area_id))] if r.area_id else []
        dims += [("p", str(r.project_id))] if r.project_id else []
        for digits in (2, 4, 6, 9, 12):
            for period in periods:
                for dim, value in dims:
                    key = (r.division_id[:digits], period, dim, value)
                    times[key] += r.headcount
                    if r.resident_id:
                        people[key].add(r.resident_id)
    return {key: (len(people[key]), n) for key, n in times.items()}


def counters() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    counts = {}
    for c in PeopleCount.objects.all():
        assert c.level == len(c.prefix) and (c.people > 0 or c.person_times > 0), c
        counts[(c.prefix, c.period, c.dim, c.value)] = (c.people, c.person_times)
    return counts


def test_the_sql_fill_gives_back_the_rollups_the_application_keeps(world):
    assert ServiceRecord.objects.exclude(resident=None).exists()
    tables = generator().ROLLUP_TABLES
    kept = {table: rows(table) for table in tables}
    assert all(kept.values())
    fill()
    for table in tables:
        assert rows(table) == kept[table], table


def test_every_people_counter_of_the_sql_fill_equals_the_records(world):
    rng = random.Random(8)
    residents = list(Resident.objects.values_list("pk", "division_id"))
    communities = sorted({code for _pk, code in residents})
    projects = [*ServiceProject.objects.values_list("pk", flat=True), None]
    areas = [*ServiceArea.objects.values_list("pk", flat=True), None]
    assert len(communities) >= 2 and len(projects) >= 2
    records = []
    for _ in range(400):
        resident, home = rng.choice(residents)
        # half at home; the other half anywhere: residents served in several communities
        community = home if rng.random() < 0.5 else rng.choice(communities)
        records.append(
            ServiceRecord(
                division_id=community,
                resident_id=resident,
                method=rng.choice(Method.values),
                project_id=rng.choice(projects),
                area_id=rng.choice(areas),
                served_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 700)),
                duration_minutes=60,
                headcount=1,
            )
        )
    for _ in range(100):  # headcounts of people not named
        records.append(
            ServiceRecord(
                division_id=rng.choice(communities),
                method=rng.choice(Method.values),
                project_id=rng.choice(projects),
                area_id=rng.choice(areas),
                served_on=date(2025, 1, 1) + timedelta(days=rng.randint(0, 700)),
                duration_minutes=60,
                headcount=rng.randint(2, 30),
            )
        )
    ServiceRecord.objects.bulk_create(records)  # behind the application's back: no roll-up
    fill()
    expected = brute_force()
    assert len(expected) > 1000
    assert counters() == expected
    # the generated counters also equal the Python recount of the month roll-up
    rebuild()
    assert counters() == expected
