"""Who is told of a case study: the supervisors who may review it when it is submitted
(case_study.approve over its division, nearest level first, never its author), then its author
of the review. Registered with the notifications app (`register_request`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import User
from shequ.notifications.events import register_request, request_decided, request_made
from shequ.notifications.recipients import nearest
from shequ.sharing.models import Status
from shequ.sharing.permissions import APPROVE, decision_refusal


def reviewers(study: Any) -> list[User]:
    return nearest([APPROVE], study.division_id, lambda u: decision_refusal(u, study) is None)


register_request(
    "case_study_review",
    deciders=reviewers,
    requester=lambda study: study.author,
    asked=_("A case study waits for your review"),
    decided=_("Your case study: %(outcome)s"),
    url="sharing:detail",
    url_arg=lambda study: study.pk,
    reference=lambda study: f"AL-{study.pk}",
)

OUTCOMES = {Status.PUBLISHED: _("published"), Status.DRAFT: _("returned with comments")}


def submitted(study: Any) -> None:
    request_made("case_study_review", study)


def reviewed(study: Any) -> None:
    request_decided("case_study_review", study, OUTCOMES[Status(study.status)])
