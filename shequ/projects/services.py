"""Writes about service projects: creating them, the communities they cover, the lifecycle
step by step, targets, and the party branch. Buyers manage; providers deliver."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core.concurrency import claim
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.fields import PARSERS, parse_money
from shequ.divisions.models import Division
from shequ.organizations.models import Organization, OrganizationKind
from shequ.projects.models import (
    METRIC_KIND,
    STAGE_ORDER,
    EvaluationKind,
    Indicator,
    Metric,
    PartyBranch,
    ProjectCommunity,
    ProjectTransition,
    ServiceArea,
    ServiceProject,
    Stage,
)
from shequ.projects.permissions import may_buy_for, project_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.PROJECT_MANAGE


# a step that needs an evaluation recorded in the stage before it
EVALUATION_BEFORE = {
    Stage.FINAL_EVALUATION: EvaluationKind.MIDTERM,
    Stage.CLOSED: EvaluationKind.FINAL,
}


def require_in_period(project: ServiceProject | None, day: date, *, field: str) -> None:
    """Work under a project is dated inside its period (no project: no bound)."""
    if project is not None and not project.start_date <= day <= project.end_date:
        raise InvalidInput(
            _("The date lies outside the project's period (%(start)s to %(end)s).")
            % {"start": project.start_date, "end": project.end_date},
            field=field,
            code="outside_period",
        )


def require_provider(project: ServiceProject | None, organizer: Any) -> None:
    """Work counted under a project (a training, a volunteer activity) is organized by the
    project's provider."""
    if project is not None and project.provider_id != organizer.pk:
        raise InvalidInput(
            _("Work under a project is organized by the project's provider."),
            field="project",
            code="not_provider",
        )


def parse_amount(value: Any, *, field: str = "amount") -> Decimal:
    """Yuan, at most two decimals, not negative (one reader of money: core/fields.py)."""
    return parse_money(value, field=field)


def parse_target(metric: str, value: Any, *, field: str = "target") -> Decimal:
    """A target read as what its metric counts: people, times, hours, a percentage."""
    return Decimal(PARSERS[METRIC_KIND[Metric(metric)]](value, field=field))


def _validate_parties(buyer: Organization, provider: Organization) -> None:
    if buyer.kind not in (
        OrganizationKind.CIVIL_AFFAIRS,
        OrganizationKind.GOVERNMENT,
        OrganizationKind.STREET_OFFICE,
        OrganizationKind.ORG_DEPARTMENT,
    ):
        raise InvalidInput(_("The buyer must be a government body."), field="buyer")
    if provider.kind not in (
        OrganizationKind.AGENCY,
        OrganizationKind.UNIVERSITY,
        OrganizationKind.SELF_ORGANIZATION,
    ):
        raise InvalidInput(
            _(
                "The provider must be a social-work agency, a university or a "
                "community organization."
            ),
            field="provider",
        )


def _validate_communities(
    project_division: Division, communities: list[Division], by: User
) -> None:
    if not communities:
        raise InvalidInput(_("Name at least one community covered."), field="communities")
    for community in communities:
        if community.level != Level.COMMUNITY:
            raise InvalidInput(
                _("%(name)s is not a community.") % {"name": community.name}, field="communities"
            )
        if not community.code.startswith(project_division.prefix):
            raise InvalidInput(
                _("%(name)s lies outside the buyer's division.") % {"name": community.name},
                field="communities",
            )


