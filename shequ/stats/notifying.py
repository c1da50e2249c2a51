"""Who is told when an impact report is written or fails: whoever asked for it (a scheduled
report: the officer it was scheduled for). Registered with the notifications app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shequ.notifications.events import Event, register, tell

FINISHED = Event(
    lambda report: [report.requested_by],
    _("Your impact report of %(division)s, %(period)s: %(status)s"),
    "stats:report",
    lambda report: report.pk,
    lambda report: f"CX-{report.pk}",
)
register("report_finished", FINISHED)
register("report_failed", FINISHED)


def report_finished(report: Any, *, failed: bool) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        status = str(_("failed") if failed else _("ready"))
    tell(
        "report_failed" if failed else "report_finished",
        report,
        division=report.division.name,
        period=f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}",
        status=status,
    )
