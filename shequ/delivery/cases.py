"""Casework (个案) along the MZ/T 094 stages 接案 → 预估 → 计划 → 介入 → 评估 → 结案. Each
intervention is a service record; closing a case of a project that requires supervision needs a
supervisor's review; case notes are confidential."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.audit.services import audit_record
from shequ.core.concurrency import claim
from shequ.core.errors import Forbidden, InvalidInput
from shequ.delivery.models import (
    CASE_STAGE_ORDER,
    Case,
    CaseIntervention,
    CaseStage,
    CaseTransfer,
    Method,
)
from shequ.delivery.permissions import case_caps, may_record_in
from shequ.delivery.services import record_create, require_servable
from shequ.projects.models import ServiceArea, ServiceProject
from shequ.residents.models import Resident

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.CASE_VIEW
NOTES = Perm.CASE_VIEW_NOTES
SUPERVISE = Perm.CASE_SUPERVISE


def case_open(
    *,
    by: User,
    client: Resident,
    presenting_problem: str,
    opened_on: date,
    project: ServiceProject | None = None,
    area: ServiceArea | None = None,
    division_code: str | None = None,
) -> Case:
    """Open a case in `division_code` (the community where the client is served; by default the
    client's own): the worker needs reach there and must see the client."""
    code = division_code or client.division_id
    if not may_record_in(by, code):
        raise Forbidden(_("You may not open cases in this community."))
    require_servable(by, [client], field="client")
    if not presenting_problem.strip():
        raise InvalidInput(_("Describe the presenting problem."), field="presenting_problem")
    if opened_on > date.today():
        raise InvalidInput(_("The date is in the future."), field="opened_on")
    if project is not None and not project.coverage.filter(community_id=code).exists():
        raise InvalidInput(
            _("The project does not cover this community."), field="project", code="outside_project"
        )
    with transaction.atomic():
        case = Case.objects.create(
            division_id=code,
            client=client,
            worker=by,
            project=project,
            area=area,
            presenting_problem=presenting_problem.strip(),
            opened_on=opened_on,
        )
        audit_record(actor=by, action="case.open", obj=case)
    return case


def _require_worker(by: User, case: Case) -> None:
    case_caps(by, case).require("handle", _("Only the case's worker or a supervisor may do this."))


def case_advance(
    *, by: User, case: Case, to_stage: str, text: str = "", version: int | None = None
) -> Case:
    """Move to the next stage, recording what it produced (the assessment, the plan, the
    evaluation)."""
    _require_worker(by, case)
    if to_stage not in CASE_STAGE_ORDER or to_stage == CaseStage.CLOSED:
        raise InvalidInput(_("Unknown stage."), field="stage")
    if CASE_STAGE_ORDER.index(to_stage) != CASE_STAGE_ORDER.index(case.stage) + 1:
        raise InvalidInput(
            _("A case moves one stage at a time, in order."), field="stage", code="stage_order"
        )
    field = {
        CaseStage.ASSESSMENT: "assessment",
        CaseStage.PLAN: "goals",
        CaseStage.EVALUATION: "evaluation",
    }
    with transaction.atomic():
        claim(case, version)
        if to_stage in field:
            if not text.strip():
                raise InvalidInput(_("Write what this stage found."), field="text")
            setattr(case, field[CaseStage(to_stage)], text.strip())
        case.stage = to_stage
        case.save()
        audit_record(actor=by, action="case.advance", obj=case, detail={"to": to_stage})
    return case


def case_intervene(
    *, by: User, case: Case, served_on: date, duration_minutes: int, way: str, notes: str = ""
) -> CaseIntervention:
    """An intervention: a service record (method casework) plus confidential notes."""
    _require_worker(by, case)
    if case.stage != CaseStage.INTERVENTION:
        raise InvalidInput(
            _("Interventions are recorded in the intervention stage."), field="stage"
        )
    with transaction.atomic():
        claim(case)
        record = record_create(
            by=by,
            division=case.division,
            method=Method.CASE,
            served_on=served_on,
            duration_minutes=duration_minutes,
            resident=case.client,
            project=case.project,
            area=case.area,
            source=f"case:{case.pk}",
        )
        intervention = CaseIntervention.objects.create(
            case=case,
            served_on=served_on,
            duration_minutes=duration_minutes,
            way=way.strip()[:40],
            notes=notes.strip(),
            record=record,
            by=by,
        )
    return intervention


def case_close(
    *, by: User, case: Case, reason: str, closed_on: date, version: int | None = None
) -> Case:
    _require_worker(by, case)
    if case.stage != CaseStage.EVALUATION:
        raise InvalidInput(
            _("A case is closed after its evaluation."), field="stage", code="stage_order"
        )
    if not reason.strip():
        raise InvalidInput(_("Give the reason for closing."), field="closure_reason")
    if case.project is not None and case.project.requires_supervision:
        if not case_caps(by, case).supervise or by.pk == case.worker_id:
            raise Forbidden(
                _("This project requires a supervisor's review to close a case."),
                code="supervision",
            )
        case.reviewed_by = by
    with transaction.atomic():
        claim(case, version)
        case.stage = CaseStage.CLOSED
        case.closure_reason = reason.strip()[:200]
        case.closed_on = closed_on
        case.save()
        audit_record(actor=by, action="case.close", obj=case)
    return case


def case_transfer(*, by: User, case: Case, to_worker: User, reason: str) -> Case:
    _require_worker(by, case)
    if not may_record_in(to_worker, case.division_id):
        raise InvalidInput(_("The new worker does not serve this community."), field="to_worker")
    with transaction.atomic():
        claim(case)
        CaseTransfer.objects.create(
            case=case, from_worker=case.worker, to_worker=to_worker, reason=reason.strip()[:200]
        )
        case.worker = to_worker
        case.save(update_fields=["worker", "updated_at", "version"])
        audit_record(actor=by, action="case.transfer", obj=case, detail={"to": to_worker.username})
    return case


def case_list(*, user: User) -> QuerySet[Case]:
    return Case.objects.visible_to(user, VIEW).select_related("client", "worker", "project")


def case_get(*, user: User, pk: int) -> Case:
    return get_visible_or_404(case_list(user=user), user, VIEW, pk=pk)


def may_read_notes(user: User, case: Case) -> bool:
    """The worker, the worker's supervisors (case.supervise over the community) and roles that
    hold case.view_notes."""
    return case_caps(user, case).read_notes


def interventions_for(*, user: User, case: Case) -> list[dict[str, Any]]:
    """The case's interventions; notes only for those who may read them."""
    readable = may_read_notes(user, case)
    return [
        {
            "served_on": i.served_on,
            "duration_minutes": i.duration_minutes,
            "way": i.way,
            "notes": i.notes if readable else None,
        }
        for i in case.interventions.all()
    ]
