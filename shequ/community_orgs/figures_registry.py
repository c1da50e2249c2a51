"""The community-organization figures of the statistics: the resident self-organizations of
the division that exist at the end of the period (applied by then), by stage and by type."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.community_orgs.models import CommunityOrganization, OrgStage, OrgType
from shequ.figures.registry import COUNT, Breakdown, Cell, Figure, Scope, register


def organizations(
    scope: Scope, part: tuple[str, str] | None = None
) -> QuerySet[CommunityOrganization]:
    qs = CommunityOrganization.objects.filter(
        division__code__startswith=scope.prefix, applied_on__lte=scope.period.end
    )
    if part and part[0] == "stage":
        qs = qs.filter(stage_id=int(part[1]))
    elif part and part[0] == "type":
        qs = qs.filter(org_type_id=int(part[1]))
    return qs


def _by(field: str, model: type[OrgStage] | type[OrgType]) -> Callable[[Scope], list[Cell]]:
    def cells(scope: Scope) -> list[Cell]:
        names = {o.pk: o.display_name for o in model.objects.all()}
        rows = organizations(scope).values(field).annotate(n=Count("id")).order_by(field)
        return [Cell(str(r[field]), names.get(r[field], "—"), r["n"]) for r in rows]

    return cells


register(
    Figure(
        key="community_orgs",
        label=_("Community organizations"),
        section="organizations",
        unit=COUNT,
        value=lambda scope: organizations(scope).count(),
        # the records name the organizations: only who may see them opens the list
        drill_permissions=(Perm.COMMUNITY_ORG_VIEW,),
        records=lambda scope, part: (
            organizations(scope, part)
            .select_related("stage", "org_type", "division")
            .order_by("name")
        ),
        columns=[
            (_("Name"), lambda o: o.name),
            (_("Type"), lambda o: o.org_type.display_name),
            (_("Stage"), lambda o: o.stage.display_name),
            (_("Community"), lambda o: o.division.name),
        ],
        breakdowns={
            "stage": Breakdown(_("by stage"), _by("stage_id", OrgStage)),
            "type": Breakdown(_("by type"), _by("org_type_id", OrgType)),
        },
    )
)
