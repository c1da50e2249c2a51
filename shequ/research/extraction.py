"""How an extract is made: load the population (never the protection app's data, only
residents who consented to data use), turn each person into a row of the chosen fields under a
stable pseudonym (a keyed hash of the research project and the resident: the same person keeps
the same pseudonym within a project, and differs between projects), drop every direct
identifier, and let `kanon` generalize the quasi-identifiers until every combination appears
at least k times.

`build_rows` and `run` are pure (plain data in, plain data out): the property tests drive them
with generated populations that carry names, ID numbers, phones and addresses."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from shequ.core.crypto import research_key as research_key  # the key of the pseudonyms
from shequ.research.kanon import (
    TOP,
    Anonymized,
    age_ladder,
    anonymize,
    flat_ladder,
    month_ladder,
)

QUASI = "quasi"
ATTRIBUTE = "attribute"

# code: (label, kind, populations offered to). Nothing here comes from child protection, and
# no direct identifier (name, ID number, phone, address, birth date) is ever a field.
FIELDS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "age": (_("age band"), QUASI, ("served", "residents")),
    "gender": (_("gender"), QUASI, ("served", "residents")),
    "community": (_("community (or street, district)"), QUASI, ("served", "residents")),
    "ethnicity": (_("ethnicity"), QUASI, ("served", "residents")),
    "first_month": (_("month first served"), QUASI, ("served",)),
    "special_groups": (_("special groups"), ATTRIBUTE, ("served", "residents")),
    "person_times": (_("person-times"), ATTRIBUTE, ("served",)),
    "methods": (_("methods of service"), ATTRIBUTE, ("served",)),
    "areas": (_("service areas"), ATTRIBUTE, ("served",)),
}
DIRECT_IDENTIFIERS = ("name", "id_number", "phone", "address", "birth_date")

# the label of each rung, by quasi-identifier
LEVEL_NAMES: dict[str, list[Any]] = {
    "age": [_("5-year bands"), _("10-year bands"), _("20-year bands"), _("suppressed")],
    "gender": [_("as recorded"), _("suppressed")],
    "community": [_("community"), _("street"), _("district"), _("suppressed")],
    "ethnicity": [_("as recorded"), _("Han or minority"), _("suppressed")],
    "first_month": [_("month"), _("quarter"), _("year"), _("suppressed")],
}


@dataclass(frozen=True)
class Subject:
    """One person of a population, as loaded. `key` (the resident's id) and the direct
    identifiers are never released."""

    key: int
    age: int | None = None
    gender: str = ""
    community: tuple[str, ...] = (TOP, TOP, TOP, TOP)
    ethnicity: str = ""
    first_month: str = ""
    special_groups: tuple[str, ...] = ()
    person_times: int = 0
    methods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""


def pseudonym(key: bytes, project_id: int, subject_key: int) -> str:
    digest = hmac.new(key, f"{project_id}:{subject_key}".encode(), hashlib.sha256).hexdigest()
    return "R" + digest[:15].upper()


def _ethnicity_ladder(value: str) -> tuple[str, ...]:
    if not value:
        return (TOP, TOP, TOP)
    return (value, "汉族" if value == "汉族" else "少数民族", TOP)


def build_rows(
    subjects: Iterable[Subject], fields: Sequence[str], *, pseudonymize: Callable[[int], str]
) -> list[dict[str, Any]]:
    """One row per subject: its pseudonym and the chosen fields (quasi-identifiers as ladders).
    Only what `fields` names is copied; direct identifiers cannot be named."""
    rows = []
    for s in subjects:
        row: dict[str, Any] = {"pseudonym": pseudonymize(s.key)}
        for f in fields:
            if f == "age":
                row[f] = age_ladder(s.age)
            elif f == "gender":
                row[f] = flat_ladder(s.gender)
            elif f == "community":
                row[f] = s.community
            elif f == "ethnicity":
                row[f] = _ethnicity_ladder(s.ethnicity)
            elif f == "first_month":
                row[f] = month_ladder(s.first_month)
            elif f == "special_groups":
                row[f] = "、".join(sorted(s.special_groups))
            elif f == "person_times":
                row[f] = s.person_times
            elif f == "methods":
                row[f] = "、".join(sorted(s.methods))
            elif f == "areas":
                row[f] = "、".join(sorted(s.areas))
            else:
                raise ValueError(f"unknown field {f!r}")
        rows.append(row)
    return rows


def quasi_of(fields: Sequence[str]) -> list[str]:
    return [f for f in fields if FIELDS[f][1] == QUASI]


def run(
    subjects: Sequence[Subject],
    fields: Sequence[str],
    *,
    k: int,
    project_id: int,
    key: bytes,
    max_suppressed: float = 0.05,
) -> Anonymized:
    """Rows with pseudonyms, generalized and suppressed to k-anonymity on the quasi-identifiers
    chosen; released in a random-free but meaningless order (by pseudonym)."""
    rows = build_rows(subjects, fields, pseudonymize=lambda pk: pseudonym(key, project_id, pk))
    result = anonymize(rows, quasi=quasi_of(fields), k=k, max_suppressed=max_suppressed)
    result.rows.sort(key=lambda r: r["pseudonym"])
    return result


# ---------------------------------------------------------------- loading from the database


def protection_children() -> Any:
    """Every resident named as a child in the protection app (reports and cases): left out of
    every extract, so that an extract says nothing about them."""
    from django.db.models import Q

    from shequ.protection.models import ProtectionCase, Report
    from shequ.residents.models import Resident

    return Resident.objects.filter(
        Q(pk__in=Report.objects.values("child_id"))
        | Q(pk__in=ProtectionCase.objects.values("child_id"))
    ).values("pk")


def _ladders(prefix: str) -> dict[str, tuple[str, ...]]:
    """The place ladder (community, street, district, suppressed) of each community of the
    district around `prefix`. Residents belong to communities (residents.services); one
    anywhere else would find no ladder and have its place suppressed."""
    from shequ.access.codes import Level, parent_code
    from shequ.divisions.models import Division

    rows = list(
        Division.objects.filter(code__startswith=prefix[:6]).values_list("code", "name", "level")
    )
    names = {code: name for code, name, _level in rows}
    ladders: dict[str, tuple[str, ...]] = {}
    for code, name, level in rows:
        if level != Level.COMMUNITY:
            continue
        street = parent_code(code) or ""
        district = parent_code(street) or ""
        ladders[code] = (name, names.get(street, TOP), names.get(district, TOP), TOP)
    return ladders


def load_population(
    *, population: str, division: Any, start: date | None, end: date | None
) -> list[Subject]:
    """The subjects of a population in a division (its prefix), in a fixed number of queries."""
    from django.db.models import Count, Min

    from shequ.delivery.models import ServiceRecord
    from shequ.residents.models import Resident, ResidentSpecialGroup, age_on

    prefix = division.prefix
    residents = Resident.objects.filter(
        division__code__startswith=prefix, merged_into__isnull=True, consent=True
    ).exclude(pk__in=protection_children())
    served: dict[int, dict[str, Any]] = {}
    reference = date.today()
    if population == "served":
        assert start is not None and end is not None
        reference = end
        records = ServiceRecord.objects.filter(
            division__code__startswith=prefix,
            served_on__range=(start, end),
            resident__in=residents.values("pk"),
        )
        for row in records.values("resident_id").annotate(n=Count("id"), first=Min("served_on")):
            served[row["resident_id"]] = {
                "n": row["n"],
                "first": row["first"],
                "methods": set(),
                "areas": set(),
            }
        for resident_id, method, area in records.values_list(
            "resident_id", "method", "area__name"
        ).distinct():
            served[resident_id]["methods"].add(method)
            if area:
                served[resident_id]["areas"].add(area)
        residents = residents.filter(pk__in=list(served))
    groups: dict[int, set[str]] = {}
    for resident_id, name, until in ResidentSpecialGroup.objects.filter(
        resident__in=residents.values("pk")
    ).values_list("resident_id", "group__name", "end_date"):
        if until is None or until >= reference:
            groups.setdefault(resident_id, set()).add(name)
    ladders = _ladders(prefix)
    subjects = []
    for pk, gender, born, ethnicity, code in residents.values_list(
        "pk", "gender", "birth_date", "ethnicity", "division_id"
    ):
        info = served.get(pk)
        subjects.append(
            Subject(
                key=pk,
                age=age_on(born, reference),
                gender=gender,
                community=ladders.get(code, (TOP, TOP, TOP, TOP)),
                ethnicity=ethnicity,
                first_month=f"{info['first']:%Y-%m}" if info else "",
                special_groups=tuple(sorted(groups.get(pk, ()))),
                person_times=info["n"] if info else 0,
                methods=tuple(sorted(info["methods"])) if info else (),
                areas=tuple(sorted(info["areas"])) if info else (),
            )
        )
    return subjects