def project_create(
    *,
    by: User,
    division: Division,
    number: str,
    name: str,
    buyer: Organization,
    provider: Organization,
    amount: Any,
    start_date: date,
    end_date: date,
    communities: list[Division],
    areas: list[ServiceArea],
    description: str = "",
    requires_supervision: bool = False,
) -> ServiceProject:
    if not may_buy_for(by, division.code):
        raise Forbidden(_("You may not buy projects for this division."))
    number, name = (number or "").strip(), (name or "").strip()
    if not number:
        raise InvalidInput(_("The project number is required."), field="number")
    if not name:
        raise InvalidInput(_("The name is required."), field="name")
    if end_date < start_date:
        raise InvalidInput(_("The project ends before it starts."), field="end_date")
    if not areas:
        raise InvalidInput(_("Name at least one service area."), field="areas")
    _validate_parties(buyer, provider)
    _validate_communities(division, communities, by)
    project = ServiceProject(
        division=division,
        number=number[:40],
        name=name[:120],
        buyer=buyer,
        provider=provider,
        amount=parse_amount(amount),
        start_date=start_date,
        end_date=end_date,
        description=description.strip(),
        requires_supervision=requires_supervision,
    )
    try:
        with transaction.atomic():
            project.save()
            project.areas.set(areas)
            ProjectCommunity.objects.bulk_create(
                [ProjectCommunity(project=project, community=c) for c in communities]
            )
            ProjectTransition.objects.create(project=project, to_stage=Stage.APPROVED, by=by)
            audit_record(actor=by, action="project.create", obj=project)
    except IntegrityError as exc:
        raise Conflict(
            _("A project with this number exists."), field="number", code="duplicate"
        ) from exc
    return project


def project_advance(
    *,
    by: User,
    project: ServiceProject,
    to_stage: str,
    note: str = "",
    version: int | None = None,
) -> ServiceProject:
    """Move the project one step along 立项 → 签约 → 执行 → 中期评估 → 结项评估 → 结项."""
    if to_stage not in STAGE_ORDER:
        raise InvalidInput(_("Unknown stage."), field="stage")
    current = STAGE_ORDER.index(project.stage)
    if STAGE_ORDER.index(to_stage) != current + 1:
        raise InvalidInput(
            _("A project moves one stage at a time, in order."), field="stage", code="stage_order"
        )
    project_caps(by, project).require("advance", _("Your role may not take this step."))
    needed = EVALUATION_BEFORE.get(Stage(to_stage))
    if needed and not project.evaluations.filter(kind=needed).exists():
        raise InvalidInput(
            _("Record the %(kind)s first.") % {"kind": EvaluationKind(needed).label},
            field="stage",
            code="evaluation_missing",
        )
    with transaction.atomic():
        claim(project, version)
        ProjectTransition.objects.create(
            project=project,
            from_stage=project.stage,
            to_stage=to_stage,
            by=by,
            note=note.strip()[:300],
        )
        project.stage = to_stage
        project.save(update_fields=["stage", "updated_at"])
        audit_record(actor=by, action="project.advance", obj=project, detail={"to": to_stage})
    return project


def indicator_set(
    *,
    by: User,
    project: ServiceProject,
    metric: str,
    target: Any,
    label: str = "",
    manual_actual: Any = None,
    evidence: str = "",
) -> Indicator:
    """Targets are set by the buyer; a manual metric's actual needs evidence."""
    project_caps(by, project).require("manage", _("Only the buyer sets targets."))
    if metric not in Metric.values:
        raise InvalidInput(_("Unknown metric."), field="metric")
    target_value = parse_target(metric, target)
    actual = None
    if metric == Metric.MANUAL:
        if not label.strip():
            raise InvalidInput(_("A manual indicator needs a label."), field="label")
        if manual_actual not in (None, ""):
            actual = parse_target(metric, manual_actual, field="manual_actual")
            if not evidence.strip():
                raise InvalidInput(_("A manual actual needs its evidence."), field="evidence")
    with transaction.atomic():
        indicator = Indicator.objects.create(
            project=project,
            metric=metric,
            label=label.strip()[:120],
            target=target_value,
            manual_actual=actual,
            evidence=evidence.strip()[:300],
        )
        audit_record(
            actor=by,
            action="indicator.set",
            obj=project,
            detail={"metric": metric, "target": str(target_value)},
        )
    return indicator


def party_branch_set(
    *, by: User, project: ServiceProject, name: str, secretary: str, member_count: int
) -> PartyBranch:
    project_caps(by, project).require("change", _("You may not change this project."))
    if member_count < 3:
        raise InvalidInput(_("A party branch has at least three members."), field="member_count")
    with transaction.atomic():
        branch, _created = PartyBranch.objects.update_or_create(
            project=project,
            defaults={
                "name": name.strip()[:120],
                "secretary": secretary.strip()[:60],
                "member_count": member_count,
            },
        )
        audit_record(actor=by, action="project.party_branch", obj=project)
    return branch
