"""People served (distinct residents) per division, period and dimension, kept exact on every
write. Distinct counts do not add up (a resident served in January and in March is one person
in the quarter, and one in the district though served in two of its communities), so the
counters move only when a resident enters or leaves a (division, period, dimension): when the
month roll-up gains a resident's first row of a key (+1) or loses the last (-1), the resident's
other rows of that year say which counters change. Periods: the year, its quarters, its months;
divisions: every level of the code (province 2 digits, city 4, district 6, street 9,
community 12); dimensions: all services, by method, by service area, by project."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q

from shequ.delivery.models import PeopleCount, ServedMonth
from shequ.figures.periods import period_keys

LEVELS = (2, 4, 6, 9, 12)


@dataclass(frozen=True)
class Served:
    """One row of the month roll-up, as the counters see it."""

    month: date
    division_code: str
    project_id: int
    method: str
    area_id: int

    def dims(self) -> list[tuple[str, str]]:
        dims = [("", ""), ("m", self.method)]
        if self.area_id:
            dims.append(("a", str(self.area_id)))
        if self.project_id:
            dims.append(("p", str(self.project_id)))
        return dims

    def keys(self) -> set[tuple[str, str, str, str]]:
        """Every (prefix, period, dim, value) this row makes its resident count in."""
        return {
            (self.division_code[:level], period, dim, value)
            for level in LEVELS
            for period in period_keys(self.month)
            for dim, value in self.dims()
        }


def keys_only_held_by(resident_id: int, row: Served) -> set[tuple[str, str, str, str]]:
    """The keys of `row`, just added to or removed from the resident's month roll-up, that
    none of the resident's other rows of the year holds: the people counters that move."""
    others = [
        Served(*values)
        for values in ServedMonth.objects.filter(
            resident_id=resident_id,
            month__year=row.month.year,
        ).values_list("month", "division_code", "project_id", "method", "area_id")
    ]
    held: set[tuple[str, str, str, str]] = set()
    for other in others:
        if other != row:
            held |= other.keys()
    return row.keys() - held


def count(
    row: Served, person_times: int, people: set[tuple[str, str, str, str]], sign: int
) -> None:
    """A record of `row` was added (person_times > 0) or removed (< 0): every key of the row
    moves by its person-times, the keys in `people` by `sign` people, in one statement (an
    upsert on both databases); counters that reach zero go."""
    row_keys = row.keys()  # the people keys are among them
    keys = sorted(row_keys)
    table = connection.ops.quote_name(PeopleCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(keys))
    params: list[Any] = []
    for key in keys:
        prefix, period, dim, value = key
        params += [prefix, len(prefix), period, dim, value, sign if key in people else 0]
        params.append(person_times if key in row_keys else 0)
    with connection.cursor() as cursor:
        cursor.execute(  # the table's name from the model, every value a parameter
            f"INSERT INTO {table} "  # noqa: S608
            f"(prefix, level, period, dim, value, people, person_times) VALUES {values} "
            f"ON CONFLICT (prefix, period, dim, value) DO UPDATE SET "
            f"people = {table}.people + EXCLUDED.people, "
            f"person_times = {table}.person_times + EXCLUDED.person_times "
            f"RETURNING people, person_times",
            params,
        )
        emptied = any(people <= 0 and times <= 0 for people, times in cursor.fetchall())
    if not emptied:  # only a removal empties a counter; most leave them all above zero
        return
    for batch in _batches(keys, 200):
        match = Q()
        for prefix, period, dim, value in batch:
            match |= Q(prefix=prefix, period=period, dim=dim, value=value)
        PeopleCount.objects.filter(match, people__lte=0, person_times__lte=0).delete()


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Counts:
    """What the counters say of a division, for people or for person-times: the total of each
    period asked for and, for the first period, per value of each dimension ("m", "a", "p")
    and per division one level down."""

    totals: dict[str, int]
    by: dict[str, dict[str, int]] = field(default_factory=lambda: {"m": {}, "a": {}, "p": {}})
    children: dict[str, int] = field(default_factory=dict)


COUNTED = ("people", "person_times")


def served_counts(
    prefix: str, periods: list[str], *, dims: bool = False, child_level: int = 0
) -> dict[str, Counts]:
    """One query: people and person-times in the periods, with the first period's dimensions
    (`dims`) and its divisions one level down (`child_level` digits, when given)."""
    first = periods[0]
    wanted = Q(prefix=prefix, period__in=periods, dim="")
    if dims:
        wanted |= Q(prefix=prefix, period=first) & ~Q(dim="")
    if child_level:
        wanted |= Q(period=first, dim="", level=child_level, prefix__startswith=prefix)
    found = {name: Counts(totals={p: 0 for p in periods}) for name in COUNTED}
    rows = PeopleCount.objects.filter(wanted).values_list(
        "prefix", "period", "dim", "value", *COUNTED
    )
    for row_prefix, period, dim, value, *numbers in rows:
        for name, n in zip(COUNTED, numbers, strict=True):
            if row_prefix == prefix and dim == "":
                found[name].totals[period] = n
            elif row_prefix == prefix:
                found[name].by[dim][value] = n
            if dim == "" and len(row_prefix) == child_level and period == first:
                found[name].children[row_prefix] = n
    return found


def rebuild() -> int:
    """Recount every counter from the month roll-ups (after a bulk load or a migration): the
    people from ServedMonth, the person-times from PersonTimesMonth; the number of counters
    written."""
    from collections import Counter

    from shequ.delivery.models import PersonTimesMonth

    people: Counter[tuple[str, str, str, str]] = Counter()
    current: int | None = None
    keys: set[tuple[str, str, str, str]] = set()
    rows = (
        ServedMonth.objects.order_by("resident_id")
        .values_list("resident_id", "month", "division_code", "project_id", "method", "area_id")
        .iterator(chunk_size=10000)
    )
    for resident_id, month, division_code, project_id, method, area_id in rows:
        if resident_id != current:
            people.update(keys)
            current, keys = resident_id, set()
        keys |= Served(month, division_code, project_id, method, area_id).keys()
    people.update(keys)
    times: Counter[tuple[str, str, str, str]] = Counter()
    tallies = PersonTimesMonth.objects.values_list(
        "month", "division_code", "project_id", "method", "area_id", "person_times"
    ).iterator(chunk_size=10000)
    for month, division_code, project_id, method, area_id, n in tallies:
        row = Served(month, division_code, project_id, method, area_id)
        times.update(dict.fromkeys(row.keys(), n))
    PeopleCount.objects.all().delete()
    PeopleCount.objects.bulk_create(
        (
            PeopleCount(
                prefix=p, level=len(p), period=t, dim=d, value=v, people=people[key], person_times=n
            )
            for key, n in times.items()
            for p, t, d, v in [key]
        ),
        batch_size=5000,
    )
    return len(times)
