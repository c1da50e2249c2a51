"""The monthly impact report of every district, for the month just ended, requested on behalf
of the district's officer (the first active holder of project.manage over the district), for
publication (people under 5 shown as <5). A district without one gets no scheduled report.
Once written, it reaches every officer of the district: on their workbench
(stats/workbench_items.py) and as a notification, by e-mail where they receive it
(stats/notifying.py)."""

from __future__ import annotations

from datetime import date

from shequ.access.codes import Level
from shequ.divisions.models import Division
from shequ.figures.periods import Period, month_span
from shequ.stats.models import ImpactReport
from shequ.stats.report import report_request
from shequ.stats.selectors import district_officers


def last_month(today: date | None = None) -> Period:
    today = today or date.today()
    first = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    return month_span(first, 1, "month")


def request_monthly_reports(
    today: date | None = None, *, inline: bool = False
) -> list[ImpactReport]:
    period = last_month(today)
    requested = []
    for district in Division.objects.filter(level=Level.DISTRICT).order_by("code"):
        if ImpactReport.objects.filter(
            division=district, scheduled=True, start=period.start, end=period.end
        ).exists():
            continue  # once a month, whatever runs twice
        officer = next(iter(district_officers(district)), None)
        if officer is None:
            continue
        requested.append(
            report_request(
                by=officer, division=district, period=period, scheduled=True, inline=inline
            )
        )
    return requested
