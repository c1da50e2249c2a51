"""Reads about community organizations, within the user's reach (the organization's community),
and the figures of a community: its organizations, the count per 1,000 residents (residents
counted through the residents registry) and the distance from the national target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from shequ.access.codes import Level, parent_code
from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404
from shequ.community_orgs.models import (
    AreaKind,
    CapacityAssessment,
    CommunityArea,
    CommunityOrganization,
    OrgStage,
    OrgTarget,
)
from shequ.divisions.models import Division

if TYPE_CHECKING:
    from shequ.accounts.models import User

VIEW = Perm.COMMUNITY_ORG_VIEW
MANAGE = Perm.COMMUNITY_ORG_MANAGE


def organization_list(
    *,
    user: User,
    stage: str = "",
    org_type: str = "",
    status: str = "",
    community: str = "",
    q: str = "",
) -> QuerySet[CommunityOrganization]:
    qs = CommunityOrganization.objects.visible_to(user, VIEW)
    if stage:
        qs = qs.filter(stage__code=stage)
    if org_type:
        qs = qs.filter(org_type__code=org_type)
    if status:
        qs = qs.filter(status=status)
    if community:
        qs = qs.filter(division__code__startswith=community.strip())
    if q:
        qs = qs.filter(name__contains=q.strip())
    return (
        qs.select_related("division", "org_type", "stage", "incubator")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("division_id", "name")
    )


def organization_get(*, user: User, pk: int) -> CommunityOrganization:
    return get_visible_or_404(organization_list(user=user), user, VIEW, pk=pk)


def organization_detail(*, user: User, pk: int) -> CommunityOrganization:
    """One organization with everything its page and the API show, prefetched."""
    return get_visible_or_404(
        organization_list(user=user).prefetch_related(
            "mentors",
            "moves__from_stage",
            "moves__to_stage",
            "moves__by",
            "grants",
            "members__resident",
            "assessments__scores__dimension",
            "recognitions__department",
        ),
        user,
        VIEW,
        pk=pk,
    )


def stage_neighbours(
    organization: CommunityOrganization,
) -> tuple[OrgStage | None, OrgStage | None]:
    """The stage before and the stage after the organization's own."""
    order = list(OrgStage.objects.order_by("sort"))
    index = next(i for i, s in enumerate(order) if s.pk == organization.stage_id)
    before = order[index - 1] if index > 0 else None
    after = order[index + 1] if index + 1 < len(order) else None
    return before, after


def capacity_trend(organization: CommunityOrganization) -> dict[str, Any]:
    """The assessments in date order: rows for the table, and the series of the line chart (one
    line per dimension and one for the total)."""
    assessments: list[CapacityAssessment] = list(organization.assessments.all())
    dimensions: list[Any] = []
    for assessment in assessments:
        for score in assessment.scores.all():
            if score.dimension not in dimensions:
                dimensions.append(score.dimension)
    dimensions.sort(key=lambda d: (d.sort, d.code))
    rows: list[dict[str, Any]] = []
    for assessment in assessments:
        by_code = {s.dimension.code: s.score for s in assessment.scores.all()}
        rows.append(
            {
                "assessment": assessment,
                "scores": [by_code.get(d.code) for d in dimensions],
                "total": assessment.total,
            }
        )
    chart = {
        "dates": [a.assessed_on.isoformat() for a in assessments],
        "series": [
            {
                "name": d.display_name,
                "data": [
                    float(r["scores"][i]) if r["scores"][i] is not None else None for r in rows
                ],
            }
            for i, d in enumerate(dimensions)
        ],
        "total": {"name": "", "data": [float(a.total) for a in assessments]},
    }
    return {"dimensions": dimensions, "rows": rows, "chart": chart}


def mentor_choices(community: Division) -> list[Any]:
    """People who work over the community (an active, ordinary role granted at it or at a
    division above it): the choices for its organizations' mentors."""
    from shequ.accounts.models import RoleGrant, User

    codes = []
    code: str | None = community.code
    while code:
        codes.append(code)
        code = parent_code(code)
    user_ids = (
        RoleGrant.objects.active()
        .filter(division_id__in=codes, role__admin_kind="")
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "pk"))


