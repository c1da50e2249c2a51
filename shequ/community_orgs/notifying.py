"""Who is told when a community organization's next step waits for approval (an application
to take into pre-incubation, a graduation for the street: `selectors.steps_awaited`): the
holders of the permission the next stage needs, nearest the organization's community first,
confirmed by the workbench's own selector (the item they will find). Registered with the
notifications app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.accounts.models import User
from shequ.community_orgs.selectors import steps_awaited, steps_awaiting
from shequ.notifications.events import Event, register, tell
from shequ.notifications.recipients import nearest


def step_deciders(organization: Any) -> list[User]:
    following = steps_awaited().get(organization.stage_id)
    if following is None:
        return []
    return nearest(
        [Perm(following.permission)],
        organization.division_id,
        lambda u: any(o.pk == organization.pk for o, _next in steps_awaiting(u)),
    )


register(
    "community_org_step",
    Event(
        step_deciders,
        _("A community organization's next step waits for your approval"),
        "community_orgs:detail",
        lambda organization: organization.pk,
        lambda organization: f"ZZ-{organization.pk}",
    ),
)


def step_awaits(organization: Any) -> None:
    """The organization reached a stage; tell those who approve its next step, if one waits."""
    tell("community_org_step", organization)
