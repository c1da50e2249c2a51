"""Who is told of a placement event: registered with the notifications app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.notifications.events import Event, register, tell

register(
    "journal_submitted",
    Event(
        lambda j: [j.placement.field_supervisor],  # who approves: journal_decide
        _("A student's weekly journal (week of %(week)s) waits for your approval"),
        "placements:detail",
        lambda j: j.placement_id,
        lambda j: f"SX-{j.placement_id}",
    ),
)


def journal_submitted(journal: Any) -> None:
    tell("journal_submitted", journal, week=journal.week_start.isoformat())
