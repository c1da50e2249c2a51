"""Who is told of a volunteer event: the organizing organization's people who may decide
sign-ups and confirm hours; for a certificate request, the people of the organization asked
who may issue it, then the volunteer when it is issued. Registered with the notifications app."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.accounts.models import User
from shequ.notifications.events import (
    Event,
    register,
    register_request,
    request_decided,
    request_made,
    tell,
)
from shequ.notifications.recipients import of_organization
from shequ.volunteers.permissions import activity_caps, issues_certificates_for


def activity_organizers(activity: Any) -> list[User]:
    """The organizing organization's people who may decide sign-ups and confirm hours."""
    return of_organization(
        [Perm.VOLUNTEER_MANAGE],
        activity.organizer_id,
        lambda u: activity_caps(u, activity).organize,
    )


register(
    "volunteer_signup",
    Event(
        lambda signup: activity_organizers(signup.activity),
        _("A volunteer signed up for an activity: approve or decline"),
        "volunteers:activity",
        lambda signup: signup.activity_id,
        lambda signup: f"ZY-{signup.activity_id}",
    ),
)

register(
    "hours_to_confirm",
    Event(
        lambda signup: activity_organizers(signup.activity),
        _("A volunteer checked out: confirm the hours"),
        "volunteers:activity",
        lambda signup: signup.activity_id,
        lambda signup: f"ZY-{signup.activity_id}",
    ),
)


def volunteer_signed_up(signup: Any) -> None:
    tell("volunteer_signup", signup)


def volunteer_checked_out(signup: Any) -> None:
    tell("hours_to_confirm", signup)


def certificate_issuers(request: Any) -> list[User]:
    """The people of the organization asked who may issue its certificates."""
    return of_organization(
        [Perm.VOLUNTEER_MANAGE],
        request.organization_id,
        lambda u: issues_certificates_for(u, request.organization_id),
    )


register_request(
    "certificate_request",
    deciders=certificate_issuers,
    requester=lambda request: request.volunteer.user,
    asked=_("A volunteer asks for a certificate of service record"),
    decided=_("Your certificate request: %(outcome)s"),
    url="volunteers:home",
    url_arg=None,
    reference=lambda request: f"ZS-{request.pk}",
)


def certificate_requested(request: Any) -> None:
    request_made("certificate_request", request)


def certificate_issued(request: Any) -> None:
    request_decided("certificate_request", request, _("the certificate is issued"))
