"""What trainings put on the organizer's workbench: the attendance of sessions held and not
recorded, and the results of trainings that have ended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.trainings.selectors import results_to_record, sessions_to_record
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User


@register("training.record", label=gettext_lazy("Training to record"), module="trainings:list")
def to_record(user: User, now: datetime) -> Iterator[Item]:
    today = timezone.localtime(now).date()
    for session in sessions_to_record(user, today):
        yield Item(
            title=_("Attendance of %(training)s on %(day)s")
            % {"training": session.training.title, "day": session.held_on},
            link=link("trainings:detail", session.training_id),
            due=session.held_on,
            actions=("attendance",),
        )
    for training in results_to_record(user, today):
        yield Item(
            title=_("Results of %(training)s") % {"training": training.title},
            link=link("trainings:detail", training.pk),
            due=training.end_date,
            actions=("results",),
        )
