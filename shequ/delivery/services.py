"""Writing service records. Casework, group sessions and activities all end here, so that the
rules (a date inside the project's period, a duration between a minute and 24 hours, a
participant living in a community the project covers) are checked in one place, and the
roll-ups stay exact."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.models import (
    ActivityParticipant,
    CaseIntervention,
    GroupAttendance,
    Method,
    ServiceRecord,
)
from shequ.delivery.permissions import may_record_in, record_caps, require_unlocked
from shequ.delivery.rollup import tally
from shequ.divisions.models import Division
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.projects.services import require_in_period
from shequ.residents.models import Resident

if TYPE_CHECKING:
    from shequ.accounts.models import User

RECORD = Perm.SERVICE_RECORD
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
    if resident is not None and headcount != 1:
        raise InvalidInput(_("A named resident counts once per record."), field="headcount")
    if project is not None and not project.coverage.filter(community_id=division.code).exists():
        raise InvalidInput(
            _("The project does not cover this community."),
            field="resident",
            code="outside_project",
        )


def require_servable(by: User, residents: Iterable[Resident], field: str = "resident") -> None:
    """A resident may be served in any community where the worker has reach, as long as the
    worker sees the person (a neighbour of the same street, a person who moved): the record
    keeps the division where the service happened. A merged-away record is never served."""
    wanted = {r.pk: r for r in residents}
    if not wanted:
        return
    if any(r.merged_into_id for r in wanted.values()):
        raise InvalidInput(
            _("This record was merged into another one: serve the record kept."),
            field=field,
            code="merged",
        )
    seen = set(
        Resident.objects.visible_to(by, Perm.RESIDENT_VIEW)
        .filter(pk__in=list(wanted))
        .values_list("pk", flat=True)
    )
    if len(seen) != len(wanted):
        raise InvalidInput(_("A resident is outside your reach."), field=field, code="out_of_reach")


def record_create(
    *,
    by: User,
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
    if not may_record_in(by, division.code):
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
    if resident is not None:
        require_servable(by, [resident])
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
            recorded_by=by if getattr(by, "pk", None) else None,
        )
        tally(record, +1)
        audit_record(actor=by, action="service.record", obj=record)
    return record


EDITABLE = ("project", "area", "served_on", "duration_minutes", "method", "headcount")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Give the reason for the change."), field="reason", code="required")
    return reason[:300]


def _state(record: ServiceRecord) -> dict[str, Any]:
    return {
        "project": record.project_id,
        "area": record.area_id,
        "served_on": record.served_on.isoformat(),
        "duration_minutes": record.duration_minutes,
        "method": record.method,
        "headcount": record.headcount,
    }


def _locked_copy(record: ServiceRecord) -> ServiceRecord:
    return (
        ServiceRecord.objects.select_for_update(of=("self",))
        .select_related("project", "division", "resident")
        .get(pk=record.pk)
    )


def record_update(*, by: User, record: ServiceRecord, reason: str, **changes: Any) -> ServiceRecord:
    """Correct a record (its date, duration, method, project...): its old contribution leaves
    the roll-ups and the new one enters, in one transaction, so every figure and drill-down
    shows the correction at once. Audited with the state before and after and the reason."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    reason = _reason(reason)
    with transaction.atomic():
        locked = _locked_copy(record)
        caps = record_caps(by, locked)
        require_unlocked(locked)
        caps.require("edit", _("You may not change this record."))
        before = _state(locked)
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
        require_unlocked(locked)  # nor moved into a closed project
        locked.save()
        tally(locked, +1)
        audit_record(
            actor=by,
            action="service.record_update",
            obj=locked,
            detail={"before": before, "after": _state(locked), "reason": reason},
        )
    return locked


# The table that links a record to where it was made, by the start of its `source`: a record
# has at most this one link (groups.py, cases.py), and the source is never edited.
LINKS: dict[str, type[ActivityParticipant | GroupAttendance | CaseIntervention]] = {
    "activity": ActivityParticipant,
    "group": GroupAttendance,
    "case": CaseIntervention,
}


def record_delete(*, by: User, record: ServiceRecord, reason: str) -> None:
    """Delete a mistaken record with its place in an activity's attendance, a group session's
    or a case's interventions; the figures lose it in the same transaction. Audited."""
    reason = _reason(reason)
    with transaction.atomic():
        locked = _locked_copy(record)
        require_unlocked(locked)
        record_caps(by, locked).require("delete", _("You may not delete this record."))
        audit_record(
            actor=by,
            action="service.record_delete",
            obj=locked,
            detail={"before": _state(locked), "resident": locked.resident_id, "reason": reason},
        )
        _drop(locked)


def _drop(locked: ServiceRecord) -> None:
    tally(locked, -1)
    link = LINKS.get(locked.source.partition(":")[0])
    if link is not None:
        link.objects.filter(record=locked).delete()
    ServiceRecord.objects.filter(pk=locked.pk).delete()


def attendance_drop(record: ServiceRecord) -> None:
    """In the caller's transaction: the record of an attendance taken back (a participant
    removed from an activity, an attendee from a session) leaves the figures with its link;
    refused while the record is locked. The caller decides who may and audits it."""
    locked = _locked_copy(record)
    require_unlocked(locked)
    _drop(locked)
