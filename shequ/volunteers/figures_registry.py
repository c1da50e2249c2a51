"""The volunteer figures of the statistics: volunteers registered in the division by the end
of the period, and the hours confirmed in it (by the activity's division and start day)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.stats.registry import HOURS, PEOPLE, Breakdown, Cell, Figure, Scope, register
from shequ.stats.spans import moments
from shequ.volunteers.models import SignUp, Volunteer
from shequ.volunteers.selectors import confirmed_signups


def volunteers(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[Volunteer]:
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


def _hours_by_organizer(scope: Scope) -> list[Cell]:
    rows = (
        hours(scope)
        .values("activity__organizer_id", "activity__organizer__name")
        .annotate(n=Sum("hours"))
        .order_by("-n")
    )
    return [
        Cell(str(r["activity__organizer_id"]), r["activity__organizer__name"], r["n"]) for r in rows
    ]


register(
    Figure(
        key="volunteers",
        label=_("Registered volunteers"),
        section="volunteers",
        unit=PEOPLE,
        value=lambda scope: volunteers(scope).count(),
        records=lambda scope, part: volunteers(scope, part).order_by("number"),
        columns=[
            (_("Volunteer number"), lambda v: v.number),
            (_("Name"), lambda v: v.name),
        ],
        drill_permissions=("volunteer.view",),
    )
)

register(
    Figure(
        key="volunteer_hours",
        label=_("Certified volunteer hours"),
        section="volunteers",
        unit=HOURS,
        value=lambda scope: hours(scope).aggregate(n=Sum("hours"))["n"] or Decimal("0"),
        records=lambda scope, part: (
            hours(scope, part)
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
        breakdowns={"organizer": Breakdown(_("by organizer"), _hours_by_organizer)},
        drill_permissions=("volunteer.view",),
    )
)
