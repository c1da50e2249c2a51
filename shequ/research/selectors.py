"""Reads of research within the access rule: projects through research.view over their
organization's division, their team and their organization; extracts for the researcher who
asked and the approvers who reach the population (404 for everyone else)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, reach_q
from shequ.accounts.models import User
from shequ.core.errors import NotFound
from shequ.research.models import Extract, ExtractStatus, ResearchProject

VIEW, APPROVE, MANAGE = Perm.RESEARCH_VIEW, Perm.RESEARCH_APPROVE, Perm.RESEARCH_MANAGE


def project_list(*, user: User) -> QuerySet[ResearchProject]:
    return (
        ResearchProject.objects.visible_to(user, VIEW)
        .select_related("organization", "lead")
        .annotate(output_count=Count("outputs", distinct=True))
        .order_by("-start_date", "-id")
    )


def project_get(*, user: User, pk: int) -> ResearchProject:
    return get_visible_or_404(
        ResearchProject.objects.select_related("organization", "lead").prefetch_related(
            "team", "outputs"
        ),
        user,
        VIEW,
        pk=pk,
    )


def extract_list(*, user: User) -> QuerySet[Extract]:
    return (
        Extract.objects.visible_to(user, APPROVE)
        .select_related("project", "division", "requested_by", "decided_by")
        .defer("rows")
        .order_by("-created_at", "-id")
    )


def extract_get(*, user: User, pk: int) -> Extract:
    return get_visible_or_404(
        Extract.objects.select_related("project", "division", "requested_by", "decided_by"),
        user,
        APPROVE,
        pk=pk,
    )


def extracts_to_approve(*, user: User) -> QuerySet[Extract]:
    return (
        extract_list(user=user)
        .filter(reach_q(user, APPROVE), status=ExtractStatus.REQUESTED)
        .exclude(requested_by_id=user.pk)
    )


def team_members(*, user: User, ids: list[int] | set[int]) -> list[User]:
    """The accounts named for a research team: active, and within the reach the creator
    manages research over (their home division under the creator's research.manage grant).
    NotFound when any id is not such an account, whether it exists or not: the answer names
    the team, so an unscoped lookup would tell anyone the name behind any account id."""
    wanted = set(ids)
    team = list(User.objects.visible_to(user, MANAGE).filter(pk__in=wanted, is_active=True))
    if len(team) != len(wanted):
        raise NotFound()
    return team
