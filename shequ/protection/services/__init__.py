"""Every write of juvenile protection, each with keyword arguments and its capability check
(`shequ.protection.permissions`): cases (`cases`), reports (`reports`), joint meetings and
their tasks (`meetings`) and emergency access (`glass`). Reads are in `selectors.py`."""

from shequ.protection.services.cases import (
    case_grade,
    case_plan,
    closure_approve,
    closure_request,
    de_escalate,
    escalate,
    follow_up_end,
    referral_answer,
    referral_create,
    reopen,
    service_add,
    visit_record,
)
from shequ.protection.services.glass import break_glass
from shequ.protection.services.meetings import (
    attendance_set,
    meeting_create,
    resolution_add,
    task_complete,
)
from shequ.protection.services.reports import (
    TooManyReports,
    public_report_submit,
    report_accept,
    report_redirect,
    report_submit,
)

__all__ = [
    "TooManyReports",
    "attendance_set",
    "break_glass",
    "case_grade",
    "case_plan",
    "closure_approve",
    "closure_request",
    "de_escalate",
    "escalate",
    "follow_up_end",
    "meeting_create",
    "public_report_submit",
    "referral_answer",
    "referral_create",
    "reopen",
    "report_accept",
    "report_redirect",
    "report_submit",
    "resolution_add",
    "service_add",
    "task_complete",
    "visit_record",
]
