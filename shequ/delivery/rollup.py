"""Keeping the roll-ups exact: every write of a service record adds its contribution, every
delete (or the old state of an edit) takes it away, in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, F, When

from shequ.delivery.models import (
    PersonTimesMonth,
    ServedMonth,
    ServedProject,
    ServedYear,
    ServiceRecord,
)
from shequ.delivery.people_counts import Served, count, keys_only_held_by
from shequ.residents.models import Resident


def _month_key(record: ServiceRecord) -> dict[str, Any]:
    return {
        "month": record.served_on.replace(day=1),
        "division_code": record.division_id,
        "project_id": record.project_id or 0,
        "method": record.method,
        "area_id": record.area_id or 0,
    }


def _add(model: Any, key: dict[str, Any], amount: int) -> int:
    """Add `amount` (negative to take away) to the row of `key`; a row that reaches zero goes.
    Returns +1 when the row was created, -1 when it went, 0 otherwise."""
    if amount > 0:
        row, created = model.objects.select_for_update().get_or_create(
            **key, defaults={"person_times": amount}
        )
        if not created:
            model.objects.filter(pk=row.pk).update(person_times=F("person_times") + amount)
        return 1 if created else 0
    model.objects.filter(**key).update(person_times=F("person_times") + amount)
    deleted, _ = model.objects.filter(**key, person_times__lte=0).delete()
    return -1 if deleted else 0


def _served_year(record: ServiceRecord, amount: int) -> None:
    """The resident's row for the year and community: its person-times, and the bit of the
    month, set on the first service of the month and cleared when the month's last goes."""
    key: dict[str, Any] = {
        "resident_id": record.resident_id,
        "year": record.served_on.year,
        "division_code": record.division_id,
    }
    bit = 1 << (record.served_on.month - 1)
    if amount > 0:
        row, created = ServedYear.objects.select_for_update().get_or_create(
            **key, defaults={"person_times": amount, "months": bit}
        )
        if not created:
            ServedYear.objects.filter(pk=row.pk).update(
                person_times=F("person_times") + amount, months=F("months").bitor(bit)
            )
        return
    month_left = ServedMonth.objects.filter(
        resident_id=key["resident_id"],
        month=record.served_on.replace(day=1),
        division_code=record.division_id,
    )
    ServedYear.objects.filter(**key).update(
        person_times=F("person_times") + amount,
        # the bit was set (this record had set it); it goes with the month's last record
        months=Case(When(Exists(month_left), then=F("months")), default=F("months") - bit),
    )
    ServedYear.objects.filter(**key, person_times__lte=0).delete()


def tally(record: ServiceRecord, sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) the record's contribution to every roll-up (the month
    roll-up first: the year's month bit and the people counters read it)."""
    amount = record.headcount * sign
    key = _month_key(record)
    _add(PersonTimesMonth, key, amount)
    moved, people = 0, set()
    if record.resident_id:
        # one writer per resident at a time: the people counters read the resident's rows
        Resident.objects.select_for_update().filter(pk=record.resident_id).exists()
        moved = _add(ServedMonth, {**key, "resident_id": record.resident_id}, amount)
        if moved:
            people = keys_only_held_by(record.resident_id, Served(**key))
        _served_year(record, amount)
        if record.project_id:
            _add(
                ServedProject,
                {"project_id": record.project_id, "resident_id": record.resident_id},
                amount,
            )
    count(Served(**key), amount, people, moved)
