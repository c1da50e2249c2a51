"""Mid-term and final evaluations of a project by a third party, scored against the rubric
kept as data (EvaluationDimension): a score per dimension within its highest score, the total,
the grade from the bands, and the conclusion."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import covers
from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.scores import rubric_score
from shequ.organizations.models import Organization, OrganizationKind
from shequ.projects.catalog import grade_for
from shequ.projects.models import (
    Evaluation,
    EvaluationDimension,
    EvaluationKind,
    EvaluationScore,
    ServiceProject,
    Stage,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

EVALUATE = Perm.PROJECT_EVALUATE

# the stage a project must be in for each kind of evaluation
STAGE_FOR = {EvaluationKind.MIDTERM: Stage.MIDTERM, EvaluationKind.FINAL: Stage.FINAL_EVALUATION}
THIRD_PARTIES = (
    OrganizationKind.AGENCY,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.OTHER,
)


def rubric() -> list[EvaluationDimension]:
    return list(EvaluationDimension.objects.filter(active=True))


def evaluation_record(
    *,
    by: User,
    project: ServiceProject,
    kind: str,
    evaluator: Organization,
    evaluated_on: date,
    scores: dict[str, Any],
    conclusion: str,
) -> Evaluation:
    """Record an evaluation; `scores` maps each dimension's code to its score."""
    if not covers(by, EVALUATE, project.division_id):
        raise Forbidden(_("Your role may not evaluate this project."))
    if kind not in EvaluationKind.values:
        raise InvalidInput(_("Unknown kind of evaluation."), field="kind")
    if project.stage != STAGE_FOR[EvaluationKind(kind)]:
        raise InvalidInput(
            _("A %(kind)s is recorded while the project is in that stage.")
            % {"kind": EvaluationKind(kind).label},
            field="kind",
            code="evaluation_stage",
        )
    if evaluator.pk in (project.provider_id, project.buyer_id) or evaluator.kind not in (
        THIRD_PARTIES
    ):
        raise InvalidInput(
            _("The evaluator is a third party: neither the buyer nor the provider."),
            field="evaluator",
            code="evaluator",
        )
    if evaluated_on > date.today() or evaluated_on < project.start_date:
        raise InvalidInput(
            _("The date lies outside the project's period (%(start)s to %(end)s).")
            % {"start": project.start_date, "end": date.today()},
            field="evaluated_on",
        )
    if not conclusion.strip():
        raise InvalidInput(_("Write the conclusion."), field="conclusion")
    dimensions = rubric()
    unknown = set(scores) - {d.code for d in dimensions}
    if unknown:
        raise InvalidInput(_("Unknown dimension."), field=f"score_{sorted(unknown)[0]}")
    checked = [(d, rubric_score(scores.get(d.code, ""), d)) for d in dimensions]
    total = sum((s for _d, s in checked), Decimal("0"))
    full_marks = sum((d.max_score for d in dimensions), Decimal("0"))
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                project=project,
                kind=kind,
                evaluator=evaluator,
                evaluated_on=evaluated_on,
                total=total,
                grade=grade_for(total, full_marks),
                conclusion=conclusion.strip(),
                recorded_by=by,
            )
            EvaluationScore.objects.bulk_create(
                [EvaluationScore(evaluation=evaluation, dimension=d, score=s) for d, s in checked]
            )
            audit_record(
                actor=by,
                action="project.evaluate",
                obj=project,
                detail={"kind": kind, "total": str(total)},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This evaluation has been recorded already."), field="kind", code="duplicate"
        ) from exc
    return evaluation


def evaluations_of(project: ServiceProject) -> list[Evaluation]:
    return list(
        project.evaluations.select_related("evaluator").prefetch_related("scores__dimension")
    )
