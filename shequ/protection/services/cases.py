"""Handling a protection case: risk grade and the visit rhythm it sets, home visits, needs and
plan, services by the four parties, referral to another party's organization, escalation up
and down the three levels, closure with a supervisor's approval, follow-up and reopening.
Every transition is a CaseEvent (who, when, what, why)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level, level_of, parent_code
from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput
from shequ.organizations.models import Organization
from shequ.protection import notifying as notifications
from shequ.protection.catalog import FOLLOW_UP_MONTHS
from shequ.protection.models import (
    CaseEvent,
    CaseService,
    CaseStatus,
    ProtectionCase,
    Referral,
    ReferralStatus,
    RiskGrade,
    Visit,
)
from shequ.protection.permissions import CaseCaps, case_caps, referral_caps
from shequ.protection.selectors import receiving_organizations

if TYPE_CHECKING:
    from shequ.accounts.models import User

NEEDS = ("guardianship", "schooling", "health", "psychological", "living")


def _require_handler(user: User, case: ProtectionCase) -> CaseCaps:
    caps = case_caps(user, case)
    caps.require("handle", _("You may not handle this case."))
    return caps


def _event(case: ProtectionCase, by: User, action: str, detail: str = "", reason: str = "") -> None:
    CaseEvent.objects.create(
        case=case, action=action, detail=detail[:300], reason=reason[:300], by=by
    )
    audit_record(actor=by, action=f"protection.{action}", obj=case, detail={"detail": detail})


def _next_due(case: ProtectionCase, today: date) -> date | None:
    if case.grade is None:
        return None
    last = case.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
    return (last or today) + timedelta(days=case.grade.visit_every_days)


def case_grade(*, by: User, case: ProtectionCase, grade: str, reasons: str) -> ProtectionCase:
    """Red, yellow, blue or green, with the reasons; the grade sets the next visit."""
    _require_handler(by, case)
    found = RiskGrade.objects.filter(code=grade).first()
    if found is None:
        raise InvalidInput(_("Unknown risk grade."), field="grade")
    if not reasons.strip():
        raise InvalidInput(_("Give the reasons for the grade."), field="reasons")
    with transaction.atomic():
        case.grade = found
        case.grade_reasons = reasons.strip()
        case.next_visit_due = _next_due(case, date.today())
        case.save()
        _event(case, by, "grade", detail=found.code, reason=reasons)
    return case


def visit_record(*, by: User, case: ProtectionCase, visited_on: date, notes: str) -> Visit:
    _require_handler(by, case)
    if visited_on > date.today():
        raise InvalidInput(_("The date is in the future."), field="visited_on", code="future")
    if case.status == CaseStatus.CLOSED:
        raise InvalidInput(_("The case is closed."), field="status")
    with transaction.atomic():
        visit = Visit.objects.create(case=case, visited_on=visited_on, notes=notes.strip(), by=by)
        case.next_visit_due = _next_due(case, date.today())
        case.save(update_fields=["next_visit_due", "updated_at"])
        _event(case, by, "visit", detail=visited_on.isoformat())
    return visit


def case_plan(*, by: User, case: ProtectionCase, needs: list[str], plan: str) -> ProtectionCase:
    _require_handler(by, case)
    unknown = set(needs) - set(NEEDS)
    if unknown:
        raise InvalidInput(_("Unknown need."), field="needs")
    if not plan.strip():
        raise InvalidInput(_("Write the plan."), field="plan")
    with transaction.atomic():
        case.needs = sorted(set(needs))
        case.plan = plan.strip()
        case.save()
        _event(case, by, "plan")
    return case


def service_add(
    *,
    by: User,
    case: ProtectionCase,
    party: str,
    kind: str,
    description: str,
    start_date: date,
    end_date: date | None = None,
) -> CaseService:
    """A service by one of the four parties, or an emergency placement or temporary
    guardianship with its dates."""
    _require_handler(by, case)
    if party not in CaseService.Party.values:
        raise InvalidInput(_("Unknown party."), field="party")
    if kind not in CaseService.Kind.values:
        raise InvalidInput(_("Unknown kind."), field="kind")
    if not description.strip():
        raise InvalidInput(_("Describe the service."), field="description")
    if start_date > date.today():
        raise InvalidInput(_("The date is in the future."), field="start_date", code="future")
    if end_date is not None and end_date < start_date:
        raise InvalidInput(_("It ends before it starts."), field="end_date")
    with transaction.atomic():
        service = CaseService.objects.create(
            case=case,
            party=party,
            kind=kind,
            description=description.strip()[:300],
            start_date=start_date,
            end_date=end_date,
            by=by,
        )
        _event(case, by, kind, detail=description)
    return service


def referral_create(
    *, by: User, case: ProtectionCase, organization: Organization, reason: str
) -> Referral:
    """Refer the case to an organization of another party; it sees the case once it accepts."""
    _require_handler(by, case).require("refer", _("You may not handle this case."))
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    if not receiving_organizations().filter(pk=organization.pk).exists():
        raise InvalidInput(
            _("This organization cannot receive protection cases."),
            field="organization",
            code="cannot_receive",
        )
    if case.referrals.filter(
        to_organization=organization,
        status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED],
    ).exists():
        raise InvalidInput(_("Already referred there."), field="organization")
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case, to_organization=organization, reason=reason.strip()[:300], by=by
        )
        _event(case, by, "refer", detail=organization.name, reason=reason)
        notifications.referral_made(referral)
    return referral


def referral_answer(*, by: User, referral: Referral, accept: bool, answer: str) -> Referral:
    referral_caps(by, referral).require("answer", _("This referral is not addressed to you."))
    if referral.status != ReferralStatus.PENDING:
        raise InvalidInput(_("This referral has been answered already."), field="status")
    if not accept and not answer.strip():
        raise InvalidInput(_("Give the reason for declining."), field="answer")
    with transaction.atomic():
        referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
        referral.answer = answer.strip()[:300]
        referral.answered_by = by
        referral.answered_at = timezone.now()
        referral.save()
        _event(
            referral.case,
            by,
            "referral_accepted" if accept else "referral_declined",
            detail=referral.to_organization.name,
            reason=answer,
        )
    return referral


def escalate(*, by: User, case: ProtectionCase, reason: str) -> ProtectionCase:
    """Responsibility moves up one level: community → street → county."""
    _require_handler(by, case)
    if level_of(case.level_id) <= Level.DISTRICT:
        raise InvalidInput(_("The case is at the county level already."), field="level")
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    up = parent_code(case.level_id) or case.level_id
    with transaction.atomic():
        case.level_id = up
        case.save(update_fields=["level", "updated_at"])
        _event(case, by, "escalate", detail=up, reason=reason)
    return case


def de_escalate(*, by: User, case: ProtectionCase, reason: str) -> ProtectionCase:
    """Responsibility moves back down one level toward the child's community."""
    caps = case_caps(by, case)
    caps.require("responsible", _("Only the responsible level may hand the case back."))
    if not caps.de_escalate:
        raise InvalidInput(_("The case is at the community level already."), field="level")
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    level = level_of(case.level_id)
    down = case.division_id
    while level_of(down) > level + 1:
        down = parent_code(down) or down
    with transaction.atomic():
        case.level_id = down
        case.save(update_fields=["level", "updated_at"])
        _event(case, by, "de_escalate", detail=down, reason=reason)
    return case


