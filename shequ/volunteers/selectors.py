"""Reads of volunteer service within the access rule: volunteers and activities through the
division (community) they belong to; a volunteer sees their own record, sign-ups and
certificates, and the activities open for sign-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, has_perm, reach_organizations, reach_q
from shequ.core.errors import InvalidInput, NotFound
from shequ.organizations.models import Organization
from shequ.volunteers.models import (
    Certificate,
    SignUp,
    SignUpStatus,
    Team,
    Volunteer,
    VolunteerActivity,
)
from shequ.volunteers.permissions import may_read_certificate

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.VOLUNTEER_VIEW
MANAGE = Perm.VOLUNTEER_MANAGE


def own_volunteer(user: User) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user_id=user.pk).first()


def volunteer_list(*, user: User, q: str = "") -> QuerySet[Volunteer]:
    qs = Volunteer.objects.visible_to(user, VIEW)
    if q:
        qs = qs.filter(Q(name__startswith=q.strip()) | Q(number=q.strip()))
    return qs.select_related("division").order_by("number")


def volunteer_get(*, user: User, pk: int) -> Volunteer:
    volunteer: Volunteer = get_visible_or_404(volunteer_list(user=user), user, VIEW, pk=pk)
    return volunteer


def activity_list(*, user: User) -> QuerySet[VolunteerActivity]:
    """In reach; organized by the user's organization; or open for sign-up, for a volunteer
    (VolunteerActivity.shared_q)."""
    return (
        VolunteerActivity.objects.visible_to(user, VIEW)
        .select_related("organizer", "division")
        .order_by("-starts_at", "-id")
    )


def activity_get(*, user: User, pk: int) -> VolunteerActivity:
    activity: VolunteerActivity = get_visible_or_404(activity_list(user=user), user, VIEW, pk=pk)
    return activity


def _managed(user: User) -> Q:
    """Activities the user sees as an organizer or an officer (not merely as a volunteer)."""
    return reach_q(user, VIEW) | Q(organizer_id__in=reach_organizations(user, MANAGE))


def signup_get(*, user: User, pk: int) -> SignUp:
    """A sign-up, for its volunteer, or for whoever sees the activity as organizer or officer."""
    signup = SignUp.objects.select_related("activity", "volunteer").filter(pk=pk).first()
    if signup is None:
        raise NotFound()
    if signup.volunteer.user_id == user.pk:
        return signup
    if not VolunteerActivity.objects.filter(_managed(user), pk=signup.activity_id).exists():
        raise NotFound()
    return signup


def signups_of(*, user: User, activity: VolunteerActivity) -> QuerySet[SignUp]:
    """All sign-ups for the organizer or an officer; a volunteer sees their own."""
    qs = activity.signups.select_related("volunteer")
    if VolunteerActivity.objects.filter(_managed(user), pk=activity.pk).exists():
        return qs
    return qs.filter(volunteer__user_id=user.pk)


# --- teams ---------------------------------------------------------------------------------


def team_list(*, user: User) -> QuerySet[Team]:
    """Teams in reach, and the teams of the user's organization (Team.shared_q)."""
    return (
        Team.objects.visible_to(user, VIEW)
        .select_related("organization", "division", "leader")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("division_id", "name")
    )


def team_organizations(*, user: User) -> list[Organization]:
    """The organizations a user may form a team for: their own, and those of the communities
    they manage (the page's choices and the only ids the API accepts)."""
    return list(
        Organization.objects.filter(
            Q(pk__in=reach_organizations(user, MANAGE)) | reach_q(user, MANAGE, "division__code")
        )
        .select_related("division")
        .order_by("division_id", "name")
    )


def hours_by_organization(signups: list[SignUp]) -> list[dict[str, Any]]:
    """The organizations that recorded the volunteer's hours (among these sign-ups, with their
    activity's organizer), with what they confirmed and what waits for their confirmation: the
    ones a volunteer may ask for a certificate, on the page and in the API."""
    by_org: dict[int, dict[str, Any]] = {}
    for s in signups:
        if s.hours is None:
            continue
        org = s.activity.organizer
        row = by_org.setdefault(
            org.pk, {"organization": org, "confirmed": Decimal("0"), "waiting": Decimal("0")}
        )
        row["confirmed" if s.confirmed_at else "waiting"] += s.hours
    return list(by_org.values())


def own_signups(volunteer: Volunteer | None) -> list[SignUp]:
    """A volunteer's own sign-ups, latest first, with their activity and its organizer."""
    if volunteer is None:
        return []
    return list(
        volunteer.signups.select_related("activity__organizer").order_by("-activity__starts_at")
    )


def certificate_get(*, user: User, number: str) -> Certificate:
    """A certificate by its number, for its volunteer or the organization that issued it;
    NotFound for anyone else, as for a number that does not exist."""
    certificate = (
        Certificate.objects.filter(number=number)
        .select_related("volunteer", "organization", "handler")
        .first()
    )
    if certificate is None or not may_read_certificate(user, certificate):
        raise NotFound()
    return certificate


