"""Writes of volunteer service: registration (age rules of the 志愿服务条例: under 14 cannot
register, 14 to 17 need the guardian's recorded consent), activities (a risky one cannot open
without accident insurance), sign-up and approval, check-in and check-out with a code that
changes every minute, corrections by the organizer (audited with before and after), and the
hours the organizer confirms."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.access.rule import reach_organizations
from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.divisions.models import Division
from shequ.organizations.models import Organization
from shequ.projects.models import ServiceProject
from shequ.projects.services import require_in_period, require_provider
from shequ.residents.identity import normalize_name, normalize_phone, parse_id_number
from shequ.residents.models import age_on
from shequ.residents.services import identifier_fields
from shequ.volunteers import hours_rollup
from shequ.volunteers import notifying as notifications
from shequ.volunteers.models import (
    ActivityStatus,
    IdType,
    SignUp,
    SignUpStatus,
    Team,
    Volunteer,
    VolunteerActivity,
)
from shequ.volunteers.permissions import activity_caps, acts_for, may_manage_in, team_caps

if TYPE_CHECKING:
    from shequ.accounts.models import User

MANAGE = Perm.VOLUNTEER_MANAGE
CODE_SECONDS = 60  # the check-in code changes every minute; the previous one is still accepted
MIN_AGE, ADULT = 14, 18
DAY = timedelta(hours=24)


def volunteer_register(
    *,
    by: User,
    division: Division,
    name: str,
    id_type: str,
    id_number: str,
    phone: str = "",
    birth_date: date | None = None,
    gender: str = "",
    skills: list[str] | None = None,
    availability: str = "",
    guardian_name: str = "",
    guardian_consent: bool = False,
) -> Volunteer:
    if not may_manage_in(by, division.code):
        raise Forbidden(_("You may not register volunteers in this community."))
    if division.level != Level.COMMUNITY:
        raise InvalidInput(_("Choose a community."), field="division")
    name = normalize_name(name)
    if id_type not in IdType.values:
        raise InvalidInput(_("Unknown ID type."), field="id_type")
    number = (id_number or "").strip().upper()
    if id_type == IdType.RESIDENT:
        info = parse_id_number(number)
        number, birth_date, gender = info.number, info.birth_date, info.gender
    elif not number:
        raise InvalidInput(_("The ID number is required."), field="id_number")
    if birth_date is None:
        raise InvalidInput(_("The birth date is required."), field="birth_date")
    age = age_on(birth_date, date.today())
    if age < MIN_AGE:
        raise InvalidInput(
            _("Volunteers are at least 14 years old."), field="birth_date", code="too_young"
        )
    consent_date = None
    if age < ADULT:
        if not (guardian_consent and guardian_name.strip()):
            raise InvalidInput(
                _("A volunteer under 18 needs the guardian's name and consent."),
                field="guardian_consent",
                code="guardian_consent",
            )
        consent_date = date.today()
    phone = normalize_phone(phone) if phone else ""
    volunteer = Volunteer(
        division=division,
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_type=id_type,
        **identifier_fields(number, phone),
        skills=sorted({s.strip() for s in skills or [] if s.strip()}),
        availability=availability.strip()[:200],
        guardian_name=guardian_name.strip()[:50],
        guardian_consent_date=consent_date,
    )
    try:
        with transaction.atomic():
            count = Volunteer.objects.filter(division=division).count()
            volunteer.number = f"{division.code}{count + 1:04d}"
            volunteer.save()
            audit_record(actor=by, action="volunteer.register", obj=volunteer)
    except IntegrityError as exc:
        raise Conflict(
            _("A volunteer with this ID number is registered already."),
            field="id_number",
            code="duplicate",
        ) from exc
    return volunteer


def require_organizer(by: User, activity: VolunteerActivity) -> None:
    activity_caps(by, activity).require("organize", _("Only the organizer may do this."))


def activity_create(
    *,
    by: User,
    organizer: Organization,
    division: Division,
    title: str,
    content: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    skills: list[str] | None = None,
    risks: str = "",
    risky: bool = False,
    insured: bool = False,
    project: ServiceProject | None = None,
) -> VolunteerActivity:
    """An activity, possibly under a purchased service project (its confirmed hours then count
    toward the project's volunteer-hours target)."""
    if organizer.pk not in reach_organizations(by, MANAGE):
        raise Forbidden(_("You organize activities for your own organization only."))
    if not may_manage_in(by, division.code) and not division.code.startswith(
        organizer.division.prefix
    ):
        raise Forbidden(_("You may not organize activities there."))
    if not title.strip() or not content.strip():
        raise InvalidInput(_("A title and the content are required."), field="title")
    if ends_at <= starts_at:
        raise InvalidInput(_("The activity ends before it starts."), field="ends_at")
    if ends_at - starts_at > timedelta(hours=24):
        raise InvalidInput(_("An activity lasts at most 24 hours."), field="ends_at")
    if capacity < 1:
        raise InvalidInput(_("At least one place."), field="capacity")
    if risky and not risks.strip():
        raise InvalidInput(_("State the risks of a risky activity."), field="risks")
    require_provider(project, organizer)
    require_in_period(project, timezone.localdate(starts_at), field="starts_at")
    with transaction.atomic():
        activity = VolunteerActivity.objects.create(
            division=division,
            organizer=organizer,
            project=project,
            title=title.strip()[:120],
            content=content.strip(),
            place=place.strip()[:200],
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            skills=sorted({s.strip() for s in skills or [] if s.strip()}),
            risks=risks.strip(),
            risky=risky,
            insured=insured,
            code_secret=secrets.token_hex(16),
        )
        audit_record(actor=by, action="volunteer.activity", obj=activity)
    return activity


def activity_open(*, by: User, activity: VolunteerActivity) -> VolunteerActivity:
    require_organizer(by, activity)
    if activity.risky and not activity.insured:
        raise InvalidInput(
            _("A risky activity opens only once accident insurance is bought."),
            field="insured",
            code="uninsured",
        )
    with transaction.atomic():
        activity.status = ActivityStatus.OPEN
        activity.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, action="volunteer.activity_open", obj=activity)
    return activity