def closure_request(
    *, by: User, case: ProtectionCase, reason: str, follow_up_months: int
) -> ProtectionCase:
    _require_handler(by, case)
    if case.status != CaseStatus.OPEN:
        raise InvalidInput(_("Only an open case can be closed."), field="status")
    if not reason.strip():
        raise InvalidInput(_("Give the reason for closing."), field="reason")
    low, high = FOLLOW_UP_MONTHS
    if not low <= follow_up_months <= high:
        raise InvalidInput(
            _("Follow-up lasts %(low)s to %(high)s months.") % {"low": low, "high": high},
            field="follow_up_months",
        )
    with transaction.atomic():
        case.status = CaseStatus.CLOSING
        case.closure_reason = reason.strip()[:300]
        case.follow_up_until = date.today() + timedelta(days=30 * follow_up_months)
        case.save()
        _event(case, by, "closure_request", detail=str(follow_up_months), reason=reason)
        notifications.closure_requested(case)
    return case


def closure_approve(
    *, by: User, case: ProtectionCase, approve: bool, note: str = ""
) -> ProtectionCase:
    """A supervisor approves (the case goes into follow-up) or sends it back (open again)."""
    case_caps(by, case).require("supervise", _("A supervisor approves the closure."))
    if case.status != CaseStatus.CLOSING:
        raise InvalidInput(_("No closure has been requested."), field="status")
    with transaction.atomic():
        case.status = CaseStatus.FOLLOW_UP if approve else CaseStatus.OPEN
        if not approve:
            case.follow_up_until = None
        case.save()
        _event(case, by, "closure_approved" if approve else "closure_refused", reason=note)
    return case


def follow_up_end(*, by: User, case: ProtectionCase) -> ProtectionCase:
    """After the follow-up period, the case closes."""
    _require_handler(by, case)
    if case.status != CaseStatus.FOLLOW_UP:
        raise InvalidInput(_("The case is not in follow-up."), field="status")
    if case.follow_up_until and case.follow_up_until > date.today():
        raise InvalidInput(_("The follow-up period has not ended."), field="status")
    with transaction.atomic():
        case.status = CaseStatus.CLOSED
        case.save()
        _event(case, by, "close")
    return case


def reopen(*, by: User, case: ProtectionCase, reason: str) -> ProtectionCase:
    _require_handler(by, case)
    if case.status not in (CaseStatus.FOLLOW_UP, CaseStatus.CLOSED):
        raise InvalidInput(_("The case is open."), field="status")
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    with transaction.atomic():
        case.status = CaseStatus.OPEN
        case.follow_up_until = None
        case.save()
        _event(case, by, "reopen", reason=reason)
    return case
