"""What the project picker finds: projects in reach by number or name (characters, pinyin,
initials), told apart by number, stage and division."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from shequ.core.pickers import Option, by_name, register
from shequ.core.pinyin import is_pinyin_query
from shequ.projects.models import ServiceProject
from shequ.projects.selectors import project_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


def project_search(user: User, q: str, within: str = "") -> Any:
    found = project_list(user=user, q=q)
    if is_pinyin_query(q) and not found.exists():
        return by_name(project_list(user=user), q, lambda p: p.name)
    return found


def describe_project(p: ServiceProject) -> Option:
    return Option(str(p.pk), p.name, f"{p.number} · {p.get_stage_display()} · {p.division.name}")


register(
    "project",
    search=project_search,
    describe=describe_project,
    placeholder=gettext_lazy("project number, name or its pinyin"),
)
