"""Merging two records of one person, for service delivery: every service record moves through
the roll-ups (its contribution leaves the old person's rows and enters the kept person's), so
that people served counts the person once at every level and period at once.

One person attends an activity or a group session once: where both records attended the same
one, the merged-away record's attendance goes with its service record. One person is a
member of a group once."""

from __future__ import annotations

from typing import Any

from shequ.delivery.models import (
    ActivityParticipant,
    Case,
    GroupAttendance,
    GroupMember,
    ServiceRecord,
)
from shequ.delivery.rollup import tally
from shequ.residents.merging import move_simple, move_unique, register_merge_handler
from shequ.residents.models import Resident


def _drop_double_attendance(model: Any, within: str, keep: Resident, remove: Resident) -> int:
    held = model.objects.filter(resident=keep).values(within)
    doubles = list(model.objects.filter(resident=remove, **{f"{within}__in": held}))
    for link in doubles:
        record = ServiceRecord.objects.select_for_update().get(pk=link.record_id)
        tally(record, -1)
        link.delete()
        record.delete()
    return len(doubles)


@register_merge_handler(
    "delivery.ServiceRecord.resident",
    "delivery.ActivityParticipant.resident",
    "delivery.GroupAttendance.resident",
    "delivery.GroupMember.resident",
    "delivery.Case.client",
    order=50,
)
def move_delivery(keep: Resident, remove: Resident) -> int:
    _drop_double_attendance(ActivityParticipant, "activity", keep, remove)
    _drop_double_attendance(GroupAttendance, "session", keep, remove)
    moved = move_simple(ActivityParticipant, "resident", keep, remove)
    moved += move_simple(GroupAttendance, "resident", keep, remove)
    moved += move_unique(GroupMember, "resident", "group", keep, remove)
    moved += move_simple(Case, "client", keep, remove)
    for record in ServiceRecord.objects.select_for_update().filter(resident=remove):
        tally(record, -1)
        record.resident = keep
        record.save(update_fields=["resident", "updated_at"])
        tally(record, +1)
        moved += 1
    return moved
