"""Who may do what to a training: the rules, written once.

The organizer's people (training.manage over the organizing organization) and the training
managers over its division run a training: sessions, enrolments, attendance, results. Trainees
come from any division: whoever organizes trainings registers them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm, reach_organizations
from shequ.core.capabilities import Capabilities, state
from shequ.divisions.models import Division
from shequ.trainings.models import Training

if TYPE_CHECKING:
    from shequ.access.rule import Actor

VIEW, MANAGE = Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE


def may_organize(user: Actor, training: Training) -> bool:
    return training.organizer_id in reach_organizations(user, MANAGE) or covers(
        user, MANAGE, training.division_id
    )


def may_register_trainees(user: Actor, division: Division) -> bool:
    return bool(reach_organizations(user, MANAGE)) or covers(user, MANAGE, division.code)


@dataclass(frozen=True)
class TrainingCaps(Capabilities):
    organize: bool = False  # sessions, enrolments, attendance
    # results and certificates: only the organizer's own staff, never a manager of the
    # division who belongs to another organization
    record_results: bool = False


def training_caps(user: Actor, training: Training) -> TrainingCaps:
    return TrainingCaps(
        organize=may_organize(user, training),
        record_results=training.organizer_id in reach_organizations(user, MANAGE),
    )


@dataclass(frozen=True)
class TrainingListCaps(Capabilities):
    create: bool = False  # organize a training for an organization of one's own
    use: bool = state()  # the trainings pages (the list, the continuing-education shortfall)


def training_list_caps(user: Actor) -> TrainingListCaps:
    manage = has_perm(user, MANAGE)
    return TrainingListCaps(create=manage, use=manage or has_perm(user, VIEW))
