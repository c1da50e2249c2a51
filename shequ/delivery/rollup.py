"""Keeping the roll-ups exact: every write of a service record adds its contribution, every
delete (or the old state of an edit) takes it away, in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from shequ.delivery.models import (
    PersonTimesMonth,
    ServedMonth,
    ServedProject,
    ServedYear,
    ServiceRecord,
)


def _month_key(record: ServiceRecord) -> dict[str, Any]:
    return {
        "month": record.served_on.replace(day=1),
        "division_code": record.division_id,
        "project_id": record.project_id or 0,
        "method": record.method,
        "area_id": record.area_id or 0,
    }


def _add(model: Any, key: dict[str, Any], amount: int) -> None:
    """Add `amount` (negative to take away) to the row of `key`; a row that reaches zero goes."""
    if amount > 0:
        row, created = model.objects.select_for_update().get_or_create(
            **key, defaults={"person_times": amount}
        )
        if not created:
            model.objects.filter(pk=row.pk).update(person_times=F("person_times") + amount)
    else:
        model.objects.filter(**key).update(person_times=F("person_times") + amount)
        model.objects.filter(**key, person_times__lte=0).delete()


def tally(record: ServiceRecord, sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) the record's contribution to every roll-up."""
    amount = record.headcount * sign
    key = _month_key(record)
    _add(PersonTimesMonth, key, amount)
    if record.resident_id:
        _add(ServedMonth, {**key, "resident_id": record.resident_id}, amount)
        _add(
            ServedYear,
            {
                "resident_id": record.resident_id,
                "year": record.served_on.year,
                "division_code": record.division_id,
            },
            amount,
        )
        if record.project_id:
            _add(
                ServedProject,
                {"project_id": record.project_id, "resident_id": record.resident_id},
                amount,
            )
