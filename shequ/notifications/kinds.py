"""The kinds of notification, as data: each says whether it concerns juvenile protection (then
nothing but a link and a reference leaves the application) and which channels a user gets by
default. A new event adds a kind here and calls `services.notify` from its service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    protection: bool = False
    email: bool = True  # by default, before the user chooses
    sms: bool = False
    urgent: bool = False  # delivered at once, even in quiet hours and with the daily digest


KINDS: dict[str, Kind] = {
    k.code: k
    for k in [
        Kind("report_filed", _("A report of a child at risk to acknowledge"), True, sms=True),
        Kind(
            "report_overdue",
            _("A report not acknowledged in time"),
            True,
            sms=True,
            urgent=True,
        ),
        Kind("referral_made", _("A protection case referred to your organization"), True),
        Kind("task_assigned", _("A task of the joint meeting for your organization"), True),
        Kind("task_overdue", _("An overdue task of the joint meeting"), True),
        Kind("visit_overdue", _("An overdue home visit"), True),
        Kind("closure_requested", _("A case closure to approve"), True),
        Kind("journal_submitted", _("A journal to approve")),
        Kind("volunteer_signup", _("A volunteer sign-up to decide"), email=False),
        Kind("hours_to_confirm", _("Volunteer hours to confirm"), email=False),
        Kind("job_finished", _("An import finished or ready to import")),
        Kind("job_failed", _("An import failed")),
        Kind("report_finished", _("An impact report ready")),
        Kind("report_failed", _("An impact report failed")),
        Kind("community_org_step", _("A community organization's step to approve")),
        # requests that wait for a decision, and the decision told to the one who asked
        # (`events.register_request`)
        Kind("certificate_request", _("A certificate request to issue"), email=False),
        Kind("certificate_request_decided", _("Your certificate request was answered")),
        Kind("extract_request", _("A research extract to approve")),
        Kind("extract_request_decided", _("Your research extract was decided")),
        Kind("case_study_review", _("A case study to review")),
        Kind("case_study_review_decided", _("Your case study was reviewed")),
    ]
}


def kind_of(code: str) -> Kind:
    return KINDS[code]
