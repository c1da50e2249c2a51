"""What the case picker finds: cases in reach by their client (as residents are found:
characters, pinyin, initials, ID number, phone), told apart by the client, the date opened and
the stage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from shequ.core.pickers import Option, register
from shequ.delivery.cases import case_list
from shequ.delivery.models import Case
from shequ.residents.selectors import ResidentFilters, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User


def case_search(user: User, q: str, within: str = "") -> Any:
    clients = resident_list(user=user, filters=ResidentFilters(q=q)).values("pk")
    return case_list(user=user).filter(client__in=clients).order_by("-opened_on", "-pk")


def describe_case(c: Case) -> Option:
    parts = [c.client.id_number_masked, f"{c.opened_on:%Y-%m-%d}", c.get_stage_display()]
    return Option(str(c.pk), c.client.name, " · ".join(str(p) for p in parts if p))


register(
    "case",
    search=case_search,
    describe=describe_case,
    placeholder=gettext_lazy("the client's name, pinyin or ID number"),
)
