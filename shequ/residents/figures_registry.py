"""The needs figure of the statistics: needs recorded by assessments in the division during the
period, by category."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.access.rule import reach_q
from shequ.figures.registry import COUNT, Breakdown, Cell, Figure, Scope, register
from shequ.residents.models import NeedCategory, NeedItem

NEEDS = Perm.NEEDS_VIEW


def needs(scope: Scope, part: tuple[str, str] | None = None) -> QuerySet[NeedItem]:
    qs = NeedItem.objects.filter(
        assessment__division__code__startswith=scope.prefix,
        assessment__assessed_on__range=(scope.period.start, scope.period.end),
    )
    if part and part[0] == "category":
        qs = qs.filter(category_id=int(part[1]))
    return qs


def _by_category(scope: Scope) -> list[Cell]:
    names = {c.pk: c.display_name for c in NeedCategory.objects.all()}
    rows = needs(scope).values("category_id").annotate(n=Count("id")).order_by("-n")
    return [Cell(str(r["category_id"]), names.get(r["category_id"], "—"), r["n"]) for r in rows]


register(
    Figure(
        key="needs",
        label=_("Needs recorded"),
        section="needs",
        unit=COUNT,
        value=lambda scope: needs(scope).count(),
        records=lambda scope, part: (
            needs(scope, part)
            .filter(reach_q(scope.user, NEEDS, "assessment__division__code"))
            .select_related("category", "assessment__division")
            .order_by("-assessment__assessed_on", "id")
        ),
        columns=[
            (_("Date"), lambda n: n.assessment.assessed_on),
            (_("Category"), lambda n: n.category.display_name),
            (_("Priority"), lambda n: n.get_priority_display()),
            (_("Community"), lambda n: n.assessment.division.name),
        ],
        breakdowns={"category": Breakdown(_("by category"), _by_category)},
        permissions=(NEEDS,),
    )
)
