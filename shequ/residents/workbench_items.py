"""What residents put on a workbench: moves out of the user's communities to approve or
refuse (迁出), and the user's own requests (迁入申请) waiting for the sending community."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.residents.permissions import transfer_caps
from shequ.residents.transfers import transfers_waiting
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User


@register("resident.move", label=gettext_lazy("Move to decide"), module="residents:list")
def transfers(user: User, now: datetime) -> Iterator[Item]:
    for transfer in transfers_waiting(user):  # one query for both
        caps = transfer_caps(user, transfer)
        if caps.approve:
            yield Item(
                title=_("From %(from)s to %(to)s")
                % {"from": transfer.from_division.name, "to": transfer.to_division.name},
                link=link("residents:transfers"),
                actions=tuple(caps.actions()),
            )
        if transfer.requested_by_id == user.pk:
            yield Item(
                title=_("Your request from %(from)s to %(to)s waits for %(from)s")
                % {"from": transfer.from_division.name, "to": transfer.to_division.name},
                link=link("residents:transfers"),
                waiting=True,
            )
