"""A case's history in words: each event's action and detail as a person reads them, never the
codes the services store (`grade · red`, `refer`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from shequ.divisions.models import Division
from shequ.protection.models import CaseEvent, CaseService, ProtectionCase, RiskGrade

if TYPE_CHECKING:
    from shequ.accounts.models import User

ACTION_LABELS: dict[str, Any] = {
    "open": _("case opened"),
    "grade": _("risk graded"),
    "visit": _("home visit"),
    "plan": _("case plan updated"),
    "refer": _("referred"),
    "referral_accepted": _("referral accepted"),
    "referral_declined": _("referral declined"),
    "escalate": _("moved up a level"),
    "de_escalate": _("moved down a level"),
    "closure_request": _("closure asked for"),
    "closure_approved": _("closure approved"),
    "closure_refused": _("closure refused"),
    "close": _("case closed"),
    "reopen": _("case reopened"),
    **{kind.value: kind.label for kind in CaseService.Kind},
}
LEVEL_MOVES = ("escalate", "de_escalate")


@dataclass(frozen=True)
class EventRow:
    at: datetime
    by: User
    action: str
    label: str
    detail: str
    reason: str


def case_events(case: ProtectionCase) -> list[EventRow]:
    """The case's events in words, in three queries whatever their number."""
    events = list(case.events.select_related("by"))
    grades = {g.code: str(g) for g in RiskGrade.objects.all()}
    codes = {e.detail for e in events if e.action in LEVEL_MOVES}
    divisions = dict(Division.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        EventRow(
            at=e.at,
            by=e.by,
            action=e.action,
            label=str(ACTION_LABELS.get(e.action, e.action)),
            detail=_detail(e, grades, divisions),
            reason=e.reason,
        )
        for e in events
    ]


def _detail(event: CaseEvent, grades: dict[str, str], divisions: dict[str, str]) -> str:
    if event.action == "grade":
        return grades.get(event.detail, event.detail)
    if event.action in LEVEL_MOVES:
        return divisions.get(event.detail, event.detail)
    return event.detail
