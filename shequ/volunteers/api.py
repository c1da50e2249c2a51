"""The volunteer API: `/api/v1/volunteers`, `/api/v1/volunteer-activities` and their sign-ups,
within the access rule (the volunteer's community, the activity's community and organizer; a
volunteer acts on their own sign-ups)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from shequ.core.api import ERRORS, paginate
from shequ.core.errors import NotFound
from shequ.divisions.selectors import division_get
from shequ.organizations.models import Organization
from shequ.volunteers import services
from shequ.volunteers.schemas import (
    CodeIn,
    CodeOut,
    CorrectIn,
    DecideIn,
    SignUpIn,
    SignUpOut,
    VolunteerActivityIn,
    VolunteerActivityOut,
    VolunteerHoursOut,
    VolunteerIn,
    VolunteerOut,
)
from shequ.volunteers.selectors import (
    activity_get,
    activity_list,
    own_volunteer,
    signup_get,
    signups_of,
    volunteer_get,
    volunteer_list,
)

router = Router(tags=["volunteers"])


@router.get("/volunteers", response={200: list[VolunteerOut], **ERRORS}, summary="Volunteers")
def list_volunteers(request: HttpRequest, q: str = "", limit: int = 50, offset: int = 0) -> Any:
    _count, items, _limit, _offset = paginate(volunteer_list(user=request.user, q=q), limit, offset)
    return items


@router.post("/volunteers", response={201: VolunteerOut, **ERRORS}, summary="Register a volunteer")
def register_volunteer(request: HttpRequest, payload: VolunteerIn) -> Any:
    data = payload.dict()
    division = division_get(user=request.user, code=data.pop("community_code"))
    return Status(201, services.volunteer_register(by=request.user, division=division, **data))


@router.get(
    "/volunteers/{int:volunteer_id}",
    response={200: VolunteerOut, **ERRORS},
    summary="One volunteer",
)
def get_volunteer(request: HttpRequest, volunteer_id: int) -> Any:
    return volunteer_get(user=request.user, pk=volunteer_id)


@router.get(
    "/volunteers/{int:volunteer_id}/hours",
    response={200: VolunteerHoursOut, **ERRORS},
    summary="Confirmed hours",
)
def volunteer_hours(request: HttpRequest, volunteer_id: int) -> Any:
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
def list_activities(request: HttpRequest, limit: int = 50, offset: int = 0) -> Any:
    _count, items, _limit, _offset = paginate(activity_list(user=request.user), limit, offset)
    return items


@router.post(
    "/volunteer-activities",
    response={201: VolunteerActivityOut, **ERRORS},
    summary="Organize an activity",
)
def create_activity(request: HttpRequest, payload: VolunteerActivityIn) -> Any:
    data = payload.dict()
    organizer = (
        Organization.objects.filter(pk=data.pop("organizer_id")).select_related("division").first()
    )
    if organizer is None:
        raise NotFound()
    division = division_get(user=request.user, code=data.pop("community_code"))
    return Status(
        201,
        services.activity_create(by=request.user, organizer=organizer, division=division, **data),
    )


@router.post(
    "/volunteer-activities/{int:activity_id}/open",
    response={200: VolunteerActivityOut, **ERRORS},
    summary="Open for sign-up (a risky activity needs insurance)",
)
def open_activity(request: HttpRequest, activity_id: int) -> Any:
    activity = activity_get(user=request.user, pk=activity_id)
    return services.activity_open(by=request.user, activity=activity)


@router.get(
    "/volunteer-activities/{int:activity_id}/code",
    response={200: CodeOut, **ERRORS},
    summary="The check-in code of this minute (for the organizer's screen)",
)
def activity_code(request: HttpRequest, activity_id: int) -> Any:
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
def list_signups(request: HttpRequest, activity_id: int) -> Any:
    return list(
        signups_of(user=request.user, activity=activity_get(user=request.user, pk=activity_id))
    )


@router.post(
    "/volunteer-activities/{int:activity_id}/signups",
    response={201: SignUpOut, **ERRORS},
    summary="Sign up (yourself, or a volunteer as the organizer)",
)
def create_signup(request: HttpRequest, activity_id: int, payload: SignUpIn) -> Any:
    activity = activity_get(user=request.user, pk=activity_id)
    volunteer = (
        volunteer_get(user=request.user, pk=payload.volunteer_id)
        if payload.volunteer_id
        else own_volunteer(request.user)
    )
    if volunteer is None:
        raise NotFound()
    return Status(201, services.sign_up(by=request.user, activity=activity, volunteer=volunteer))


def _signup(request: HttpRequest, signup_id: int) -> Any:
    return signup_get(user=request.user, pk=signup_id)


@router.post(
    "/signups/{int:signup_id}/decide",
    response={200: SignUpOut, **ERRORS},
    summary="Approve or reject",
)
def decide(request: HttpRequest, signup_id: int, payload: DecideIn) -> Any:
    return services.sign_up_decide(
        by=request.user, signup=_signup(request, signup_id), approve=payload.approve
    )


@router.post(
    "/signups/{int:signup_id}/check-in", response={200: SignUpOut, **ERRORS}, summary="Check in"
)
def check_in(request: HttpRequest, signup_id: int, payload: CodeIn) -> Any:
    return services.check_in(by=request.user, signup=_signup(request, signup_id), code=payload.code)


@router.post(
    "/signups/{int:signup_id}/check-out", response={200: SignUpOut, **ERRORS}, summary="Check out"
)
def check_out(request: HttpRequest, signup_id: int, payload: CodeIn) -> Any:
    return services.check_out(
        by=request.user, signup=_signup(request, signup_id), code=payload.code
    )


@router.post(
    "/signups/{int:signup_id}/correct",
    response={200: SignUpOut, **ERRORS},
    summary="Correct the times (audited)",
)
def correct(request: HttpRequest, signup_id: int, payload: CorrectIn) -> Any:
    return services.times_correct(
        by=request.user, signup=_signup(request, signup_id), **payload.dict()
    )


@router.post(
    "/signups/{int:signup_id}/confirm",
    response={200: SignUpOut, **ERRORS},
    summary="Confirm the hours",
)
def confirm(request: HttpRequest, signup_id: int) -> Any:
    return services.hours_confirm(by=request.user, signup=_signup(request, signup_id))
