"""Exporting what the user sees as Excel: masked identifiers unless the role may see them and
asked for them; formula-like cells neutralized; every export audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.accounts.selectors import reach_names
from shequ.audit.services import audit_record
from shequ.core import crypto
from shequ.core.errors import Forbidden
from shequ.core.spreadsheet import export_title, write_xlsx
from shequ.residents.permissions import may_see_identifiers_in, resident_list_caps
from shequ.residents.selectors import ResidentFilters, resident_list

if TYPE_CHECKING:
    from shequ.accounts.models import User

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "联系电话",
    "地址",
    "民族",
    "社区",
    "户编号",
    "与户主关系",
    "特殊群体",
]
RELATION_ZH = {
    "head": "户主",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "grandchild": "孙子女",
    "grandparent": "祖父母",
    "sibling": "兄弟姐妹",
    "other": "其他",
}


def residents_export(
    *, by: User, filters: ResidentFilters, unmask: bool = False
) -> tuple[bytes, str, int]:
    """Returns (xlsx bytes, file name, rows)."""
    caps = resident_list_caps(by)
    caps.require("export", _("You may not export residents."))
    if unmask and not caps.view_identifiers:
        raise Forbidden(_("Your role may not see full identifiers."))
    qs = resident_list(user=by, filters=filters).prefetch_related("special_groups__group")
    count = 0

    def rows() -> Any:
        nonlocal count
        for r in qs.iterator(chunk_size=2000):
            count += 1
            plain = unmask and may_see_identifiers_in(by, r.division_id)
            groups = "；".join(
                g.group.name + (f"({g.grade})" if g.grade else "")
                for g in r.special_groups.all()
                if g.is_current
            )
            yield [
                r.name,
                "男" if r.gender == "M" else "女",
                r.birth_date,
                crypto.decrypt(r.id_number_cipher) if plain else r.id_number_masked,
                crypto.decrypt(r.phone_cipher) if plain else r.phone_masked,
                r.address,
                r.ethnicity,
                r.division.name,
                r.household.number if r.household else "",
                RELATION_ZH.get(r.relation_to_head, ""),
                groups,
            ]

    content = write_xlsx(
        HEADERS,
        rows(),
        sheet_title="居民",
        title=export_title(_("Residents"), reach_names(user=by, perm=Perm.RESIDENT_EXPORT)),
    )
    audit_record(
        actor=by,
        action="resident.export",
        detail={
            "rows": count,
            "unmasked": bool(unmask),
            "q": filters.q,
            "community": filters.community,
            "special_group": filters.special_group,
        },
    )
    name = f"residents-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"
    return content, name, count
