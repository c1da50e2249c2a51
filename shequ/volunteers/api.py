"""The volunteer API: `/api/v1/volunteers`, `/api/v1/volunteer-activities` and their sign-ups,
`/api/v1/volunteer-teams` and `/api/v1/volunteer-hours` (confirmed totals), within the access
rule (the volunteer's community, the activity's community and organizer; a volunteer acts on
their own sign-ups and asks for their own certificates)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.utils import timezone
from ninja import Query, Router, Status

from shequ.access.perms import Perm
from shequ.access.rule import named, named_in_body
from shequ.access.signed_in import AuthedHttpRequest
from shequ.core.api import ERRORS, paginate, with_caps
from shequ.core.errors import NotFound
from shequ.divisions.selectors import division_get
from shequ.organizations.selectors import organizations_acting_for
from shequ.projects.selectors import project_get
from shequ.volunteers import services
from shequ.volunteers.certificates import certificate_request
from shequ.volunteers.permissions import (
    activity_caps,
    team_caps,
    volunteer_caps,
    volunteer_list_caps,
)
from shequ.volunteers.schemas import (
    CertificateRequestIn,
    CertificateRequestOut,
    CheckOutIn,
    CodeIn,
    CodeOut,
    CorrectIn,
    DecideIn,
    HoursTotalsOut,
    SignUpIn,
    SignUpOut,
    TeamDetailOut,
    TeamIn,
    TeamMemberIn,
    TeamOut,
    VolunteerActivityIn,
    VolunteerActivityOut,
    VolunteerHoursOut,
    VolunteerIn,
    VolunteerOut,
)
from shequ.volunteers.selectors import (
    activity_get,
    activity_list,
    hours_by_organization,
    hours_totals,
    own_signups,
    own_volunteer,
    signup_get,
    signups_of,
    team_get,
    team_list,
    team_organizations,
    volunteer_get,
    volunteer_list,
)

router = Router(tags=["volunteers"])


def _team(request: AuthedHttpRequest, pk: int) -> Any:
    """A detail answer: the team with what the user may do to it."""
    team = team_get(user=request.user, pk=pk)
    return with_caps(team, team_caps(request.user, team))


@router.get("/volunteers", response={200: list[VolunteerOut], **ERRORS}, summary="Volunteers")
def list_volunteers(
    request: AuthedHttpRequest, q: str = "", limit: int = 50, offset: int = 0
) -> Any:
    _count, items, _limit, _offset = paginate(volunteer_list(user=request.user, q=q), limit, offset)
    return items


@router.post("/volunteers", response={201: VolunteerOut, **ERRORS}, summary="Register a volunteer")
def register_volunteer(request: AuthedHttpRequest, payload: VolunteerIn) -> Any:
    data = payload.dict()
    division = division_get(user=request.user, code=data.pop("community_code"))
    volunteer = services.volunteer_register(by=request.user, division=division, **data)
    return Status(201, with_caps(volunteer, volunteer_caps(request.user, volunteer)))


@router.get(
    "/volunteers/{int:volunteer_id}",
    response={200: VolunteerOut, **ERRORS},
    summary="One volunteer",
)
def get_volunteer(request: AuthedHttpRequest, volunteer_id: int) -> Any:
    volunteer = volunteer_get(user=request.user, pk=volunteer_id)
    return with_caps(volunteer, volunteer_caps(request.user, volunteer))


@router.get(
    "/volunteers/{int:volunteer_id}/hours",
    response={200: VolunteerHoursOut, **ERRORS},
    summary="Confirmed hours",
)
def volunteer_hours(request: AuthedHttpRequest, volunteer_id: int) -> Any:
    volunteer = volunteer_get(user=request.user, pk=volunteer_id)
    return {
        "volunteer_id": volunteer.pk,
        "confirmed_hours": services.confirmed_hours(volunteer=volunteer),
    }


@router.get(
    "/volunteer-activities",
    response={200: list[VolunteerActivityOut], **ERRORS},
    summary="Activities",
)
def list_activities(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    _count, items, _limit, _offset = paginate(activity_list(user=request.user), limit, offset)
    return items


@router.post(
    "/volunteer-activities",
    response={201: VolunteerActivityOut, **ERRORS},
    summary="Organize an activity",
)
def create_activity(request: AuthedHttpRequest, payload: VolunteerActivityIn) -> Any:
    data = payload.dict()
    organizer = named(
        organizations_acting_for(user=request.user, perm=Perm.VOLUNTEER_MANAGE),
        data.pop("organizer_id"),
        field="organizer_id",
    )
    with named_in_body("community_code"):
        division = division_get(user=request.user, code=data.pop("community_code"))
    project_id = data.pop("project_id")
    with named_in_body("project_id"):
        project = project_get(user=request.user, pk=project_id) if project_id else None
    activity = services.activity_create(
        by=request.user, organizer=organizer, division=division, project=project, **data
    )
    return Status(201, with_caps(activity, activity_caps(request.user, activity)))


@router.post(
    "/volunteer-activities/{int:activity_id}/open",
    response={200: VolunteerActivityOut, **ERRORS},
    summary="Open for sign-up (a risky activity needs insurance)",
)
def open_activity(request: AuthedHttpRequest, activity_id: int) -> Any:
    activity = activity_get(user=request.user, pk=activity_id)
    services.activity_open(by=request.user, activity=activity)
    return with_caps(activity, activity_caps(request.user, activity))


@router.get(
    "/volunteer-activities/{int:activity_id}/code",
    response={200: CodeOut, **ERRORS},
    summary="The check-in code of this minute (for the organizer's screen)",
)
def activity_code(request: AuthedHttpRequest, activity_id: int) -> Any:
    activity = activity_get(user=request.user, pk=activity_id)
    services.require_organizer(request.user, activity)
    now = timezone.now()
    left = services.CODE_SECONDS - int(now.timestamp()) % services.CODE_SECONDS
    return {"code": services.check_code(activity, now), "valid_for_seconds": left}


@router.get(
    "/volunteer-activities/{int:activity_id}/signups",
    response={200: list[SignUpOut], **ERRORS},
    summary="Sign-ups (all for the organizer, your own for a volunteer)",
)
def list_signups(request: AuthedHttpRequest, activity_id: int) -> Any:
    return list(
        signups_of(user=request.user, activity=activity_get(user=request.user, pk=activity_id))
    )


@router.post(
    "/volunteer-activities/{int:activity_id}/signups",
    response={201: SignUpOut, **ERRORS},
    summary="Sign up (yourself, or a volunteer as the organizer)",
)
def create_signup(request: AuthedHttpRequest, activity_id: int, payload: SignUpIn) -> Any:
    activity = activity_get(user=request.user, pk=activity_id)
    volunteer = (
        volunteer_get(user=request.user, pk=payload.volunteer_id)
        if payload.volunteer_id
        else own_volunteer(request.user)
    )
    if volunteer is None:
        raise NotFound()
    return Status(201, services.sign_up(by=request.user, activity=activity, volunteer=volunteer))


def _signup(request: AuthedHttpRequest, signup_id: int) -> Any:
    return signup_get(user=request.user, pk=signup_id)


@router.post(
    "/signups/{int:signup_id}/decide",
    response={200: SignUpOut, **ERRORS},
    summary="Approve or reject",
)
def decide(request: AuthedHttpRequest, signup_id: int, payload: DecideIn) -> Any:
    return services.sign_up_decide(
        by=request.user, signup=_signup(request, signup_id), approve=payload.approve
    )


@router.post(
    "/signups/{int:signup_id}/check-in", response={200: SignUpOut, **ERRORS}, summary="Check in"
)
def check_in(request: AuthedHttpRequest, signup_id: int, payload: CodeIn) -> Any:
    return services.check_in(by=request.user, signup=_signup(request, signup_id), code=payload.code)


@router.post(
    "/signups/{int:signup_id}/check-out", response={200: SignUpOut, **ERRORS}, summary="Check out"
)
def check_out(request: AuthedHttpRequest, signup_id: int, payload: CheckOutIn) -> Any:
    return services.check_out(
        by=request.user,
        signup=_signup(request, signup_id),
        code=payload.code,
        confirm_short=payload.confirm_short,
    )


@router.post(
    "/signups/{int:signup_id}/correct",
    response={200: SignUpOut, **ERRORS},
    summary="Correct the times (audited)",
)
def correct(request: AuthedHttpRequest, signup_id: int, payload: CorrectIn) -> Any:
    return services.times_correct(
        by=request.user, signup=_signup(request, signup_id), **payload.dict()
    )


@router.post(
    "/signups/{int:signup_id}/confirm",
    response={200: SignUpOut, **ERRORS},
    summary="Confirm the hours",
)
def confirm(request: AuthedHttpRequest, signup_id: int) -> Any:
    return services.hours_confirm(by=request.user, signup=_signup(request, signup_id))


# --- teams ---------------------------------------------------------------------------------


@router.get("/volunteer-teams", response={200: list[TeamOut], **ERRORS}, summary="Volunteer teams")
def list_teams(request: AuthedHttpRequest, limit: int = 50, offset: int = 0) -> Any:
    _count, items, _limit, _offset = paginate(team_list(user=request.user), limit, offset)
    return items


@router.post("/volunteer-teams", response={201: TeamDetailOut, **ERRORS}, summary="Form a team")
def create_team(request: AuthedHttpRequest, payload: TeamIn) -> Any:
    organization = named(
        team_organizations(user=request.user), payload.organization_id, field="organization_id"
    )
    with named_in_body("community_code"):
        division = division_get(user=request.user, code=payload.community_code)
    with named_in_body("leader_id"):
        leader = (
            volunteer_get(user=request.user, pk=payload.leader_id) if payload.leader_id else None
        )
    team = services.team_create(
        by=request.user,
        organization=organization,
        division=division,
        name=payload.name,
        leader=leader,
    )
    return Status(201, _team(request, team.pk))


@router.get(
    "/volunteer-teams/{int:team_id}",
    response={200: TeamDetailOut, **ERRORS},
    summary="One team, with its members",
)
def get_team(request: AuthedHttpRequest, team_id: int) -> Any:
    return _team(request, team_id)


@router.post(
    "/volunteer-teams/{int:team_id}/members",
    response={200: TeamDetailOut, **ERRORS},
    summary="Add a member",
)
def add_team_member(request: AuthedHttpRequest, team_id: int, payload: TeamMemberIn) -> Any:
    team = team_get(user=request.user, pk=team_id)
    volunteer = volunteer_get(user=request.user, pk=payload.volunteer_id)
    services.team_member_add(by=request.user, team=team, volunteer=volunteer)
    return _team(request, team_id)


@router.delete(
    "/volunteer-teams/{int:team_id}/members/{int:volunteer_id}",
    response={200: TeamDetailOut, **ERRORS},
    summary="Remove a member",
)
def remove_team_member(request: AuthedHttpRequest, team_id: int, volunteer_id: int) -> Any:
    team = team_get(user=request.user, pk=team_id)
    volunteer = team.members.filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound()
    services.team_member_remove(by=request.user, team=team, volunteer=volunteer)
    return _team(request, team_id)


# --- confirmed hours -----------------------------------------------------------------------


@router.get(
    "/volunteer-hours",
    response={200: HoursTotalsOut, **ERRORS},
    summary="Confirmed hours by volunteer, team, organization or division, for a period",
)
def hours(
    request: AuthedHttpRequest,
    group_by: Literal["volunteer", "team", "organization", "division"] = "volunteer",
    start: date | None = Query(None, alias="from"),  # noqa: B008
    end: date | None = Query(None, alias="to"),  # noqa: B008
) -> Any:
    """Within the caller's reach (the activities they see as organizer or officer); the period
    defaults to this year and counts an activity on the day it starts."""
    if not volunteer_list_caps(request.user).view:
        raise NotFound()
    totals = hours_totals(user=request.user, group_by=group_by, start=start, end=end)
    return {
        "group_by": totals.group_by,
        "start": totals.start,
        "end": totals.end,
        "total": totals.total,
        "rows": totals.rows,
    }


# --- certificate requests ------------------------------------------------------------------


@router.post(
    "/volunteers/me/certificate-requests",
    response={201: CertificateRequestOut, **ERRORS},
    summary="Ask an organization for a certificate of your confirmed hours",
)
def request_certificate(request: AuthedHttpRequest, payload: CertificateRequestIn) -> Any:
    volunteer = own_volunteer(request.user)
    if volunteer is None:
        raise NotFound()
    organization = named(
        [row["organization"] for row in hours_by_organization(own_signups(volunteer))],
        payload.organization_id,
        field="organization_id",
    )
    return Status(
        201,
        certificate_request(by=request.user, volunteer=volunteer, organization=organization),
    )
