"""What the pickers find among residents and households (shequ/core/pickers.py): the records
of the access rule, told apart by masked ID, age, gender, community and household."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.core.pickers import Option, register
from shequ.residents.models import Household, Resident
from shequ.residents.selectors import ResidentFilters, household_search, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


def describe_resident(r: Resident) -> Option:
    parts = [
        r.id_number_masked,
        _("%(age)s years") % {"age": r.age},
        r.get_gender_display(),
        r.division.name,
        _("household %(number)s") % {"number": r.household.number}
        if r.household
        else _("no household"),
    ]
    return Option(str(r.pk), r.name, " · ".join(str(p) for p in parts if p))


def describe_household(h: Household) -> Option:
    parts = [
        h.division.name,
        _("head: %(name)s") % {"name": h.head.name} if h.head else "",
        h.address,
    ]
    return Option(str(h.pk), h.number, " · ".join(p for p in parts if p))


def _may_view(user: User) -> bool:
    return has_perm(user, Perm.RESIDENT_VIEW)


register(
    "resident",
    search=lambda user, q, within: resident_list(
        user=user, filters=ResidentFilters(q=q, community=within)
    ),
    describe=describe_resident,
    placeholder=gettext_lazy("name, pinyin (zs), ID number or phone"),
    allowed=_may_view,
)
register(
    "household",
    search=lambda user, q, within: household_search(user=user, q=q, community=within),
    describe=describe_household,
    placeholder=gettext_lazy("household number, address or a member's name"),
    allowed=_may_view,
)
