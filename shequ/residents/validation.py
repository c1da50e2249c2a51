"""The rules a resident's record must meet, in one place: used by the registration form, the
API and every row of an import. `resident_validate` collects every problem of a record, each on
its field, so that an import can list them all by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput
from shequ.residents.catalog import alias_key
from shequ.residents.identity import (
    check_id_consistency,
    normalize_name,
    normalize_phone,
    parse_id_number,
)
from shequ.residents.models import Gender, Relation, age_on

GENDER_WORDS = {"m": "M", "male": "M", "男": "M", "f": "F", "female": "F", "女": "F"}


@dataclass
class SpecialGroupEntry:
    code: str
    grade: str = ""
    start_date: date | None = None
    end_date: date | None = None


@dataclass
class CleanResident:
    name: str
    gender: str
    birth_date: date
    id_number: str = ""
    phone: str = ""
    address: str = ""
    ethnicity: str = ""
    relation_to_head: str = ""
    guardian_name: str = ""
    guardian_consent: bool = False
    guardian_consent_date: date | None = None
    consent: bool = False
    note: str = ""
    special_groups: list[SpecialGroupEntry] = field(default_factory=list)


# The fields of a CleanResident that are stored on the Resident as they are.
PLAIN_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "address",
    "ethnicity",
    "relation_to_head",
    "guardian_name",
    "guardian_consent",
    "guardian_consent_date",
    "consent",
    "note",
)


def plain_values(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in PLAIN_FIELDS}


@dataclass
class Problem:
    field: str
    code: str
    message: str


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip().replace("\u3000", " ")[:limit]


def resident_validate(
    data: dict[str, Any],
    *,
    today: date | None = None,
    groups: dict[str, Any] | None = None,
    ethnicities: dict[str, str] | None = None,
    consent_exempt: bool = False,
) -> tuple[CleanResident | None, list[Problem]]:
    """Validate raw input (from a form, the API or an import row). Returns the cleaned record,
    or None with every problem found. `consent_exempt`: a child registered because of a
    protection report, whose record rests on the mandatory-reporting duty, not on consent.
    `ethnicities`: what may be typed for 民族, to the official name (catalog.ethnicity_aliases);
    without it the value is kept as typed."""
    today = today or date.today()
    problems: list[Problem] = []

    def attempt(fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            problems.append(Problem(exc.field or "", exc.code, str(exc.message)))
            return None

    name = attempt(normalize_name, str(data.get("name") or ""))
    gender_raw = _text(data, "gender", 10).lower()
    gender = GENDER_WORDS.get(gender_raw, gender_raw.upper() if gender_raw else "")
    if gender and gender not in Gender.values:
        problems.append(Problem("gender", "gender", _("Gender must be M or F (male or female).")))
        gender = ""
    birth_date = data.get("birth_date")
    if birth_date is not None and not isinstance(birth_date, date):
        problems.append(Problem("birth_date", "date", _("Not a date: use YYYY-MM-DD.")))
        birth_date = None
    if isinstance(birth_date, date) and (birth_date > today or birth_date.year < 1880):
        problems.append(Problem("birth_date", "date_range", _("The birth date is impossible.")))
        birth_date = None
    id_number = ""
    raw_id = _text(data, "id_number", 40)
    if raw_id:
        info = attempt(parse_id_number, raw_id)
        if info is not None:
            id_number = info.number
            before = len(problems)
            attempt(check_id_consistency, info, birth_date=birth_date, gender=gender or None)
            if len(problems) == before:
                birth_date = birth_date or info.birth_date
                gender = gender or info.gender
    if not gender and not any(p.field in ("gender", "id_number") for p in problems):
        problems.append(Problem("gender", "required", _("The gender is required.")))
    if birth_date is None and not any(p.field in ("birth_date", "id_number") for p in problems):
        problems.append(Problem("birth_date", "required", _("The birth date is required.")))
    phone = ""
    raw_phone = _text(data, "phone", 40)
    if raw_phone:
        phone = attempt(normalize_phone, raw_phone) or ""
    relation = _text(data, "relation_to_head", 20)
    if relation and relation not in Relation.values:
        by_label = {str(label): value for value, label in Relation.choices}
        relation = by_label.get(relation, "")
        if not relation:
            problems.append(
                Problem("relation_to_head", "invalid_choice", _("Unknown relation to the head."))
            )
    ethnicity = _text(data, "ethnicity", 20)
    if ethnicity and ethnicities is not None:
        official = ethnicities.get(alias_key(ethnicity))
        if official is None:
            problems.append(
                Problem(
                    "ethnicity",
                    "unknown_ethnicity",
                    _("Unknown ethnicity: %(v)s. Choose one of the 56 nationalities of GB/T 3304.")
                    % {"v": ethnicity},
                )
            )
        ethnicity = official or ""
    guardian_consent = bool(data.get("guardian_consent"))
    guardian_name = _text(data, "guardian_name", 50)
    minor = isinstance(birth_date, date) and age_on(birth_date, today) < 18
    if minor and not consent_exempt and not (guardian_consent and guardian_name):
        problems.append(
            Problem(
                "guardian_consent",
                "guardian_consent",
                _("A minor's record needs the guardian's name and consent."),
            )
        )
    entries = []
    for raw in data.get("special_groups") or []:
        entry = raw if isinstance(raw, SpecialGroupEntry) else SpecialGroupEntry(**raw)
        group = (groups or {}).get(entry.code)
        if groups is not None and group is None:
            problems.append(
                Problem(
                    "special_groups",
                    "unknown_group",
                    _("Unknown special group: %(code)s.") % {"code": entry.code},
                )
            )
            continue
        if group is not None and group.is_minor_group and not minor:
            problems.append(
                Problem(
                    "special_groups",
                    "minor_group",
                    _("%(group)s is for minors only.") % {"group": group.display_name},
                )
            )
        if group is not None and group.has_grade and not entry.grade:
            problems.append(
                Problem(
                    "special_groups",
                    "grade_required",
                    _("%(group)s needs a grade.") % {"group": group.display_name},
                )
            )
        if entry.end_date and entry.start_date and entry.end_date < entry.start_date:
            problems.append(
                Problem("special_groups", "dates", _("A group's end is before its start."))
            )
        entries.append(entry)
    if problems or name is None or birth_date is None:
        return None, problems
    return CleanResident(
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_number=id_number,
        phone=phone,
        address=_text(data, "address", 200),
        ethnicity=ethnicity,
        relation_to_head=relation,
        guardian_name=guardian_name,
        guardian_consent=guardian_consent,
        guardian_consent_date=data.get("guardian_consent_date") if guardian_consent else None,
        consent=bool(data.get("consent")),
        note=_text(data, "note", 2000),
        special_groups=entries,
    ), []


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        first = problems[0]
        raise InvalidInput(
            first.message,
            code=first.code,
            field=first.field or None,
            errors=[
                {"code": p.code, "message": p.message, "field": p.field or None} for p in problems
            ],
        )
