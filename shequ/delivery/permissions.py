"""Who may do what in service delivery: the rules, written once.

A service record: the author (who still records services in the community) and the supervisors
in reach may correct or delete it; nobody may while it is locked: a record of a closed (结项)
project is part of an accepted result. A case or a group: its worker or a supervisor in reach
handles it (stages, sessions' measures, interventions); case notes are read by them and by roles
holding case.view_notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import covers
from shequ.core.capabilities import Capabilities, state
from shequ.core.errors import Conflict
from shequ.delivery.models import Case, Group, ServiceRecord
from shequ.projects.models import Stage

RECORD = Perm.SERVICE_RECORD
SUPERVISE = Perm.CASE_SUPERVISE
NOTES = Perm.CASE_VIEW_NOTES


@dataclass(frozen=True)
class RecordCaps(Capabilities):
    edit: bool = False
    delete: bool = False
    locked: bool = state()


def record_locked(record: ServiceRecord) -> bool:
    return record.project is not None and record.project.stage == Stage.CLOSED


def require_unlocked(record: ServiceRecord) -> None:
    if record_locked(record):
        raise Conflict(
            _("The project of this record is closed: its records can no longer change."),
            code="record_locked",
        )


def record_caps(user: Any, record: ServiceRecord) -> RecordCaps:
    code = record.division_id
    author = record.recorded_by_id == user.pk and covers(user, RECORD, code)
    may = author or covers(user, SUPERVISE, code)
    locked = record_locked(record)
    return RecordCaps(edit=may and not locked, delete=may and not locked, locked=locked)


@dataclass(frozen=True)
class CaseCaps(Capabilities):
    handle: bool = False  # advance, intervene, close, transfer: the worker or a supervisor
    supervise: bool = False
    read_notes: bool = False


def case_caps(user: Any, case: Case) -> CaseCaps:
    code = case.division_id
    supervise = covers(user, SUPERVISE, code)
    worker = case.worker_id == user.pk
    return CaseCaps(
        handle=worker or supervise,
        supervise=supervise,
        read_notes=worker or supervise or covers(user, NOTES, code),
    )


@dataclass(frozen=True)
class GroupCaps(Capabilities):
    record: bool = False  # sessions and attendance: who records services in the community
    handle: bool = False  # stages and measures: the group's worker or a supervisor


def group_caps(user: Any, group: Group) -> GroupCaps:
    code = group.division_id
    return GroupCaps(
        record=covers(user, RECORD, code),
        handle=group.worker_id == user.pk or covers(user, SUPERVISE, code),
    )
