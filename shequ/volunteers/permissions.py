"""Who may do what with volunteers, their activities and teams: the rules, written once.

An activity is run by its organizer's people (volunteer.manage over the organizing
organization) or a volunteer manager of its community; a team by its organization's people or a
manager of the team's division; volunteers are registered by a manager of their community."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm, reach_organizations
from shequ.core.capabilities import Capabilities, state
from shequ.volunteers.models import Certificate, Team, Volunteer, VolunteerActivity

if TYPE_CHECKING:
    from shequ.access.rule import Actor

VIEW = Perm.VOLUNTEER_VIEW
MANAGE = Perm.VOLUNTEER_MANAGE


def may_manage_in(user: Actor, division_code: str | None) -> bool:
    """Register volunteers, organize activities, form teams in this division."""
    return covers(user, MANAGE, division_code)


def acts_for(user: Actor, organization_id: int | None, division_code: str | None) -> bool:
    """The organization's people, or a volunteer manager of the division."""
    return organization_id in reach_organizations(user, MANAGE) or may_manage_in(
        user, division_code
    )


def issues_certificates_for(user: Actor, organization_id: int) -> bool:
    """Certificates are issued by the people of the organization that recorded the hours."""
    return organization_id in reach_organizations(user, MANAGE)


@dataclass(frozen=True)
class VolunteerCaps(Capabilities):
    request_certificate: bool = False  # of the hours an organization confirmed: their own


def volunteer_caps(user: Actor, volunteer: Volunteer) -> VolunteerCaps:
    return VolunteerCaps(request_certificate=bool(user.pk) and volunteer.user_id == user.pk)


def may_read_certificate(user: Actor, certificate: Certificate) -> bool:
    """The volunteer's own certificate, or one the user's organization issued."""
    return bool(user.pk) and (
        certificate.volunteer.user_id == user.pk
        or certificate.organization_id in reach_organizations(user, MANAGE)
    )


@dataclass(frozen=True)
class ActivityCaps(Capabilities):
    organize: bool = False  # change it, sign-ups, check-in and out, certify hours


def activity_caps(user: Actor, activity: VolunteerActivity) -> ActivityCaps:
    return ActivityCaps(organize=acts_for(user, activity.organizer_id, activity.division_id))


@dataclass(frozen=True)
class TeamCaps(Capabilities):
    manage: bool = False  # members, leader, the team's details


def team_caps(user: Actor, team: Team) -> TeamCaps:
    return TeamCaps(manage=acts_for(user, team.organization_id, team.division_id))


@dataclass(frozen=True)
class VolunteerListCaps(Capabilities):
    register: bool = False  # register volunteers (in a community in reach)
    view: bool = state()  # the registry of volunteers and the hours of those in reach


def volunteer_list_caps(user: Actor) -> VolunteerListCaps:
    return VolunteerListCaps(register=has_perm(user, MANAGE), view=has_perm(user, VIEW))
