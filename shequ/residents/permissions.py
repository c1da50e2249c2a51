"""Who may do what to a resident and to a transfer (迁出/迁入): the rules, written once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shequ.access.perms import Perm
from shequ.access.rule import covers
from shequ.core.capabilities import Capabilities, state
from shequ.residents.models import Household, Resident, ResidentTransfer, TransferStatus

MANAGE = Perm.RESIDENT_MANAGE
TRANSFER = Perm.RESIDENT_TRANSFER


@dataclass(frozen=True)
class ResidentCaps(Capabilities):
    view_identifiers: bool = False
    manage: bool = False
    assess: bool = False
    merge: bool = False
    transfer: bool = False  # move the person out to another community (迁出)


def resident_caps(user: Any, resident: Resident) -> ResidentCaps:
    code = resident.division_id
    living = resident.merged_into_id is None
    manage = covers(user, MANAGE, code) and living
    return ResidentCaps(
        view_identifiers=covers(user, Perm.RESIDENT_VIEW_IDENTIFIERS, code),
        manage=manage,
        assess=covers(user, Perm.NEEDS_MANAGE, code) and living,
        merge=covers(user, Perm.RESIDENT_MERGE, code) and living,
        transfer=covers(user, TRANSFER, code) and living,
    )


@dataclass(frozen=True)
class HouseholdCaps(Capabilities):
    manage: bool = False  # add and remove members, name the head


def household_caps(user: Any, household: Household) -> HouseholdCaps:
    return HouseholdCaps(manage=covers(user, MANAGE, household.division_id))


@dataclass(frozen=True)
class TransferCaps(Capabilities):
    approve: bool = False
    refuse: bool = False
    cancel: bool = False
    see_person: bool = state()  # the registry's record, not only what the requester typed


def transfer_caps(user: Any, transfer: ResidentTransfer) -> TransferCaps:
    """The sending community's worker (or an officer over it) decides; the requester may
    withdraw a pending request. Only those who reach the person's current community see who it
    is before approval."""
    pending = transfer.status == TransferStatus.PENDING
    sending = covers(user, TRANSFER, transfer.from_division_id)
    return TransferCaps(
        approve=pending and sending,
        refuse=pending and sending,
        cancel=pending and transfer.requested_by_id == user.pk,
        see_person=covers(user, Perm.RESIDENT_VIEW, transfer.resident.division_id),
    )
