"""Merging two records of one person, for resident self-organizations: a person is a member of
an organization once (where both records were members, the kept record's membership stays)."""

from __future__ import annotations

from shequ.community_orgs.models import Member
from shequ.residents.merging import move_unique, register_merge_handler
from shequ.residents.models import Resident


@register_merge_handler("community_orgs.Member.resident", order=60)
def move_memberships(keep: Resident, remove: Resident) -> int:
    return move_unique(Member, "resident", "organization", keep, remove)
