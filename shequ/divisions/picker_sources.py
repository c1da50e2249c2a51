"""What the division picker finds: divisions in reach by name at any level (characters, pinyin,
initials), told apart by their level and the path above them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from shequ.core.pickers import Option, by_name, register
from shequ.core.pinyin import is_pinyin_query
from shequ.divisions.models import Division
from shequ.divisions.selectors import division_list, reach_label

if TYPE_CHECKING:
    from shequ.accounts.models import User


def division_search(user: User, q: str, within: str = "") -> Any:
    if is_pinyin_query(q):
        return by_name(division_list(user=user).only("code", "name", "level"), q, lambda d: d.name)
    return division_list(user=user, q=q)


def describe_division(d: Division) -> Option:
    path = reach_label(d) if d.parent_id else ""
    detail = " · ".join(str(p) for p in (d.get_level_display(), path) if p and p != d.name)
    return Option(d.code, d.name, detail)


register(
    "division",
    search=division_search,
    describe=describe_division,
    placeholder=gettext_lazy("division name at any level, or its pinyin"),
    reach=lambda user: division_list(user=user),
)