def area_kind(community: Division, recorded: dict[str, str] | None = None) -> tuple[str, bool]:
    """Urban or rural, and whether someone recorded it (otherwise: from the name, 村 = rural)."""
    if recorded is None:
        row = CommunityArea.objects.filter(community=community).first()
        recorded = {community.code: row.kind} if row else {}
    if community.code in recorded:
        return recorded[community.code], True
    return (AreaKind.RURAL if community.name.endswith("村") else AreaKind.URBAN), False


@dataclass
class CommunityFigures:
    community: Division
    organizations: int
    residents: int
    kind: str
    kind_recorded: bool
    target: int

    @property
    def per_thousand(self) -> Decimal | None:
        if not self.residents:
            return None
        return (Decimal(self.organizations) * 1000 / self.residents).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def gap(self) -> int:
        """How many more organizations the community needs to reach the target (0: reached)."""
        return max(0, self.target - self.organizations)

    @property
    def kind_label(self) -> str:
        return str(AreaKind(self.kind).label)


def community_figures(*, user: User, communities: list[Division]) -> list[CommunityFigures]:
    """For each community: organizations, residents in the registry, urban or rural, the target.
    A fixed number of queries whatever the number of communities."""
    from shequ.residents.selectors import resident_list

    codes = [c.code for c in communities]
    orgs = dict(
        CommunityOrganization.objects.visible_to(user, VIEW)
        .filter(division_id__in=codes)
        .order_by()
        .values_list("division_id")
        .annotate(n=Count("pk"))
    )
    residents = dict(
        resident_list(user=user)
        .filter(division_id__in=codes)
        .order_by()
        .values_list("division_id")
        .annotate(n=Count("pk"))
    )
    recorded = dict(
        CommunityArea.objects.filter(community_id__in=codes).values_list("community_id", "kind")
    )
    targets = dict(OrgTarget.objects.values_list("kind", "minimum"))
    figures = []
    for community in communities:
        kind, was_recorded = area_kind(community, recorded)
        figures.append(
            CommunityFigures(
                community=community,
                organizations=orgs.get(community.code, 0),
                residents=residents.get(community.code, 0),
                kind=kind,
                kind_recorded=was_recorded,
                target=targets.get(kind, 0),
            )
        )
    return figures


def community_get(*, user: User, code: str) -> Division:
    """A community in the user's reach for community organizations, or 404."""
    return get_visible_or_404(
        Division.objects.filter(Q(level=Level.COMMUNITY)), user, VIEW, code=code
    )


# ------------------------------------------------------------------ what waits (the workbench)


def steps_awaited() -> dict[int, OrgStage]:
    """Per stage (its id), the next stage when moving there waits for someone's approval: an
    application to take into pre-incubation, and a move that needs more than
    `community_org.manage` (graduation, approved by the street)."""
    ordered = list(OrgStage.objects.order_by("sort"))
    waiting: dict[int, OrgStage] = {}
    for index, stage in enumerate(ordered[:-1]):
        following = ordered[index + 1]
        if index == 0 or following.permission != Perm.COMMUNITY_ORG_MANAGE:
            waiting[stage.pk] = following
    return waiting


def steps_awaiting(user: User) -> list[tuple[CommunityOrganization, OrgStage]]:
    """Organizations whose next step waits for the user's approval (`steps_awaited`), where
    the user holds the permission the next stage needs."""
    from shequ.access.rule import reach_q

    waiting = steps_awaited()
    q = Q(pk__in=[])
    for stage_id, following in waiting.items():
        q |= Q(stage_id=stage_id) & reach_q(user, Perm(following.permission))
    organizations = (
        CommunityOrganization.objects.visible_to(user, VIEW)
        .filter(q)
        .select_related("division", "stage")
        .order_by("applied_on", "id")
    )
    return [(o, waiting[o.stage_id]) for o in organizations]
