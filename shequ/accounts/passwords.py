"""Password rules of a level-3 (等保三级) system: a minimum length and three of the four
character classes (lower case, upper case, digits, symbols), the numbers from the security
policy; not a common password (a list of 30,000 with Chinese-typical ones), not built on the
account's names, and not the published demo password outside development."""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from shequ.accounts.models import User


def _policy() -> Any:
    from shequ.accounts.models import SecurityPolicy

    return SecurityPolicy.current()


def character_classes(password: str) -> int:
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class LengthValidator:
    def validate(self, password: str, user: User | None = None) -> None:
        minimum = _policy().min_password_length
        if len(password) < minimum:
            raise ValidationError(
                _("The password must have at least %(n)d characters.") % {"n": minimum},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("At least %(n)d characters.") % {"n": _policy().min_password_length}


class CharacterClassValidator:
    def validate(self, password: str, user: User | None = None) -> None:
        required = _policy().min_character_classes
        if character_classes(password) < required:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: lower-case letters, upper-case "
                    "letters, digits, symbols."
                )
                % {"n": required},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("At least %(n)d of: lower case, upper case, digits, symbols.") % {
            "n": _policy().min_character_classes
        }


# ---------------------------------------------------------------- common passwords

COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
_LEET = str.maketrans(
    {"0": "o", "1": "i", "!": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t"}
)
_EDGE = re.compile(r"^[^a-z]+|[^a-z]+$")
_NOT_LETTER = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def password_cores(password: str) -> set[str]:
    """What a password reduces to once the usual disguises are taken off: lower case, the
    letter substitutions undone (p@ssw0rd), digits and symbols around the word stripped
    (Admin@123), the letters alone, and a run of letters that makes up half the password or
    more (zhangsan123A). Cores shorter than 3 are dropped."""
    lowered = password.strip().lower()
    cores = {lowered, lowered.translate(_LEET)}
    for form in list(cores):
        cores.add(_EDGE.sub("", form))
        cores.add(_NOT_LETTER.sub("", form))
        cores.update(run for run in _NOT_LETTER.split(form) if 2 * len(run) >= len(form))
    return {c for c in cores if len(c) >= 3}


class CommonPasswordValidator:
    """Refuse a password that is, or is a disguise of, one of the 30,000 most common
    (Django's list, pinyin names, Chinese-typical words and numbers, keyboard walks)."""

    def validate(self, password: str, user: User | None = None) -> None:
        if password_cores(password) & common_passwords():
            raise ValidationError(
                _("This password is too common: it is on the list of passwords tried first."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Not a common password, a name or a keyboard walk, even with digits added.")


def _pinyin(text: str) -> list[str]:
    if not text or text.isascii():
        return []
    from pypinyin import lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(text) if s.isalpha()]
    return ["".join(syllables), "".join(s[0] for s in syllables)] if syllables else []


class NameSimilarityValidator:
    """Refuse a password built on the account's name: the user name, the full name in pinyin
    (张三 → zhangsan), or the part of the e-mail before @, however disguised."""

    def validate(self, password: str, user: User | None = None) -> None:
        if user is None:
            return
        names = {
            getattr(user, "username", "") or "",
            (getattr(user, "email", "") or "").split("@")[0],
            *_pinyin(getattr(user, "full_name", "") or ""),
        }
        parts = {_NOT_LETTER.sub("", n.lower()) for n in names}
        parts = {p for p in parts if len(p) >= 4}
        if not parts:
            return
        cores = password_cores(password)
        if any(
            part in core or (len(core) >= 5 and core in part) for part in parts for core in cores
        ):
            raise ValidationError(
                _("The password must not be built on the user name or the person's name."),
                code="password_too_similar",
            )

    def get_help_text(self) -> str:
        return _("Not built on your user name or your name.")


class DemoPasswordValidator:
    """Outside development, the published demo password is refused."""

    def validate(self, password: str, user: User | None = None) -> None:
        if getattr(settings, "SHEQU_DEV", False):
            return
        published = {"Shequ@2026", getattr(settings, "SHEQU_DEMO_PASSWORD", "")}
        if password in published:
            raise ValidationError(
                _("This is the published demo password: choose another."),
                code="password_demo",
            )

    def get_help_text(self) -> str:
        return ""
