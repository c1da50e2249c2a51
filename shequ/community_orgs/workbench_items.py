"""What community organizations put on a workbench: the steps of incubation that wait for
the user's approval (an application to take in, a graduation for the street)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.community_orgs.selectors import steps_awaiting
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User


@register(
    "community_org.step",
    label=gettext_lazy("Community organization step"),
    module="community_orgs:list",
)
def org_steps(user: User, now: datetime) -> Iterator[Item]:
    for organization, following in steps_awaiting(user):
        yield Item(
            title=_("%(org)s (%(community)s): %(stage)s, next %(next)s")
            % {
                "org": organization.name,
                "community": organization.division.name,
                "stage": organization.stage,
                "next": following,
            },
            link=link("community_orgs:detail", organization.pk),
            actions=("move",),
        )
