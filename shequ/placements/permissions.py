"""Who may do what to a placement: the rules, written once.

The student's school (placement.manage over the school) and the placement managers over the
placement's division manage it; the student logs practicum hours; the school or the field
supervisor assigns the student to assist a community secretary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.rule import covers, has_perm, reach_organizations
from shequ.core.capabilities import Capabilities, state
from shequ.placements.models import MANAGE, SELF, VIEW, Placement

if TYPE_CHECKING:
    from shequ.access.rule import Actor


def is_student(user: Actor, placement: Placement) -> bool:
    return bool(user.pk) and placement.student.user_id == user.pk


@dataclass(frozen=True)
class PlacementCaps(Capabilities):
    manage: bool = False  # the school's side of the placement
    assign: bool = False  # assign the student to assist a community secretary
    log_hours: bool = False  # the student's own practicum log


def placement_caps(user: Actor, placement: Placement) -> PlacementCaps:
    manage = placement.student.school_id in reach_organizations(user, MANAGE) or covers(
        user, MANAGE, placement.division_id
    )
    return PlacementCaps(
        manage=manage,
        assign=manage or placement.field_supervisor_id == user.pk,
        log_hours=is_student(user, placement),
    )


@dataclass(frozen=True)
class PlacementListCaps(Capabilities):
    create: bool = False  # register and place students of one's own school
    use: bool = state()  # a part in placements at all: the section's pages


def placement_list_caps(user: Actor) -> PlacementListCaps:
    return PlacementListCaps(
        create=has_perm(user, MANAGE), use=any(has_perm(user, p) for p in (VIEW, MANAGE, SELF))
    )
