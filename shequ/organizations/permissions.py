"""Who may do what to an organization: the rules, written once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shequ.access.perms import Perm
from shequ.access.rule import covers
from shequ.core.capabilities import Capabilities
from shequ.organizations.models import Organization

MANAGE = Perm.ORGANIZATION_MANAGE


@dataclass(frozen=True)
class OrganizationCaps(Capabilities):
    manage: bool = False  # change its details (moving it stays within the user's reach)


def organization_caps(user: Any, organization: Organization) -> OrganizationCaps:
    return OrganizationCaps(manage=covers(user, MANAGE, organization.division_id))
