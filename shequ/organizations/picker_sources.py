"""What the organization picker finds: organizations in reach by name (characters, pinyin,
initials), told apart by their kind and their division."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from shequ.core.pickers import Option, by_name, register
from shequ.core.pinyin import is_pinyin_query
from shequ.organizations.models import Organization
from shequ.organizations.selectors import organization_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


def organization_search(user: User, q: str, within: str = "") -> Any:
    if is_pinyin_query(q):
        return by_name(organization_list(user=user), q, lambda o: o.name)
    return organization_list(user=user, q=q)


def describe_organization(o: Organization) -> Option:
    return Option(str(o.pk), o.name, f"{o.get_kind_display()} · {o.division.name}")


register(
    "organization",
    search=organization_search,
    describe=describe_organization,
    placeholder=gettext_lazy("organization name or its pinyin"),
)