def team_get(*, user: User, pk: int) -> Team:
    team: Team = get_visible_or_404(
        Team.objects.select_related("organization", "division", "leader"), user, VIEW, pk=pk
    )
    return team


# --- confirmed hours -----------------------------------------------------------------------

GROUPS = ("volunteer", "team", "organization", "division")


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


def confirmed_signups(*, start: date | None = None, end: date | None = None) -> QuerySet[SignUp]:
    """The one rule of counted hours: confirmed by the organizer, in the period by the day the
    activity starts (local time), both ends included."""
    qs = SignUp.objects.filter(confirmed_at__isnull=False)
    tz = timezone.get_current_timezone()
    if start is not None:
        qs = qs.filter(activity__starts_at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end is not None:
        qs = qs.filter(
            activity__starts_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
        )
    return qs


@dataclass(frozen=True)
class HoursRow:
    key: str
    label: str
    hours: Decimal
    volunteers: int
    signups: int


@dataclass(frozen=True)
class HoursTotals:
    group_by: str
    start: date
    end: date
    rows: list[HoursRow]

    @property
    def total(self) -> Decimal:
        return sum((r.hours for r in self.rows), Decimal("0"))


_GROUP_FIELDS = {
    "volunteer": ("volunteer__number", "volunteer__name"),
    "team": ("volunteer__teams__id", "volunteer__teams__name"),
    "organization": ("activity__organizer_id", "activity__organizer__name"),
    "division": ("activity__division_id", "activity__division__name"),
}


def hours_totals(
    *,
    user: User,
    group_by: str = "volunteer",
    start: date | None = None,
    end: date | None = None,
    team: Team | None = None,
) -> HoursTotals:
    """Confirmed hours by volunteer, team, organization (the organizer) or division (the
    activity's), for a period (default: this year), counting the activities the user sees as
    organizer or officer. One query whatever the number of rows. A team's hours are those of
    its members; `team` narrows to one team (its page)."""
    if group_by not in GROUPS:
        raise InvalidInput(
            _("Group by volunteer, team, organization or division."), field="group_by"
        )
    default_start, default_end = this_year()
    start, end = start or default_start, end or default_end
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), field="to")
    qs = confirmed_signups(start=start, end=end).filter(
        reach_q(user, VIEW, "activity__division__code")
        | Q(activity__organizer_id__in=reach_organizations(user, MANAGE))
    )
    if team is not None:
        qs = qs.filter(volunteer__teams=team)
    if group_by == "team":
        qs = qs.filter(volunteer__teams__in=Team.objects.visible_to(user, VIEW).values("pk"))
    key, label = _GROUP_FIELDS[group_by]
    rows = (
        qs.values(key, label)
        .annotate(
            hours=Sum("hours"),
            volunteers=Count("volunteer_id", distinct=True),
            signups=Count("id", distinct=True),
        )
        .order_by("-hours", label)
    )
    return HoursTotals(
        group_by=group_by,
        start=start,
        end=end,
        rows=[
            HoursRow(
                key=str(r[key]),
                label=r[label] if group_by != "volunteer" else f"{r[key]} {r[label]}",
                hours=r["hours"] or Decimal("0"),
                volunteers=r["volunteers"],
                signups=r["signups"],
            )
            for r in rows
        ],
    )


# ------------------------------------------------------------------ what waits (the workbench)


def _organized(user: User) -> Q:
    """Sign-ups of activities the user organizes (the rule of `may_organize`)."""
    return Q(activity__organizer_id__in=reach_organizations(user, MANAGE)) | reach_q(
        user, MANAGE, "activity__division__code"
    )


def signups_to_decide(user: User) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(_organized(user), status=SignUpStatus.APPLIED)
        .select_related("activity", "volunteer")
        .order_by("activity__starts_at", "id")
    )


def hours_to_confirm(user: User) -> QuerySet[SignUp]:
    """Approved sign-ups checked out and not yet confirmed."""
    return (
        SignUp.objects.filter(
            _organized(user),
            status=SignUpStatus.APPROVED,
            checked_out_at__isnull=False,
            confirmed_at__isnull=True,
        )
        .select_related("activity", "volunteer")
        .order_by("activity__ends_at", "id")
    )


def my_signups_ahead(user: User, now: datetime) -> QuerySet[SignUp]:
    """The volunteer's own sign-ups for activities not over yet and not checked in."""
    if not has_perm(user, Perm.VOLUNTEER_SELF):
        return SignUp.objects.none()
    return (
        SignUp.objects.filter(
            volunteer__user_id=user.pk,
            status__in=[SignUpStatus.APPLIED, SignUpStatus.APPROVED],
            checked_in_at__isnull=True,
            activity__ends_at__gt=now,
        )
        .select_related("activity")
        .order_by("activity__starts_at", "id")
    )
