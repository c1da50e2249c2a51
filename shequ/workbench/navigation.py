"""The navigation a user sees follows from their permissions, in the order of their work (the
modules of their roles first), with the red-dot counts of what waits for them there; their
reach is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.access.signed_in import AuthedHttpRequest
from shequ.workbench.registry import WAITING, counts_by_module
from shequ.workbench.selectors import computed, my_items

if TYPE_CHECKING:
    from shequ.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any
    permission: Perm | tuple[Perm, ...] | None = None  # a tuple: any of them

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV: list[NavItem] = [
    NavItem("workbench:home", _("Workbench")),
    NavItem("divisions:list", _("Divisions"), Perm.DIVISION_VIEW),
    NavItem("stats:dashboard", _("Statistics"), Perm.STATS_VIEW),
    NavItem("residents:list", _("Residents"), Perm.RESIDENT_VIEW),
    NavItem("residents:needs", _("Needs"), Perm.NEEDS_VIEW),
    NavItem("projects:list", _("Projects"), Perm.PROJECT_VIEW),
    NavItem("delivery:cases", _("Cases"), Perm.CASE_VIEW),
    NavItem("delivery:groups", _("Groups"), Perm.SERVICE_RECORD),
    NavItem("delivery:activities", _("Activities"), Perm.SERVICE_RECORD),
    NavItem("delivery:records", _("Service records"), Perm.SERVICE_RECORD),
    NavItem("volunteers:home", _("Volunteer service"), (Perm.VOLUNTEER_VIEW, Perm.VOLUNTEER_SELF)),
    NavItem("trainings:list", _("Trainings"), (Perm.TRAINING_VIEW, Perm.TRAINING_MANAGE)),
    NavItem(
        "placements:list",
        _("Placements"),
        (Perm.PLACEMENT_VIEW, Perm.PLACEMENT_MANAGE, Perm.PLACEMENT_SELF),
    ),
    NavItem("community_orgs:list", _("Community organizations"), Perm.COMMUNITY_ORG_VIEW),
    NavItem("sharing:library", _("Case studies")),
    NavItem(
        "research:home",
        _("Research"),
        (Perm.RESEARCH_VIEW, Perm.RESEARCH_EXTRACT, Perm.RESEARCH_APPROVE),
    ),
    NavItem("protection:dashboard", _("Child protection"), Perm.PROTECTION_VIEW),
    NavItem("protection:report_create", _("Report a child at risk"), Perm.PROTECTION_REPORT),
    # the liaison roles (school, police, other member units): what the network sends them
    NavItem("protection:referrals", _("Referrals"), Perm.PROTECTION_RECEIVE),
    NavItem("protection:cases", _("Accepted cases"), Perm.PROTECTION_RECEIVE),
    NavItem("protection:meetings", _("Joint-meeting tasks"), Perm.PROTECTION_RECEIVE),
    NavItem("organizations:list", _("Organizations"), Perm.ORGANIZATION_VIEW),
    NavItem("accounts:users", _("Accounts"), Perm.USER_VIEW),
    NavItem("accounts:grants", _("Role grants"), Perm.GRANT_VIEW),
    NavItem("accounts:policy", _("Security policy"), Perm.POLICY_MANAGE),
    NavItem("audit:list", _("Audit log"), Perm.AUDIT_VIEW),
    NavItem("audit:reads", _("Protection reads"), (Perm.PROTECTION_SUPERVISE, Perm.AUDIT_VIEW)),
]


# the modules each role works in, in the order of its work: they come first in its menu (after
# the workbench), the others follow in the order of NAV
WORK_ORDER: dict[str, list[str]] = {
    "district_officer": ["stats:dashboard", "projects:list", "protection:dashboard"],
    "street_officer": ["stats:dashboard", "residents:list", "community_orgs:list"],
    "community_worker": [
        "residents:list",
        "delivery:records",
        "volunteers:home",
        "placements:list",
        "community_orgs:list",
    ],
    "agency_worker": ["projects:list", "delivery:cases", "delivery:groups", "trainings:list"],
    "supervisor": ["delivery:cases", "sharing:library", "projects:list"],
    "teacher": ["placements:list", "trainings:list", "research:home"],
    "protection_liaison": [
        "protection:referrals",
        "protection:cases",
        "protection:meetings",
        "protection:report_create",
    ],
    "student": ["placements:list"],
    "volunteer": ["volunteers:home"],
    "child_director": ["protection:dashboard", "protection:report_create", "residents:list"],
    "child_supervisor": ["protection:dashboard", "audit:reads", "residents:list"],
    "secadmin": ["accounts:users", "accounts:grants", "accounts:policy"],
    "sysadmin": ["accounts:users", "organizations:list", "divisions:list"],
    "auditor": ["audit:list", "audit:reads"],
}


def nav_items(user: User, roles: list[str] | None = None) -> list[NavItem]:
    """The entries the user's permissions open: the workbench, then the modules of the user's
    roles in the order of their work, then the rest."""

    def allowed(item: NavItem) -> bool:
        if item.permission is None:
            return True
        perms = (item.permission,) if isinstance(item.permission, str) else item.permission
        return any(has_perm(user, p) for p in perms)

    items = [item for item in NAV if allowed(item)]
    first = ["workbench:home"]
    for role in roles or []:
        first += [name for name in WORK_ORDER.get(role, []) if name not in first]
    rank = {name: i for i, name in enumerate(first)}
    return sorted(items, key=lambda item: (rank.get(item.url_name, len(rank)), NAV.index(item)))


def navigation_for(
    request: AuthedHttpRequest, *, counted: bool = False, current: str | None = None
) -> dict[str, Any]:
    """The shell's navigation. The red dots need the user's workbench items: they are counted
    where the page computed them already (the workbench) or when asked (`counted`, the
    navigation fetched after the page by htmx, `workbench:nav`), so that no other page pays
    for them in its own queries."""
    from shequ.accounts.selectors import my_grants
    from shequ.divisions.selectors import reach_label

    user = request.user
    grants = my_grants(user=user)
    labels = sorted({reach_label(g.division) for g in grants})
    if current is None:
        current = request.resolver_match.view_name if request.resolver_match else ""
    counted = counted or computed(request)
    items = my_items(request) if counted else []
    dots = counts_by_module(items)
    dots["workbench:home"] = sum(1 for i in items if i.urgency != WAITING)
    return {
        "nav_counted": counted,
        "nav": [
            {
                "url": i.url,
                "label": i.label,
                "active": i.url_name == current,
                "count": dots.get(i.url_name, 0),
            }
            for i in nav_items(user, [g.role.code for g in grants])
        ],
        "nav_total": dots["workbench:home"],
        "reach_labels": labels,
        "my_grants": grants,
    }
