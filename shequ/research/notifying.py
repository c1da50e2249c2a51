"""Who is told of a research extract: those who may approve it (research.approve over its
population, nearest level first, never the requester), then the requester of the decision.
Registered with the notifications app (`register_request`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import User
from shequ.notifications.events import register_request, request_decided, request_made
from shequ.notifications.recipients import nearest
from shequ.research.models import ExtractStatus
from shequ.research.permissions import APPROVE, decision_refusal


def extract_approvers(extract: Any) -> list[User]:
    return nearest([APPROVE], extract.division_id, lambda u: decision_refusal(u, extract) is None)


register_request(
    "extract_request",
    deciders=extract_approvers,
    requester=lambda extract: extract.requested_by,
    asked=_("A de-identified research extract waits for approval"),
    decided=_("Your research extract: %(outcome)s"),
    url="research:extract",
    url_arg=lambda extract: extract.pk,
    reference=lambda extract: f"KY-{extract.pk}",
)

OUTCOMES = {ExtractStatus.APPROVED: _("approved"), ExtractStatus.REFUSED: _("refused")}


def extract_requested(extract: Any) -> None:
    request_made("extract_request", extract)


def extract_decided(extract: Any) -> None:
    request_decided("extract_request", extract, OUTCOMES[ExtractStatus(extract.status)])
