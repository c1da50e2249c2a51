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
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, Q

from shequ.delivery.models import PeopleCount, ServedMonth

LEVELS = (2, 4, 6, 9, 12)


def period_keys(month: date) -> tuple[str, str, str]:
    """The year, quarter and month keys of a month."""
    return (
        f"{month.year}",
        f"{month.year}Q{(month.month - 1) // 3 + 1}",
        f"{month.year}-{month.month:02d}",
    )


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


def resident_changed(resident_id: int, row: Served, sign: int) -> None:
    """`row` was just added to (sign=+1) or removed from (sign=-1) the month roll-up of the
    resident: the counters that only this row held move by `sign`."""
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
    _add(row.keys() - held, sign)


def _add(keys: Iterable[tuple[str, str, str, str]], sign: int) -> None:
    """Add `sign` to the counters of `keys` in one statement (an upsert on both databases);
    counters that reach zero go."""
    keys = sorted(keys)
    if not keys:
        return
    table = connection.ops.quote_name(PeopleCount._meta.db_table)
    if sign > 0:
        values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(keys))
        params: list[Any] = []
        for prefix, period, dim, value in keys:
            params += [prefix, len(prefix), period, dim, value, 1]
        with connection.cursor() as cursor:
            cursor.execute(  # the table's name from the model, every value a parameter
                f"INSERT INTO {table} (prefix, level, period, dim, value, people) "  # noqa: S608
                f"VALUES {values} ON CONFLICT (prefix, period, dim, value) "
                f"DO UPDATE SET people = {table}.people + 1",
                params,
            )
        return
    for batch in _batches(keys, 200):
        match = Q()
        for prefix, period, dim, value in batch:
            match |= Q(prefix=prefix, period=period, dim=dim, value=value)
        PeopleCount.objects.filter(match).update(people=F("people") - 1)
        PeopleCount.objects.filter(match, people__lte=0).delete()


def _batches(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class PeopleServed:
    """What the counters say of a division: people served in each period asked for, and for
    the first period per value of each dimension ("m", "a", "p") and per division one level
    down."""

    totals: dict[str, int]
    by: dict[str, dict[str, int]]
    children: dict[str, int]


def people_served(prefix: str, periods: list[str], child_level: int = 0) -> PeopleServed:
    """One query: the totals of the periods, with the first period's dimensions and (when
    `child_level` is given, in digits) its divisions one level down."""
    first = periods[0]
    wanted = Q(prefix=prefix, period__in=periods, dim="")
    if child_level:
        wanted |= Q(prefix=prefix, period=first) & ~Q(dim="")
        wanted |= Q(period=first, dim="", level=child_level, prefix__startswith=prefix)
    found = PeopleServed(
        totals={p: 0 for p in periods}, by={"m": {}, "a": {}, "p": {}}, children={}
    )
    rows = PeopleCount.objects.filter(wanted).values_list(
        "prefix", "period", "dim", "value", "people"
    )
    for row_prefix, period, dim, value, people in rows:
        if row_prefix == prefix and dim == "":
            found.totals[period] = people
        elif row_prefix == prefix:
            found.by[dim][value] = people
        if dim == "" and len(row_prefix) == child_level and period == first:
            found.children[row_prefix] = people
    return found


def rebuild() -> int:
    """Recount every counter from the month roll-up (after a bulk load or a migration); the
    number of counters written."""
    from collections import Counter

    counts: Counter[tuple[str, str, str, str]] = Counter()
    current: int | None = None
    keys: set[tuple[str, str, str, str]] = set()
    rows = (
        ServedMonth.objects.order_by("resident_id")
        .values_list("resident_id", "month", "division_code", "project_id", "method", "area_id")
        .iterator(chunk_size=10000)
    )
    for resident_id, month, division_code, project_id, method, area_id in rows:
        if resident_id != current:
            counts.update(keys)
            current, keys = resident_id, set()
        keys |= Served(month, division_code, project_id, method, area_id).keys()
    counts.update(keys)
    PeopleCount.objects.all().delete()
    PeopleCount.objects.bulk_create(
        (
            PeopleCount(prefix=p, level=len(p), period=t, dim=d, value=v, people=n)
            for (p, t, d, v), n in counts.items()
        ),
        batch_size=5000,
    )
    return len(counts)