def sign_up(*, by: User, activity: VolunteerActivity, volunteer: Volunteer) -> SignUp:
    """The volunteer themself (their account) or the organizer on their behalf."""
    if volunteer.user_id != by.pk:
        require_organizer(by, activity)
    # a volunteer signs up until the activity ends; the organizer may still add someone who
    # served (recorded after the fact)
    own = volunteer.user_id == by.pk
    if not (activity.signup_open if own else activity.status == ActivityStatus.OPEN):
        raise InvalidInput(_("The activity is not open for sign-up."), field="activity")
    taken = activity.signups.exclude(status=SignUpStatus.REJECTED).count()
    if taken >= activity.capacity:
        raise InvalidInput(_("The activity is full."), field="activity", code="full")
    try:
        with transaction.atomic():
            signup = SignUp.objects.create(activity=activity, volunteer=volunteer)
            audit_record(actor=by, action="volunteer.sign_up", obj=activity)
            if volunteer.user_id == by.pk:  # the organizer decides what they did not enter
                notifications.volunteer_signed_up(signup)
    except IntegrityError as exc:
        raise Conflict(_("Already signed up."), field="activity", code="duplicate") from exc
    return signup


def sign_up_decide(*, by: User, signup: SignUp, approve: bool) -> SignUp:
    require_organizer(by, signup.activity)
    with transaction.atomic():
        signup.status = SignUpStatus.APPROVED if approve else SignUpStatus.REJECTED
        signup.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, action="volunteer.sign_up_decide", obj=signup.activity)
    return signup


