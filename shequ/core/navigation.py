"""The navigation a user sees follows from their permissions, and their reach is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.access import has_perm


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any
    permission: str | tuple[str, ...] | None = None  # a tuple: any of them

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV: list[NavItem] = [
    NavItem("core:home", _("Home")),
    NavItem("divisions:list", _("Divisions"), "division.view"),
    NavItem("stats:dashboard", _("Statistics"), "stats.view"),
    NavItem("residents:list", _("Residents"), "resident.view"),
    NavItem("residents:needs", _("Needs"), "needs.view"),
    NavItem("projects:list", _("Projects"), "project.view"),
    NavItem("delivery:cases", _("Cases"), "case.view"),
    NavItem("delivery:groups", _("Groups"), "service.record"),
    NavItem("delivery:activities", _("Activities"), "service.record"),
    NavItem("delivery:records", _("Service records"), "service.record"),
    NavItem("volunteers:home", _("Volunteer service"), ("volunteer.view", "volunteer.self")),
    NavItem("trainings:list", _("Trainings"), ("training.view", "training.manage")),
    NavItem(
        "placements:list",
        _("Placements"),
        ("placement.view", "placement.manage", "placement.self"),
    ),
    NavItem("community_orgs:list", _("Community organizations"), "community_org.view"),
    NavItem("sharing:library", _("Case studies")),
    NavItem(
        "research:home",
        _("Research"),
        ("research.view", "research.extract", "research.approve"),
    ),
    NavItem("protection:dashboard", _("Child protection"), "protection.view"),
    NavItem("protection:report_create", _("Report a child at risk"), "protection.report"),
    NavItem("organizations:list", _("Organizations"), "organization.view"),
    NavItem("accounts:users", _("Accounts"), "user.view"),
    NavItem("accounts:grants", _("Role grants"), "grant.view"),
    NavItem("accounts:policy", _("Security policy"), "policy.manage"),
    NavItem("audit:list", _("Audit log"), "audit.view"),
    NavItem("audit:reads", _("Protection reads"), ("protection.supervise", "audit.view")),
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
