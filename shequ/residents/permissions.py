"""Who may do what to a resident and to a transfer (迁出/迁入): the rules, written once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.core.capabilities import Capabilities, state
from shequ.residents.models import Household, Resident, ResidentTransfer, TransferStatus

if TYPE_CHECKING:
    from shequ.access.rule import Actor

MANAGE = Perm.RESIDENT_MANAGE
TRANSFER = Perm.RESIDENT_TRANSFER


@dataclass(frozen=True)
class ResidentCaps(Capabilities):
    view_identifiers: bool = False
    manage: bool = False
    assess: bool = False
    merge: bool = False
    transfer: bool = False  # move the person out to another community (迁出)


def may_manage_in(user: Actor, division_code: str | None) -> bool:
    """Register, change and group into households the residents of this community."""
    return covers(user, MANAGE, division_code)


def may_see_identifiers_in(user: Actor, division_code: str | None) -> bool:
    """The full ID number and phone of the residents of this community."""
    return covers(user, Perm.RESIDENT_VIEW_IDENTIFIERS, division_code)


def may_assess_in(user: Actor, division_code: str | None) -> bool:
    """Record needs assessments in this community."""
    return covers(user, Perm.NEEDS_MANAGE, division_code)


def resident_caps(user: Actor, resident: Resident) -> ResidentCaps:
    code = resident.division_id
    living = resident.merged_into_id is None
    manage = may_manage_in(user, code) and living
    return ResidentCaps(
        view_identifiers=may_see_identifiers_in(user, code),
        manage=manage,
        assess=may_assess_in(user, code) and living,
        merge=covers(user, Perm.RESIDENT_MERGE, code) and living,
        transfer=covers(user, TRANSFER, code) and living,
    )


@dataclass(frozen=True)
class HouseholdCaps(Capabilities):
    manage: bool = False  # add and remove members, name the head


def household_caps(user: Actor, household: Household) -> HouseholdCaps:
    return HouseholdCaps(manage=may_manage_in(user, household.division_id))


@dataclass(frozen=True)
class TransferCaps(Capabilities):
    approve: bool = False
    refuse: bool = False
    cancel: bool = False
    see_person: bool = state()  # the registry's record, not only what the requester typed


def transfer_caps(user: Actor, transfer: ResidentTransfer) -> TransferCaps:
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


@dataclass(frozen=True)
class ResidentListCaps(Capabilities):
    """What the user may do with the registry as a whole (each record is checked again)."""

    create: bool = False  # register residents and households
    import_file: bool = False
    export: bool = False
    merge: bool = False  # review possible duplicates
    view_identifiers: bool = state()  # somewhere in reach: may ask for an unmasked export


def resident_list_caps(user: Actor) -> ResidentListCaps:
    return ResidentListCaps(
        create=has_perm(user, MANAGE),
        import_file=has_perm(user, Perm.RESIDENT_IMPORT),
        export=has_perm(user, Perm.RESIDENT_EXPORT),
        merge=has_perm(user, Perm.RESIDENT_MERGE),
        view_identifiers=has_perm(user, Perm.RESIDENT_VIEW_IDENTIFIERS),
    )