def check_code(activity: VolunteerActivity, at: datetime) -> str:
    """The six-digit code of the minute `at` falls in (shown on the organizer's screen, also as
    a QR code)."""
    window = int(at.timestamp()) // CODE_SECONDS
    digest = hmac.new(
        activity.code_secret.encode(), f"{activity.pk}:{window}".encode(), hashlib.sha256
    ).hexdigest()
    return f"{int(digest[:12], 16) % 1_000_000:06d}"


def _check(signup: SignUp, code: str, at: datetime) -> None:
    activity = signup.activity
    if signup.status != SignUpStatus.APPROVED:
        raise InvalidInput(_("The sign-up has not been approved."), field="signup")
    valid = {check_code(activity, at), check_code(activity, at - timedelta(seconds=CODE_SECONDS))}
    if (code or "").strip() not in valid:
        raise InvalidInput(_("The code is wrong or has expired."), field="code", code="bad_code")
    if not activity.starts_at - timedelta(hours=1) <= at <= activity.ends_at + timedelta(hours=1):
        raise InvalidInput(_("The activity is not on now."), field="code", code="not_now")


def require_valid_times(signup: SignUp, start: datetime, end: datetime | None) -> None:
    """The rules for a volunteer's service times, the same for check-in, check-out and the
    organizer's corrections: the check-out comes after the check-in; a volunteer is not checked
    in at two activities at once; at most 24 hours of service in a day (the hours count on
    the day of the check-in)."""
    if end is not None:
        if end <= start:
            raise InvalidInput(
                _("The check-out is before the check-in."),
                field="checked_out_at",
                code="out_before_in",
            )
        if end - start > DAY:
            raise InvalidInput(
                _("At most 24 hours of service at a time."),
                field="checked_out_at",
                code="over_24_hours",
            )
    others = SignUp.objects.filter(
        volunteer_id=signup.volunteer_id, checked_in_at__isnull=False
    ).exclude(pk=signup.pk)
    overlapping = others.filter(Q(checked_out_at__isnull=True) | Q(checked_out_at__gt=start))
    if end is not None:
        overlapping = overlapping.filter(checked_in_at__lt=end)
    clash = overlapping.select_related("activity").first()
    if clash is not None:
        raise InvalidInput(
            _('The volunteer is checked in at "%(title)s" at that time.')
            % {"title": clash.activity.title},
            field="checked_in_at",
            code="overlap",
        )
    if end is None:
        return
    day = timezone.localtime(start).replace(hour=0, minute=0, second=0, microsecond=0)
    same_day = others.filter(
        checked_in_at__gte=day, checked_in_at__lt=day + DAY, checked_out_at__isnull=False
    ).values_list("checked_in_at", "checked_out_at")
    served = sum((out - in_ for in_, out in same_day if in_ and out), end - start)
    if served > DAY:
        raise InvalidInput(
            _("More than 24 hours of service on %(day)s.") % {"day": f"{day:%Y-%m-%d}"},
            field="checked_out_at",
            code="over_24_hours_day",
        )


def check_in(*, by: User, signup: SignUp, code: str, at: datetime | None = None) -> SignUp:
    if signup.volunteer.user_id != by.pk:
        raise Forbidden(_("Volunteers check themselves in."))
    at = at or timezone.now()
    _check(signup, code, at)
    if signup.checked_in_at is not None:
        raise InvalidInput(_("Already checked in."), field="code")
    require_valid_times(signup, at, None)
    signup.checked_in_at = at
    signup.save(update_fields=["checked_in_at", "updated_at"])
    return signup


def _hours(start: datetime, end: datetime) -> Decimal:
    return (Decimal((end - start).total_seconds()) / 3600).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# A check-out this soon after the check-in is most likely a mistake (a tap on the wrong
# button): the volunteer is asked to confirm it.
SHORT_SERVICE = timedelta(minutes=15)


