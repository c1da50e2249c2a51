"""Importing residents from a community's Excel ledger (台账): the columns, the row rules (the
same as registering one resident), and the all-or-nothing write. Re-importing the same file
updates the residents it already created (matched by ID number, or by name and birth date
for rows without one) instead of adding them again."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.audit.services import audit_record
from shequ.core import crypto
from shequ.imports.engine import ImportSpec, RowProblem, ValidationResult, register
from shequ.imports.models import ImportJob
from shequ.imports.reading import BadDate, Column
from shequ.residents.models import Household, Relation, Resident, ResidentSpecialGroup, SpecialGroup
from shequ.residents.services import (
    IDENTIFIER_COLUMNS,
    apply_clean,
    ethnicity_lookup,
    refresh_search_keys,
)
from shequ.residents.validation import (
    PLAIN_FIELDS,
    CleanResident,
    SpecialGroupEntry,
    resident_validate,
)

COLUMNS = [
    Column("name", "姓名", required=True, aliases=("name",)),
    Column("gender", "性别", aliases=("gender",)),
    Column("birth_date", "出生日期", kind="date", aliases=("birth_date",)),
    Column("id_number", "身份证号", aliases=("身份证号码", "公民身份号码", "id_number")),
    Column("phone", "联系电话", aliases=("电话", "手机", "手机号", "phone")),
    Column("address", "地址", aliases=("住址", "家庭住址", "address")),
    Column("ethnicity", "民族", aliases=("ethnicity",)),
    Column("household_number", "户编号", aliases=("户号", "household")),
    Column("relation_to_head", "与户主关系", aliases=("relation",)),
    Column("special_groups", "特殊群体", aliases=("群体类别", "special_groups")),
    Column("guardian_name", "监护人", aliases=("guardian",)),
    Column("guardian_consent", "监护人同意", kind="bool", aliases=("guardian_consent",)),
    Column("consent", "同意使用信息", kind="bool", aliases=("consent",)),
    Column("note", "备注", aliases=("note",)),
]

RELATIONS = {
    "户主": "head",
    "本人": "head",
    "配偶": "spouse",
    "妻": "spouse",
    "夫": "spouse",
    "子女": "child",
    "子": "child",
    "女": "child",
    "父母": "parent",
    "父亲": "parent",
    "母亲": "parent",
    "孙子女": "grandchild",
    "祖父母": "grandparent",
    "兄弟姐妹": "sibling",
    "其他": "other",
}
GROUP_SPLIT = re.compile(r"[;；,，、/]")
GROUP_GRADE = re.compile(r"^(?P<name>[^(（]+)[(（](?P<grade>[^)）]*)[)）]$")

EXAMPLE = [
    "张三",
    "男",
    "1980-01-01",
    "220102198001011234",
    "13800000000",
    "自强街道东岭社区1号楼",
    "汉族",
    "001-001",
    "户主",
    "残疾人(二级)；低保",
    "",
    "否",
    "是",
    "",
]


def parse_groups(
    text: str, groups: dict[str, SpecialGroup]
) -> tuple[list[SpecialGroupEntry], list[str]]:
    by_name = {g.name: g for g in groups.values()} | {g.code: g for g in groups.values()}
    entries, unknown = [], []
    for part in GROUP_SPLIT.split(text or ""):
        part = part.strip()
        if not part:
            continue
        grade = ""
        match = GROUP_GRADE.match(part)
        if match:
            part, grade = match["name"].strip(), match["grade"].strip()
        group = by_name.get(part)
        if group is None:
            unknown.append(part)
        else:
            entries.append(SpecialGroupEntry(code=group.code, grade=grade))
    return entries, unknown


def _match_key(clean: CleanResident) -> tuple[str, ...]:
    if clean.id_number:
        return ("id", crypto.keyed_hash(clean.id_number))
    return ("nb", clean.name, clean.birth_date.isoformat())


def validate_rows(
    job: ImportJob, rows: Iterable[tuple[int, dict[str, Any]]], progress: Callable[[int], None]
) -> ValidationResult:
    groups = {g.code: g for g in SpecialGroup.objects.all()}
    ethnicities = ethnicity_lookup()
    result = ValidationResult()
    seen: dict[tuple[str, ...], int] = {}
    today = date.today()
    for count, (row_number, values) in enumerate(rows, start=1):
        result.total = count
        progress(count)
        problems: list[RowProblem] = []
        data = dict(values)
        if isinstance(data.get("birth_date"), BadDate):
            problems.append(
                RowProblem(
                    row_number,
                    "birth_date",
                    _("Not a date: %(v)s (use 1980-01-31).") % {"v": data["birth_date"]},
                )
            )
            data["birth_date"] = None
        relation = data.get("relation_to_head") or ""
        if relation:
            data["relation_to_head"] = RELATIONS.get(relation, relation)
        entries, unknown = parse_groups(str(data.pop("special_groups", "") or ""), groups)
        for name in unknown:
            problems.append(
                RowProblem(
                    row_number,
                    "special_groups",
                    _("Unknown special group: %(code)s.") % {"code": name},
                )
            )
        data["special_groups"] = [e.__dict__ for e in entries]
        clean, found = resident_validate(data, today=today, groups=groups, ethnicities=ethnicities)
        problems += [
            RowProblem(row_number, p.field, p.message)
            for p in found
            if not (p.field == "birth_date" and any(q.column == "birth_date" for q in problems))
        ]
        if clean is not None and not problems:
            key = _match_key(clean)
            if key in seen:
                problems.append(
                    RowProblem(
                        row_number,
                        "id_number" if key[0] == "id" else "name",
                        _("The same person is already on row %(row)d.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row_number
                result.rows.append(
                    (row_number, (clean, str(values.get("household_number") or "").strip()))
                )
        result.problems += problems
    _refuse_registered_elsewhere(job, result)
    return result


def _refuse_registered_elsewhere(job: ImportJob, result: ValidationResult) -> None:
    """One ID number, one resident: a row whose ID number is registered in another community is
    refused by its row number (the person comes here by a transfer request, not a copy)."""
    by_hash = {
        crypto.keyed_hash(clean.id_number): row
        for row, (clean, _number) in result.rows
        if clean.id_number
    }
    hashes = list(by_hash)
    elsewhere: set[int] = set()
    for start in range(0, len(hashes), 2000):
        taken = (
            Resident.objects.filter(
                id_number_hash__in=hashes[start : start + 2000], merged_into__isnull=True
            )
            .exclude(division_id=job.division_id)
            .values_list("id_number_hash", flat=True)
        )
        elsewhere.update(by_hash[h] for h in taken)
    if not elsewhere:
        return
    result.rows = [entry for entry in result.rows if entry[0] not in elsewhere]
    result.problems += [
        RowProblem(
            row,
            "id_number",
            _(
                "This person is already registered in another community: submit a transfer "
                "request instead."
            ),
        )
        for row in sorted(elsewhere)
    ]
    result.problems.sort(key=lambda p: p.row)


def commit_rows(job: ImportJob, rows: list[tuple[int, Any]]) -> tuple[int, int]:
    """Write every valid row: update the residents that exist in the community, create the
    others, then households, special groups and search keys, in bulk."""
    division_code = job.division_id
    existing_by_id = dict(
        Resident.objects.filter(division_id=division_code, merged_into__isnull=True)
        .exclude(id_number_hash="")
        .values_list("id_number_hash", "id")
    )
    existing_by_nb = {
        (n, b.isoformat()): i
        for n, b, i in Resident.objects.filter(
            division_id=division_code, merged_into__isnull=True, id_number_hash=""
        ).values_list("name", "birth_date", "id")
    }
    households = dict(
        Household.objects.filter(division_id=division_code).values_list("number", "id")
    )
    new_numbers = sorted(
        {number for _row, (_c, number) in rows if number and number not in households}
    )
    Household.objects.bulk_create(
        [Household(division_id=division_code, number=n) for n in new_numbers], batch_size=2000
    )
    households = dict(
        Household.objects.filter(division_id=division_code).values_list("number", "id")
    )

    to_create: list[Resident] = []
    to_update: list[Resident] = []
    groups_of: list[tuple[Resident, CleanResident]] = []
    for _row, (clean, number) in rows:
        key = _match_key(clean)
        pk = existing_by_id.get(key[1]) if key[0] == "id" else existing_by_nb.get((key[1], key[2]))
        resident = Resident(pk=pk, division_id=division_code)
        apply_clean(resident, clean)
        resident.household_id = households.get(number) if number else None
        (to_update if pk else to_create).append(resident)
        groups_of.append((resident, clean))
    Resident.objects.bulk_create(to_create, batch_size=2000)
    fields = [*PLAIN_FIELDS, "name_pinyin", "household", *IDENTIFIER_COLUMNS]
    Resident.objects.bulk_update(to_update, fields, batch_size=2000)
    if to_create and to_create[0].pk is None:  # backends that do not return ids from bulk inserts
        raise RuntimeError("the database did not return the new ids")
    everyone = to_create + to_update
    ResidentSpecialGroup.objects.filter(resident__in=[r.pk for r in to_update]).delete()
    groups = {g.code: g.pk for g in SpecialGroup.objects.all()}
    ResidentSpecialGroup.objects.bulk_create(
        [
            ResidentSpecialGroup(
                resident=r,
                group_id=groups[e.code],
                grade=e.grade,
                start_date=e.start_date or date.today(),
                end_date=e.end_date,
            )
            for r, clean in groups_of
            for e in clean.special_groups
        ],
        batch_size=2000,
    )
    for batch in range(0, len(to_create), 10000):
        refresh_search_keys(to_create[batch : batch + 10000], new=True)
    for batch in range(0, len(to_update), 10000):
        refresh_search_keys(to_update[batch : batch + 10000])
    touched = {
        r.household_id for r in everyone if r.relation_to_head == Relation.HEAD and r.household_id
    }
    head = (
        Resident.objects.filter(
            household=OuterRef("pk"), relation_to_head=Relation.HEAD, merged_into__isnull=True
        )
        .order_by("pk")
        .values("pk")[:1]
    )
    Household.objects.filter(pk__in=touched).update(head=Subquery(head))
    audit_record(
        actor=job.created_by,
        action="resident.import",
        obj=job,
        division_code=division_code,
        detail={"created": len(to_create), "updated": len(to_update), "file": job.original_name},
    )
    return len(to_create), len(to_update)


SPEC = register(
    ImportSpec(
        kind="residents",
        permission=Perm.RESIDENT_IMPORT,
        columns=COLUMNS,
        validate=validate_rows,
        commit=commit_rows,
        title="居民",
        example=EXAMPLE,
    )
)
