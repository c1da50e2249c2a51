"""The navigation a user sees follows from their permissions, and their reach is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.access.perms import Perm
from shequ.access.rule import has_perm


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any
    permission: Perm | tuple[Perm, ...] | None = None  # a tuple: any of them

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV: list[NavItem] = [
    NavItem("core:home", _("Home")),
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
    NavItem("organizations:list", _("Organizations"), Perm.ORGANIZATION_VIEW),
    NavItem("accounts:users", _("Accounts"), Perm.USER_VIEW),
    NavItem("accounts:grants", _("Role grants"), Perm.GRANT_VIEW),
    NavItem("accounts:policy", _("Security policy"), Perm.POLICY_MANAGE),
    NavItem("audit:list", _("Audit log"), Perm.AUDIT_VIEW),
    NavItem("audit:reads", _("Protection reads"), (Perm.PROTECTION_SUPERVISE, Perm.AUDIT_VIEW)),
]


def nav_items(user: Any) -> list[NavItem]:
    def allowed(item: NavItem) -> bool:
        if item.permission is None:
            return True
        perms = (item.permission,) if isinstance(item.permission, str) else item.permission
        return any(has_perm(user, p) for p in perms)

    return [item for item in NAV if allowed(item)]


def navigation_for(request: HttpRequest) -> dict[str, Any]:
    from shequ.accounts.selectors import my_grants
    from shequ.divisions.selectors import reach_label

    user = request.user
    grants = my_grants(user=user)
    labels = sorted({reach_label(g.division) for g in grants})
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {
        "nav": [
            {"url": i.url, "label": i.label, "active": i.url_name == current}
            for i in nav_items(user)
        ],
        "reach_labels": labels,
        "my_grants": grants,
    }
