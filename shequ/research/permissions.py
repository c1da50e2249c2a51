"""Who may do what in research: the rules, written once.

A project is managed by its lead and by its organization's research managers; its team adds
outputs, and a member who holds research.extract over a division requests extracts of it. An
extract is approved or refused by someone who holds research.approve over its population, never
the requester, while it waits; the rows are downloaded by the researcher who asked, once
approved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import covers, has_perm, reach_organizations
from shequ.core.capabilities import Capabilities, FourEyes, four_eyes_refusal, state
from shequ.core.errors import AppError, Conflict, Forbidden
from shequ.research.models import Extract, ExtractStatus, ResearchProject

if TYPE_CHECKING:
    from shequ.access.rule import Actor

VIEW = Perm.RESEARCH_VIEW
MANAGE = Perm.RESEARCH_MANAGE
EXTRACT = Perm.RESEARCH_EXTRACT
APPROVE = Perm.RESEARCH_APPROVE
PERMS = (VIEW, EXTRACT, APPROVE, MANAGE)


@dataclass(frozen=True)
class ResearchListCaps(Capabilities):
    create: bool = False  # start a research project for an organization
    use: bool = state()  # a part in research at all: the section's pages


def research_list_caps(user: Actor) -> ResearchListCaps:
    return ResearchListCaps(
        create=has_perm(user, MANAGE), use=any(has_perm(user, p) for p in PERMS)
    )


def on_team(user: Actor, project: ResearchProject) -> bool:
    """Is the user on the project's team (its lead is)? Reads the prefetched team if any."""
    return any(member.pk == user.pk for member in project.team.all())


def may_extract_from(user: Actor, division_code: str) -> bool:
    """Request extracts of the population of this division."""
    return covers(user, EXTRACT, division_code)


@dataclass(frozen=True)
class ResearchProjectCaps(Capabilities):
    manage: bool = False  # its team
    add_output: bool = False
    request_extract: bool = False  # the division asked for is checked when the request comes


def research_project_caps(user: Actor, project: ResearchProject) -> ResearchProjectCaps:
    manage = project.lead_id == user.pk or project.organization_id in reach_organizations(
        user, MANAGE
    )
    team = on_team(user, project)
    return ResearchProjectCaps(
        manage=manage,
        add_output=team or manage,
        request_extract=team and has_perm(user, EXTRACT),
    )


DECISION = FourEyes(
    not_approver=gettext_lazy("You may not approve extracts of this division."),
    own=gettext_lazy("Someone else approves your own request."),
    decided=gettext_lazy("Decided already."),
)


def decision_refusal(user: Actor, extract: Extract) -> AppError | None:
    """Why the user may not approve or refuse the extract now; None when they may: someone
    who holds research.approve over the population, not the requester, while it waits."""
    return four_eyes_refusal(
        approver=covers(user, APPROVE, extract.division_id),
        author=extract.requested_by_id == user.pk,
        waiting=extract.status == ExtractStatus.REQUESTED,
        messages=DECISION,
    )


def download_refusal(user: Actor, extract: Extract) -> AppError | None:
    if extract.requested_by_id != user.pk:
        return Forbidden(_("Only the researcher who asked downloads the extract."))
    if extract.status != ExtractStatus.APPROVED:
        return Conflict(_("The extract has not been approved."), code="not_approved")
    return None


@dataclass(frozen=True)
class ExtractCaps(Capabilities):
    approve: bool = False
    refuse: bool = False
    download: bool = False
    # the released rows: while it waits, the approvers who may decide (never the requester);
    # once approved, the researcher who asked and the project's team; after a refusal nobody
    see_rows: bool = state()


def extract_caps(user: Actor, extract: Extract) -> ExtractCaps:
    decide = decision_refusal(user, extract) is None
    if extract.status == ExtractStatus.REQUESTED:
        see_rows = decide
    elif extract.status == ExtractStatus.APPROVED:
        see_rows = extract.requested_by_id == user.pk or on_team(user, extract.project)
    else:
        see_rows = False
    return ExtractCaps(
        approve=decide,
        refuse=decide,
        download=download_refusal(user, extract) is None,
        see_rows=see_rows,
    )