def check_out(
    *, by: User, signup: SignUp, code: str, at: datetime | None = None, confirm_short: bool = False
) -> SignUp:
    """Checking out records the actual service time (travel is not counted: the times are
    taken at the place, with the code shown there). A check-out within SHORT_SERVICE of the
    check-in needs `confirm_short`."""
    if signup.volunteer.user_id != by.pk:
        raise Forbidden(_("Volunteers check themselves out."))
    at = at or timezone.now()
    _check(signup, code, at)
    if signup.checked_in_at is None:
        raise InvalidInput(_("Check in first."), field="code")
    if signup.checked_out_at is not None:
        raise InvalidInput(_("Already checked out."), field="code")
    require_valid_times(signup, signup.checked_in_at, at)
    if at - signup.checked_in_at < SHORT_SERVICE and not confirm_short:
        raise InvalidInput(
            _(
                "You checked in only %(minutes)s minutes ago: confirm that you are leaving now,"
                " or check out when you leave."
            )
            % {"minutes": int((at - signup.checked_in_at).total_seconds() // 60)},
            field="confirm_short",
            code="short",
        )
    signup.checked_out_at = at
    signup.hours = _hours(signup.checked_in_at, at)
    with transaction.atomic():
        signup.save(update_fields=["checked_out_at", "hours", "updated_at"])
        notifications.volunteer_checked_out(signup)
    return signup


def times_correct(
    *, by: User, signup: SignUp, checked_in_at: datetime, checked_out_at: datetime, reason: str
) -> SignUp:
    """The organizer corrects the times (a forgotten check-out); audited with before and after."""
    require_organizer(by, signup.activity)
    if signup.confirmed_at is not None:
        raise InvalidInput(_("The hours are confirmed already."), field="signup")
    if not reason.strip():
        raise InvalidInput(_("Give the reason."), field="reason")
    require_valid_times(signup, checked_in_at, checked_out_at)
    before = {
        "in": signup.checked_in_at.isoformat() if signup.checked_in_at else None,
        "out": signup.checked_out_at.isoformat() if signup.checked_out_at else None,
    }
    with transaction.atomic():
        signup.checked_in_at, signup.checked_out_at = checked_in_at, checked_out_at
        signup.hours = _hours(checked_in_at, checked_out_at)
        signup.save()
        audit_record(
            actor=by,
            action="volunteer.correct_times",
            obj=signup.activity,
            detail={
                "signup": signup.pk,
                "before": before,
                "after": {"in": checked_in_at.isoformat(), "out": checked_out_at.isoformat()},
                "reason": reason.strip()[:200],
            },
        )
    return signup


def hours_confirm(*, by: User, signup: SignUp) -> SignUp:
    require_organizer(by, signup.activity)
    if signup.hours is None:
        raise InvalidInput(_("There are no hours to confirm yet."), field="signup")
    with transaction.atomic():
        # one confirmation: the row locked, a second request finds it confirmed
        if SignUp.objects.select_for_update().filter(pk=signup.pk, confirmed_at__isnull=False):
            raise InvalidInput(_("These hours are already confirmed."), field="signup")
        signup.confirmed_by = by
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
        hours_rollup.add(signup)
        audit_record(
            actor=by,
            action="volunteer.confirm",
            obj=signup.activity,
            detail={"hours": str(signup.hours)},
        )
    return signup


def confirmed_hours(
    *,
    volunteer: Volunteer | None = None,
    team: Any = None,
    organization: Organization | None = None,
    project: ServiceProject | None = None,
    prefix: str = "",
    start: date | None = None,
    end: date | None = None,
) -> Decimal:
    """Confirmed hours for a volunteer, a team, an organizer, a division and a period (the
    period rule is `selectors.confirmed_signups`, which the totals page and API use too)."""
    from shequ.volunteers.selectors import confirmed_signups

    qs = confirmed_signups(start=start, end=end)
    if volunteer is not None:
        qs = qs.filter(volunteer=volunteer)
    if team is not None:
        qs = qs.filter(volunteer__teams=team)
    if organization is not None:
        qs = qs.filter(activity__organizer=organization)
    if project is not None:
        qs = qs.filter(activity__project=project)
    if prefix:
        qs = qs.filter(activity__division__code__startswith=prefix)
    return qs.aggregate(n=Sum("hours"))["n"] or Decimal("0")


# --- teams ---------------------------------------------------------------------------------


def _require_team_manager(by: User, team: Team) -> None:
    team_caps(by, team).require("manage", _("Only the team's organization may change the team."))


def _require_reachable(by: User, volunteer: Volunteer, field: str) -> None:
    if not Volunteer.objects.visible_to(by, Perm.VOLUNTEER_VIEW).filter(pk=volunteer.pk).exists():
        raise Forbidden(_("This volunteer is not in your reach."), field=field)


def team_create(
    *,
    by: User,
    organization: Organization,
    division: Division,
    name: str,
    leader: Volunteer | None = None,
) -> Team:
    """A team of an organization (the user's own, or one of a community in their reach, such
    as a resident volunteer group), at a division in reach; the leader, if any, is its first
    member."""
    if not acts_for(by, organization.pk, organization.division_id):
        raise Forbidden(
            _("You form teams for your own organization or one of your communities only."),
            field="organization",
        )
    if not may_manage_in(by, division.code) and not division.code.startswith(
        organization.division.prefix
    ):
        raise Forbidden(_("You may not form a team there."), field="division")
    name = " ".join(name.split())[:120]
    if not name:
        raise InvalidInput(_("The team needs a name."), field="name")
    if leader is not None:
        _require_reachable(by, leader, "leader")
    try:
        with transaction.atomic():
            team = Team.objects.create(
                division=division, organization=organization, name=name, leader=leader
            )
            if leader is not None:
                team.members.add(leader)
            audit_record(actor=by, action="volunteer.team_create", obj=team)
    except IntegrityError as exc:
        raise Conflict(
            _("The organization has a team of this name already."), field="name", code="duplicate"
        ) from exc
    return team


def team_member_add(*, by: User, team: Team, volunteer: Volunteer) -> Team:
    _require_team_manager(by, team)
    _require_reachable(by, volunteer, "volunteer")
    if team.members.filter(pk=volunteer.pk).exists():
        raise Conflict(_("Already a member of the team."), field="volunteer", code="duplicate")
    with transaction.atomic():
        team.members.add(volunteer)
        audit_record(
            actor=by,
            action="volunteer.team_member_add",
            obj=team,
            detail={"volunteer": volunteer.number},
        )
    return team


def team_member_remove(*, by: User, team: Team, volunteer: Volunteer) -> Team:
    """Removing the leader leaves the team without a leader until another is named."""
    _require_team_manager(by, team)
    if not team.members.filter(pk=volunteer.pk).exists():
        raise InvalidInput(_("Not a member of the team."), field="volunteer")
    with transaction.atomic():
        team.members.remove(volunteer)
        if team.leader_id == volunteer.pk:
            team.leader = None
            team.save(update_fields=["leader", "updated_at"])
        audit_record(
            actor=by,
            action="volunteer.team_member_remove",
            obj=team,
            detail={"volunteer": volunteer.number},
        )
    return team


def team_leader_set(*, by: User, team: Team, volunteer: Volunteer) -> Team:
    """The leader is one of the members."""
    _require_team_manager(by, team)
    if not team.members.filter(pk=volunteer.pk).exists():
        raise InvalidInput(_("The leader must be a member of the team."), field="volunteer")
    with transaction.atomic():
        team.leader = volunteer
        team.save(update_fields=["leader", "updated_at"])
        audit_record(
            actor=by,
            action="volunteer.team_leader",
            obj=team,
            detail={"volunteer": volunteer.number},
        )
    return team
