"""What the case library puts on a workbench: case studies to review (the supervisor), and
the user's own studies waiting for review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.sharing.models import Status
from shequ.sharing.selectors import my_drafts, to_approve
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User


@register("case_study.review", label=gettext_lazy("Case study to review"), module="sharing:library")
def reviews(user: User, now: datetime) -> Iterator[Item]:
    for study in to_approve(user=user).prefetch_related(None):  # not the awards
        yield Item(
            title=_("%(title)s, by %(author)s")
            % {"title": study.title, "author": study.author.display_name},
            link=link("sharing:detail", study.pk),
            actions=("approve", "return"),
        )
    for study in my_drafts(user=user).filter(status=Status.SUBMITTED).prefetch_related(None):
        yield Item(
            title=_("%(title)s: waiting for review") % {"title": study.title},
            link=link("sharing:detail", study.pk),
            waiting=True,
        )
