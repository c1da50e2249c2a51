"""Merging two records of one person, for protection: the child's reports and cases follow the
person (a child is one child, whichever record a reporter found)."""

from __future__ import annotations

from shequ.protection.models import ProtectionCase, Report
from shequ.residents.merging import move_simple, register_merge_handler
from shequ.residents.models import Resident


@register_merge_handler("protection.Report.child", "protection.ProtectionCase.child", order=60)
def move_protection(keep: Resident, remove: Resident) -> int:
    return move_simple(Report, "child", keep, remove) + move_simple(
        ProtectionCase, "child", keep, remove
    )
