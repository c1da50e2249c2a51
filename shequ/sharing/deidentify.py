"""De-identification of free text, for the case studies drafted from real casework.

One entry point, `deidentify(text, people=..., places=...)`: it replaces, in this order,

1. what is known about the people of the source: their addresses, ID numbers and phones
   (literally, wherever they appear);
2. their names: the full name, a given name of two characters or more, each part of a name
   with 「·」, and the familiar forms (老王, 小王, 王奶奶, 王阿姨, ...), each person getting one
   pseudonym by role (案主A, 成员A, 成员B, 家属A, 社工A, 督导A);
3. the places given (a small community becomes "自强街道某社区");
4. by pattern, what nobody listed: exact dates (2026年3月5日 and 2026-03-05 become 2026年3月,
   3月5日 becomes 某月), 18- and 15-digit ID numbers, mobile and landline phones, any other
   run of seven digits or more, and street addresses (3号楼2单元, 人民大街100号).

Everything is searched in the text made half-width (an identifier typed in full-width digits,
１３８１２３４５６７８, is the same phone), a name's middle dot being any of residents' NAME_DOTS
(阿卜杜・热合曼 is 阿卜杜·热合曼); the replacements are made in the text as written.

It answers the new text and how many replacements of each kind it made (never the originals).
`leaks(text, people)` tells what of the people's names, ID numbers and phones a text still
contains: the check before a case study is submitted or published.

Pure Python (no database): the property tests feed it generated names and numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shequ.residents.identity import NAME_DOTS, to_half_width

ROLE_LABELS = {
    "client": "案主",
    "family": "家属",
    "member": "成员",
    "staff": "社工",
    "supervisor": "督导",
}
ROLE_ORDER = list(ROLE_LABELS)

ID_TOKEN = "【身份证号已隐去】"  # noqa: S105 (a placeholder in text, not a secret)
PHONE_TOKEN = "【电话已隐去】"  # noqa: S105
NUMBER_TOKEN = "【号码已隐去】"  # noqa: S105
ADDRESS_TOKEN = "【地址已隐去】"  # noqa: S105

COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "令狐",
    "端木",
    "西门",
    "南宫",
    "独孤",
    "呼延",
]
HONORIFICS = [
    "奶奶",
    "爷爷",
    "姥姥",
    "姥爷",
    "阿姨",
    "叔叔",
    "大爷",
    "大妈",
    "大娘",
    "大叔",
    "大姐",
    "大哥",
    "女士",
    "先生",
    "老师",
    "同学",
    "师傅",
    "婶",
    "伯",
    "姐",
    "哥",
]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ffff"
# Any middle dot of a name (阿卜杜·热合曼, 阿卜杜・热合曼, 阿卜杜.热合曼), in half-width text.
_DOT = "[" + re.escape("".join(sorted({"·", *NAME_DOTS, *NAME_DOTS.values()}))) + "]"
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{7,8}(?:-\d{1,5})?(?!\d)")
_LONG_NUMBER = re.compile(r"\d(?:[\s-]?\d){6,}")
_ADDRESS = re.compile(
    rf"(?:[{_HAN}]{{1,6}}(?:路|街|巷|胡同|大街|大道)\d+号(?:院)?)"
    r"|(?:\d+(?:号楼|栋|幢)(?:\d+单元)?(?:\d+(?:号|室))?)"
    r"|(?:\d+单元\d+(?:号|室)?)"
)


@dataclass(frozen=True)
class Person:
    """Someone of the source: their name, role (a key of ROLE_LABELS) and what else
    identifies them."""

    name: str
    role: str = "client"
    id_number: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class Place:
    """A place name and what it becomes (a small community: the street's 某社区)."""

    name: str
    replacement: str


@dataclass
class Deidentified:
    text: str
    counts: dict[str, int] = field(default_factory=dict)
    pseudonyms: dict[str, str] = field(default_factory=dict)  # role label per pseudonym


def _letter(index: int) -> str:
    return chr(ord("A") + index % 26) + (str(index // 26) if index >= 26 else "")


def assign_pseudonyms(people: Iterable[Person]) -> dict[str, str]:
    """One pseudonym per distinct name, by role, in the order given: 案主A, 成员A, 成员B."""
    seen: dict[str, str] = {}
    used: Counter[str] = Counter()
    ordered = sorted(
        (p for p in people if p.name.strip()),
        key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else len(ROLE_ORDER),
    )
    for person in ordered:
        key = _name_key(person.name)
        if key in seen:
            continue
        label = ROLE_LABELS.get(person.role, "某人")
        seen[key] = f"{label}{_letter(used[label])}"
        used[label] += 1
    return seen


def _compact(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _half(text: str) -> str:
    """The text as it is searched: full-width digits and letters (１３８, Ｘ) and the
    ideographic space made half-width, one character for one (so a match's span in it is
    the same span in the text)."""
    return to_half_width(text)


def _name_key(name: str) -> str:
    """A name as it is compared: half-width, without spaces, every middle dot made 「·」."""
    return "".join(NAME_DOTS.get(ch, ch) for ch in _compact(_half(name)))


def _replace(
    text: str, pattern: re.Pattern[str], repl: Any, counts: Counter[str], kind: str
) -> str:
    """`pattern.sub` found in the half-width text, replacing the same spans of the text
    itself (whose punctuation, 「，」 and 「（」, stays as written)."""
    out: list[str] = []
    end = 0
    for match in pattern.finditer(_half(text)):
        out.append(text[end : match.start()])
        out.append(repl if isinstance(repl, str) else repl(match))
        end = match.end()
        counts[kind] += 1
    if not out:
        return text
    out.append(text[end:])
    return "".join(out)


def _surname_and_given(name: str) -> tuple[str, str]:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound, name[len(compound) :]
    return name[:1], name[1:]


def name_variants(name: str) -> tuple[set[str], set[str]]:
    """(forms that name this person alone, familiar forms built on the surname), with the
    middle dot as 「·」."""
    name = _name_key(name)
    own = {name}
    familiar: set[str] = set()
    if not name:
        return set(), set()
    if "·" in name:
        parts = [p for p in name.split("·") if p]
        own.add("".join(parts))
        own.update(p for p in parts if len(p) >= 2)
        return own, familiar
    if re.fullmatch(rf"[{_HAN}]{{2,6}}", name):
        surname, given = _surname_and_given(name)
        if len(given) >= 2:
            own.add(given)
        familiar.update({f"老{surname}", f"小{surname}"})
        familiar.update(f"{surname}{h}" for h in HONORIFICS)
    return own, familiar


def _digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", _half(value))


def _literal_pattern(value: str) -> re.Pattern[str]:
    """A value of the source (an ID number, a phone, an address, a place) as written in
    half-width text, the letter X of an ID number in either case."""
    return re.compile(re.escape(_half(value)), re.IGNORECASE)


def _name_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """The name forms, longest first, their 「·」 matching any middle dot."""
    return re.compile(
        "|".join(
            _DOT.join(re.escape(part) for part in form.split("·"))
            for form in sorted(forms, key=len, reverse=True)
        )
    )


def deidentify(
    text: str, *, people: Sequence[Person] = (), places: Sequence[Place] = ()
) -> Deidentified:
    counts: Counter[str] = Counter()

    def literal(source: str, values: Iterable[str], token: str, kind: str) -> str:
        for value in sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True):
            source = _replace(source, _literal_pattern(value), token, counts, kind)
        return source

    # Everything is searched in the half-width text (１３８１２３４５６７８ is a phone), and
    # a name's middle dot may be any of them (阿卜杜・热合曼).
    # 1. what is known of the people, literally
    text = literal(text, (p.address for p in people), ADDRESS_TOKEN, "address")
    text = literal(text, (p.id_number for p in people), ID_TOKEN, "id_number")
    text = literal(text, (p.phone for p in people), PHONE_TOKEN, "phone")

    # 2. names, in one pass (longest form first, so 王秀英 wins over 秀英)
    pseudonyms = assign_pseudonyms(people)
    forms: dict[str, str] = {}
    familiar_forms: dict[str, str] = {}
    for person in sorted(
        people, key=lambda p: ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 99
    ):
        alias = pseudonyms.get(_name_key(person.name))
        if alias is None:
            continue
        own, familiar = name_variants(person.name)
        for form in own:
            forms.setdefault(form, alias)
        for form in familiar:
            familiar_forms.setdefault(form, alias)
    for form, alias in familiar_forms.items():
        forms.setdefault(form, alias)
    if forms:
        text = _replace(
            text,
            _name_pattern(forms),
            lambda m: forms[_name_key(m.group(0))],
            counts,
            "name",
        )

    # 3. places
    for place in sorted(places, key=lambda p: len(p.name), reverse=True):
        if place.name and place.name != place.replacement:
            text = _replace(text, _literal_pattern(place.name), place.replacement, counts, "place")

    # 4. patterns
    def sub(pattern: re.Pattern[str], repl: Any, kind: str, source: str) -> str:
        return _replace(source, pattern, repl, counts, kind)

    text = sub(_FULL_DATE, lambda m: f"{m.group(1)}年{int(m.group(2))}月", "date", text)
    text = sub(_ISO_DATE, lambda m: f"{m.group(1)}年{int(m.group(2))}月", "date", text)
    text = sub(_MONTH_DAY, "某月", "date", text)
    text = sub(_ID_NUMBER, ID_TOKEN, "id_number", text)
    text = sub(_MOBILE, PHONE_TOKEN, "phone", text)
    text = sub(_LANDLINE, PHONE_TOKEN, "phone", text)
    text = sub(_LONG_NUMBER, NUMBER_TOKEN, "number", text)
    text = sub(_ADDRESS, ADDRESS_TOKEN, "address", text)
    return Deidentified(
        text=text,
        counts={k: v for k, v in counts.items() if v},
        pseudonyms={alias: person_role for person_role, alias in _roles(people, pseudonyms)},
    )


def _roles(people: Sequence[Person], pseudonyms: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for person in people:
        alias = pseudonyms.get(_name_key(person.name))
        if alias is not None:
            out.append((person.role, alias))
    return out


def leaks(text: str, *, people: Sequence[Person] = ()) -> list[str]:
    """The kinds of identifiers ("name", "id_number", "phone") of `people` that `text` still
    contains, plus "id_number"/"phone" for anything that looks like one."""
    found: set[str] = set()
    half = _half(text)
    compact = _name_key(text)
    digits = _digits(text)
    for person in people:
        name = _name_key(person.name)
        if name and (name in compact or name.replace("·", "") in compact.replace("·", "")):
            found.add("name")
        id_digits = _digits(person.id_number)
        if len(id_digits) >= 15 and (
            _half(person.id_number).upper() in half.upper() or id_digits in digits
        ):
            found.add("id_number")
        if len(_digits(person.phone)) >= 7 and _digits(person.phone) in digits:
            found.add("phone")
    if _ID_NUMBER.search(half):
        found.add("id_number")
    if _MOBILE.search(half) or _LANDLINE.search(half):
        found.add("phone")
    return sorted(found)
