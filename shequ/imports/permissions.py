"""Who may import which kind of file where: the rule, written once.

A kind of import (`engine.SPECS`) names the permission it needs; a kind may bring its own
`authorize` (a training's organizer imports its enrolments) instead of the division's reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.rule import covers, has_perm
from shequ.core.capabilities import Capabilities
from shequ.imports.engine import ImportSpec, spec_for

if TYPE_CHECKING:
    from shequ.access.rule import Actor


@dataclass(frozen=True)
class ImportCaps(Capabilities):
    start: bool = False  # upload a file of this kind (into some division in reach)


def import_caps(user: Actor, kind: str) -> ImportCaps:
    """For a kind that does not exist: NotFound."""
    return ImportCaps(start=has_perm(user, spec_for(kind).permission))


def may_import_into(user: Actor, spec: ImportSpec, division_code: str) -> bool:
    return covers(user, spec.permission, division_code)
