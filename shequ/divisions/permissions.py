"""Who may change the division tree: the rule, written once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm
from shequ.core.capabilities import Capabilities
from shequ.divisions.models import Division

if TYPE_CHECKING:
    from shequ.access.rule import Actor

MANAGE = Perm.DIVISION_MANAGE


def may_manage_division(user: Actor, code: str) -> bool:
    """Change (or load from a file) the division of this code: a manager whose reach covers it."""
    return covers(user, MANAGE, code)


@dataclass(frozen=True)
class DivisionCaps(Capabilities):
    manage: bool = False  # rename it, load its subdivisions from a file


def division_caps(user: Actor, division: Division) -> DivisionCaps:
    return DivisionCaps(manage=may_manage_division(user, division.code))


@dataclass(frozen=True)
class DivisionListCaps(Capabilities):
    manage: bool = False  # load divisions from a file (each line checked against the reach)


def division_list_caps(user: Actor) -> DivisionListCaps:
    return DivisionListCaps(manage=has_perm(user, MANAGE))
