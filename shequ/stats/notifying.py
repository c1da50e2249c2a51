"""Who is told when an impact report is written or fails: whoever asked for it, and for a
scheduled monthly report every officer of its district (by e-mail too, where they receive the
kind). Registered with the notifications app; each outcome is told once per report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shequ.notifications.events import Event, register, tell
from shequ.stats.selectors import district_officers


def told_of(report: Any) -> list[Any]:
    """The requester, and for a scheduled report the officers of its district."""
    return [report.requested_by] + (district_officers(report.division) if report.scheduled else [])


FINISHED = Event(
    told_of,
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
        key=f"CX-{report.pk}-{'failed' if failed else 'done'}",
        division=report.division.name,
        period=f"{report.start:%Y-%m-%d} – {report.end:%Y-%m-%d}",
        status=status,
    )
