"""The volunteer figures of the statistics: volunteers registered in the division by the end
of the period, and the hours confirmed in it (by the activity's division and start day; for
calendar periods read from the month roll-up, HoursMonth)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.access.rule import ScopedQuerySet, reach_q
from shequ.figures.registry import HOURS, PEOPLE, Breakdown, Cell, Figure, Scope, Summary, register
from shequ.figures.spans import day_bounds, in_periods, moments, period_spans
from shequ.volunteers.models import HoursMonth, SignUp, Volunteer
from shequ.volunteers.selectors import VIEW, confirmed_signups


def volunteers(scope: Scope, part: tuple[str, str] | None = None) -> ScopedQuerySet[Volunteer]:
    return Volunteer.objects.filter(
        division__code__startswith=scope.prefix, created_at__lt=moments(scope.period)[1]
    )


def hours(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[SignUp]:
    qs = confirmed_signups(start=scope.period.start, end=scope.period.end).filter(
        activity__division__code__startswith=scope.prefix
    )
    if part and part[0] == "organizer":
        qs = qs.filter(activity__organizer_id=int(part[1]))
    return qs


def _hours_summaries(
    scope: Scope, before: Scope | None, cells: bool = True
) -> tuple[Summary, Summary | None]:
    """Confirmed hours of the period and the one before, by organizer, in one query:
    calendar periods from the month roll-up (volunteers/hours_rollup.py), a custom span from
    the sign-ups."""
    if scope.period.key:
        rows = in_periods(
            HoursMonth.objects.filter(division_code__startswith=scope.prefix),
            "month",
            period_spans(scope, before, day_bounds),
            ["organizer_id", "organizer__name"],
            Sum("hours"),
        )
    else:
        rows = in_periods(
            confirmed_signups().filter(activity__division__code__startswith=scope.prefix),
            "activity__starts_at",
            period_spans(scope, before, moments),
            ["activity__organizer_id", "activity__organizer__name"],
            Sum("hours"),
        )
    found = sorted(rows["now"], key=lambda r: (-r[2], r[1]))
    now = Summary(
        sum((n for *_org, n in found), Decimal("0")),
        {"organizer": [Cell(str(org), name, n) for org, name, n in found]} if cells else {},
    )
    if before is None:
        return now, None
    return now, Summary(sum((n for *_org, n in rows["before"]), Decimal("0")))


register(
    Figure(
        key="volunteers",
        label=_("Registered volunteers"),
        section="volunteers",
        unit=PEOPLE,
        value=lambda scope: volunteers(scope).count(),
        records=lambda scope, part: (
            volunteers(scope, part).visible_to(scope.user, VIEW).order_by("number")
        ),
        columns=[
            (_("Volunteer number"), lambda v: v.number),
            (_("Name"), lambda v: v.name),
        ],
        drill_permissions=(VIEW,),
    )
)

register(
    Figure(
        key="volunteer_hours",
        label=_("Certified volunteer hours"),
        section="volunteers",
        unit=HOURS,
        summaries=_hours_summaries,
        records=lambda scope, part: (
            hours(scope, part)
            .filter(reach_q(scope.user, VIEW, "activity__division__code"))
            .select_related("activity", "volunteer")
            .order_by("-activity__starts_at", "id")
        ),
        total="hours",
        columns=[
            (_("Activity"), lambda s: s.activity.title),
            (_("Date"), lambda s: timezone.localdate(s.activity.starts_at)),
            (_("Volunteer number"), lambda s: s.volunteer.number),
            (_("Hours"), lambda s: s.hours),
        ],
        breakdowns={"organizer": Breakdown(_("by organizer"))},
        drill_permissions=(VIEW,),
    )
)
