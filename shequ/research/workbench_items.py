"""What research puts on a workbench: de-identified extracts to approve (for the approving
officer), and the user's own requests waiting for a decision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.research.models import ExtractStatus
from shequ.research.selectors import extract_list, extracts_to_approve
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User


@register(
    "research.extract_request",
    label=gettext_lazy("Research extract to approve"),
    module="research:home",
    perms=(Perm.RESEARCH_APPROVE, Perm.RESEARCH_EXTRACT),
)
def extracts(user: User, now: datetime) -> Iterator[Item]:
    for extract in extracts_to_approve(user=user):
        yield Item(
            title=_("%(project)s, asked by %(who)s")
            % {"project": extract.project.title, "who": extract.requested_by.display_name},
            link=link("research:extract", extract.pk),
            actions=("approve", "refuse"),
        )
    if not has_perm(user, Perm.RESEARCH_EXTRACT):
        return
    mine = extract_list(user=user).filter(requested_by_id=user.pk, status=ExtractStatus.REQUESTED)
    for extract in mine:
        yield Item(
            title=_("%(project)s: your extract waits for approval")
            % {"project": extract.project.title},
            link=link("research:extract", extract.pk),
            waiting=True,
        )
