"""Password rules of a level-3 (等保三级) system: a minimum length and three of the four
character classes (lower case, upper case, digits, symbols). The numbers come from the
security policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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
    def validate(self, password: str, user: Any = None) -> None:
        minimum = _policy().min_password_length
        if len(password) < minimum:
            raise ValidationError(
                _("The password must have at least %(n)d characters.") % {"n": minimum},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("At least %(n)d characters.") % {"n": _policy().min_password_length}


class CharacterClassValidator:
    def validate(self, password: str, user: Any = None) -> None:
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
