"""Who may do what to a resident self-organization (社区社会组织) and to a community's record:
the rules, written once.

A community-organization manager over the community registers, changes and incubates it; civil
affairs above it recognizes it as typical; who records services in the community records its
activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.community_orgs.models import CommunityOrganization
from shequ.core.capabilities import Capabilities, ListCaps
from shequ.divisions.models import Division

if TYPE_CHECKING:
    from shequ.access.rule import Actor

VIEW = Perm.COMMUNITY_ORG_VIEW
MANAGE = Perm.COMMUNITY_ORG_MANAGE
RECOGNIZE = Perm.COMMUNITY_ORG_RECOGNIZE


def may_manage_in(user: Actor, division_code: str | None) -> bool:
    """Register organizations in this community, change them, record the community's area."""
    return covers(user, MANAGE, division_code)


@dataclass(frozen=True)
class CommunityOrgCaps(Capabilities):
    manage: bool = False  # details, stages, members, mentors, documents, capacity
    recognize: bool = False  # as a typical organization (典型)
    record: bool = False  # its activities, as services of the community


def community_org_caps(user: Actor, organization: CommunityOrganization) -> CommunityOrgCaps:
    code = organization.division_id
    return CommunityOrgCaps(
        manage=may_manage_in(user, code),
        recognize=covers(user, RECOGNIZE, code),
        record=covers(user, Perm.SERVICE_RECORD, code),
    )


@dataclass(frozen=True)
class CommunityCaps(Capabilities):
    set_area: bool = False  # urban or rural: it decides the community's national target


def community_caps(user: Actor, community: Division) -> CommunityCaps:
    return CommunityCaps(set_area=may_manage_in(user, community.code))


def community_org_list_caps(user: Actor) -> ListCaps:
    """`create`: register an application in a community in reach."""
    return ListCaps(create=has_perm(user, MANAGE))
