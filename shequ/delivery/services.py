"""Writing service records. Casework, group sessions and activities all end here, so that the
rules (a date inside the project's period, a duration between a minute and 24 hours, a
participant living in a community the project covers) are checked in one place, and the
roll-ups stay exact."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.access import covers
from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.models import Method, ServiceRecord
from shequ.delivery.rollup import tally
from shequ.divisions.models import Division
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.projects.services import require_in_period
from shequ.residents.models import Resident

RECORD = "service.record"
MAX_MINUTES = 24 * 60


def check_occasion(
    *,
    project: ServiceProject | None,
    served_on: date,
    duration_minutes: int,
    field: str = "served_on",
) -> None:
    """A session, an activity or an intervention: a duration between 1 minute and 24 hours, a
    date not in the future and inside the project's period. Checked before anything is saved,
    even when nobody attended."""
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise InvalidInput(
            _("A duration is between 1 minute and 24 hours."),
            field="duration_minutes",
            code="duration",
        )
    if served_on > date.today():
        raise InvalidInput(_("The date is in the future."), field=field, code="future")
    require_in_period(project, served_on, field=field)


def _check(
    *,
    project: ServiceProject | None,
    division: Division,
    resident: Resident | None,
    served_on: date,
    duration_minutes: int,
    method: str,
    headcount: int,
) -> None:
    if method not in Method.values:
        raise InvalidInput(_("Unknown method."), field="method")
    check_occasion(project=project, served_on=served_on, duration_minutes=duration_minutes)
    if headcount < 1:
        raise InvalidInput(_("At least one person."), field="headcount")
    if resident is not None:
        if headcount != 1:
            raise InvalidInput(_("A named resident counts once per record."), field="headcount")
        if resident.division_id != division.code:
            raise InvalidInput(_("The resident lives in another community."), field="resident")
    if project is not None and not project.coverage.filter(community_id=division.code).exists():
        raise InvalidInput(
            _("The project does not cover this community."),
            field="resident",
            code="outside_project",
        )


def record_create(
    *,
    by: Any,
    division: Division,
    method: str,
    served_on: date,
    duration_minutes: int,
    resident: Resident | None = None,
    headcount: int = 1,
    project: ServiceProject | None = None,
    area: ServiceArea | None = None,
    source: str = "",
) -> ServiceRecord:
    if not covers(by, RECORD, division.code):
        raise Forbidden(_("You may not record services in this community."))
    _check(
        project=project,
        division=division,
        resident=resident,
        served_on=served_on,
        duration_minutes=duration_minutes,
        method=method,
        headcount=headcount,
    )
    with transaction.atomic():
        record = ServiceRecord.objects.create(
            division=division,
            resident=resident,
            headcount=headcount,
            project=project,
            area=area,
            method=method,
            served_on=served_on,
            duration_minutes=duration_minutes,
            source=source[:40],
        )
        tally(record, +1)
        audit_record(actor=by, action="service.record", obj=record)
    return record


EDITABLE = ("project", "area", "served_on", "duration_minutes", "method", "headcount")


def record_update(*, by: Any, record: ServiceRecord, **changes: Any) -> ServiceRecord:
    """Change a record (for example, move it to another project): its old contribution leaves
    the roll-ups and the new one enters, in one transaction."""
    if not covers(by, RECORD, record.division_id):
        raise Forbidden(_("You may not change this record."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        tally(locked, -1)
        for field, value in changes.items():
            setattr(locked, field, value)
        _check(
            project=locked.project,
            division=locked.division,
            resident=locked.resident,
            served_on=locked.served_on,
            duration_minutes=locked.duration_minutes,
            method=locked.method,
            headcount=locked.headcount,
        )
        locked.save()
        tally(locked, +1)
        audit_record(
            actor=by, action="service.record_update", obj=locked, detail={"fields": sorted(changes)}
        )
    return locked


def record_delete(*, by: Any, record: ServiceRecord) -> None:
    if not covers(by, RECORD, record.division_id):
        raise Forbidden(_("You may not delete this record."))
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        tally(locked, -1)
        audit_record(actor=by, action="service.record_delete", obj=locked)
        locked.delete()
