"""Who may do what to an organization: the rules, written once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.core.capabilities import Capabilities, ListCaps
from shequ.organizations.models import Organization

if TYPE_CHECKING:
    from shequ.access.rule import Actor

MANAGE = Perm.ORGANIZATION_MANAGE


@dataclass(frozen=True)
class OrganizationCaps(Capabilities):
    manage: bool = False  # change its details (moving it stays within the user's reach)


def may_manage_in(user: Actor, division_code: str) -> bool:
    """Add an organization in this division, or move one into it."""
    return covers(user, MANAGE, division_code)


def organization_caps(user: Actor, organization: Organization) -> OrganizationCaps:
    return OrganizationCaps(manage=may_manage_in(user, organization.division_id))


def organization_list_caps(user: Actor) -> ListCaps:
    """`create`: add an organization in some division in reach."""
    return ListCaps(create=has_perm(user, MANAGE))
