"""Who may correct or delete a service record: the rules, written once.

The author (who still records services in the community) and the supervisors in reach may
correct or delete a record; nobody may while the record is locked: a record of a closed (结项)
project is part of an accepted result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shequ.accounts.perms import Perm
from shequ.core.access import covers
from shequ.core.capabilities import Capabilities, state
from shequ.core.errors import Conflict
from shequ.delivery.models import ServiceRecord
from shequ.projects.models import Stage

RECORD = Perm.SERVICE_RECORD
SUPERVISE = Perm.CASE_SUPERVISE


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
