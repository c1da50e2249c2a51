"""Keeping the roll-up of confirmed hours (HoursMonth) exact: a confirmation adds the
sign-up's hours to the row of its activity's month, community and organizer, in the same
transaction. Confirmed hours are final (a correction is refused once confirmed, an activity's
time, place and organizer do not change after it is created), so adding is all it takes;
`rebuild()` recounts everything from the sign-ups (after a bulk load)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shequ.volunteers.models import HoursMonth, SignUp, VolunteerActivity


def month_of(activity: VolunteerActivity) -> date:
    """The month the confirmed-hours rule counts an activity in (its local start day)."""
    return timezone.localdate(activity.starts_at).replace(day=1)


def add(signup: SignUp) -> None:
    """Count a sign-up's hours, just confirmed (inside the confirming transaction)."""
    activity = signup.activity
    assert signup.hours is not None  # hours_confirm refuses a sign-up without hours
    key = {
        "month": month_of(activity),
        "division_code": activity.division_id,
        "organizer_id": activity.organizer_id,
    }
    row, created = HoursMonth.objects.select_for_update().get_or_create(
        **key, defaults={"hours": signup.hours}
    )
    if not created:
        HoursMonth.objects.filter(pk=row.pk).update(hours=F("hours") + signup.hours)


def rebuild() -> int:
    """Recount the roll-up from the confirmed sign-ups; the number of rows written."""
    totals: dict[tuple[date, str, int], Decimal] = defaultdict(Decimal)
    rows = (
        SignUp.objects.filter(confirmed_at__isnull=False, hours__isnull=False)
        .values_list(
            "hours", "activity__starts_at", "activity__division_id", "activity__organizer_id"
        )
        .iterator(chunk_size=5000)
    )
    for hours, starts_at, code, organizer_id in rows:
        totals[(timezone.localdate(starts_at).replace(day=1), code, organizer_id)] += hours or 0
    with transaction.atomic():
        HoursMonth.objects.all().delete()
        HoursMonth.objects.bulk_create(
            (
                HoursMonth(month=m, division_code=code, organizer_id=org, hours=hours)
                for (m, code, org), hours in totals.items()
            ),
            batch_size=5000,
        )
    return len(totals)
