"""Who may do what to a service project: the rules, written once.

The buyer's officers manage the project and take the steps of its lifecycle that are theirs
(sign, run, close); evaluators take the evaluation steps; the provider's staff deliver it
(documents, team, party branch, surveys) in the communities it covers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shequ.access.perms import Perm
from shequ.access.rule import covers, reach_organizations
from shequ.core.capabilities import Capabilities
from shequ.projects.models import STAGE_ORDER, ServiceProject, Stage

# who may take each step forward
STEP_PERMISSION = {
    Stage.SIGNED: Perm.PROJECT_MANAGE,
    Stage.RUNNING: Perm.PROJECT_MANAGE,
    Stage.MIDTERM: Perm.PROJECT_EVALUATE,
    Stage.FINAL_EVALUATION: Perm.PROJECT_EVALUATE,
    Stage.CLOSED: Perm.PROJECT_MANAGE,
}


@dataclass(frozen=True)
class ProjectCaps(Capabilities):
    change: bool = False  # documents, team, party branch, surveys: the buyer or the provider
    manage: bool = False
    advance: bool = False  # take the next step of the lifecycle
    evaluate: bool = False  # record an evaluation (in the mid-term or final evaluation stage)


def next_stage(project: ServiceProject) -> Stage | None:
    index = STAGE_ORDER.index(project.stage)
    return Stage(STAGE_ORDER[index + 1]) if index + 1 < len(STAGE_ORDER) else None


def _delivers(user: Any, project: ServiceProject) -> bool:
    if project.provider_id not in reach_organizations(user, Perm.PROJECT_DELIVER):
        return False
    return any(
        covers(user, Perm.PROJECT_DELIVER, code)
        for code in project.coverage.values_list("community_id", flat=True)
    )


def project_caps(user: Any, project: ServiceProject) -> ProjectCaps:
    code = project.division_id
    manage = covers(user, Perm.PROJECT_MANAGE, code)
    step = next_stage(project)
    return ProjectCaps(
        change=manage or _delivers(user, project),
        manage=manage,
        advance=step is not None and covers(user, STEP_PERMISSION[step], code),
        evaluate=covers(user, Perm.PROJECT_EVALUATE, code)
        and project.stage in (Stage.MIDTERM, Stage.FINAL_EVALUATION),
    )
