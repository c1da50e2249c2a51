"""Numbers and dates typed by meaning: money, a number of people, a count, hours, a percentage,
a date of record, a resident ID number. Each kind has one reader (`parse_*`, raising
InvalidInput with its own message) used by the services, and one form field that calls the
same reader, so that a form reports every field's problem in one submit while the service
stays the authority."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.errors import InvalidInput
from shequ.core.idnumber import normalize_id_number, parse_id_number
from shequ.core.numbers import to_decimal

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("1e12")


def _two_decimals(number: Decimal, *, field: str, message: str, code: str) -> Decimal:
    if number != number.quantize(CENT):
        raise InvalidInput(message, field=field, code=code)
    return number.quantize(CENT)


def parse_money(value: Any, *, field: str = "amount") -> Decimal:
    """Yuan, at most two decimals (fen), not negative: `12.50`, `1,200`."""
    amount = to_decimal(
        value, field=field, message=_("Enter an amount in yuan, such as 12.50."), code="amount"
    )
    if amount < 0:
        raise InvalidInput(_("The amount cannot be negative."), field=field, code="amount")
    if amount >= MONEY_LIMIT:
        raise InvalidInput(_("The amount is too large."), field=field, code="amount")
    return _two_decimals(
        amount,
        field=field,
        message=_("An amount in yuan has at most two decimals (fen)."),
        code="amount_decimals",
    )


def _whole(value: Any, *, field: str, message: str, code: str) -> int:
    number = to_decimal(value, field=field, message=message, code=code)
    if number < 0 or number != number.to_integral_value() or number >= MONEY_LIMIT:
        raise InvalidInput(message, field=field, code=code)
    return int(number)


def parse_headcount(value: Any, *, field: str = "headcount") -> int:
    """A number of people: a whole number, 0 or more."""
    return _whole(
        value,
        field=field,
        message=_("A number of people is a whole number, 0 or more."),
        code="headcount",
    )


def parse_count(value: Any, *, field: str = "count") -> int:
    """A number of times or things (cases, sessions, activities): a whole number, 0 or more."""
    return _whole(
        value, field=field, message=_("A count is a whole number, 0 or more."), code="count"
    )


def parse_hours(value: Any, *, field: str = "hours") -> Decimal:
    """Hours: 0 or more, at most two decimals (2.5, 3.25)."""
    message = _("Enter hours as a number, 0 or more, such as 2 or 2.5.")
    hours = to_decimal(value, field=field, message=message, code="hours")
    if hours < 0 or hours >= MONEY_LIMIT:
        raise InvalidInput(message, field=field, code="hours")
    return _two_decimals(
        hours, field=field, message=_("Hours have at most two decimals."), code="hours_decimals"
    )


def parse_percent(value: Any, *, field: str = "percent") -> Decimal:
    """A percentage from 0 to 100, at most two decimals; a trailing % is allowed."""
    message = _("Enter a percentage from 0 to 100, such as 85 or 92.5.")
    text = str(value).strip().removesuffix("%").removesuffix("％")
    percent = to_decimal(text, field=field, message=message, code="percent")
    if not 0 <= percent <= 100:
        raise InvalidInput(message, field=field, code="percent")
    return _two_decimals(
        percent,
        field=field,
        message=_("A percentage has at most two decimals."),
        code="percent_decimals",
    )


def parse_quantity(value: Any, *, field: str = "value") -> Decimal:
    """Any other amount of something: 0 or more, at most two decimals."""
    message = _("Enter a number, 0 or more, such as 12 or 3.5.")
    number = to_decimal(value, field=field, message=message, code="number")
    if number < 0 or number >= MONEY_LIMIT:
        raise InvalidInput(message, field=field, code="number")
    return _two_decimals(
        number, field=field, message=_("At most two decimals."), code="number_decimals"
    )


class _ParsedField(forms.CharField):
    """A text box whose value is read by one of the readers above."""

    parse: Callable[..., Any]
    input_mode = "decimal"
    placeholder: Any = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", self.input_mode)
        self.widget.attrs.setdefault("autocomplete", "off")
        if self.placeholder:
            self.widget.attrs.setdefault("placeholder", self.placeholder)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return type(self).parse(text, field="")
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from None


class MoneyField(_ParsedField):
    """Yuan (¥), two decimals."""

    parse = staticmethod(parse_money)
    placeholder = format_lazy("¥ {}", gettext_lazy("e.g. 12.50"))


class HeadcountField(_ParsedField):
    parse = staticmethod(parse_headcount)
    input_mode = "numeric"


class CountField(_ParsedField):
    parse = staticmethod(parse_count)
    input_mode = "numeric"


class HoursField(_ParsedField):
    parse = staticmethod(parse_hours)


class PercentField(_ParsedField):
    parse = staticmethod(parse_percent)
    placeholder = "%"


class QuantityField(_ParsedField):
    parse = staticmethod(parse_quantity)


# A kind of number by its name: how a rule kept as data (a project's metric) says what it counts.
PARSERS: dict[str, Callable[..., Any]] = {
    "money": parse_money,
    "headcount": parse_headcount,
    "count": parse_count,
    "hours": parse_hours,
    "percent": parse_percent,
    "quantity": parse_quantity,
}
FIELDS: dict[str, type[_ParsedField]] = {
    "money": MoneyField,
    "headcount": HeadcountField,
    "count": CountField,
    "hours": HoursField,
    "percent": PercentField,
    "quantity": QuantityField,
}


class DateInput(forms.DateInput):
    """The browser's date picker (a calendar on a phone), ISO value."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Enter a date such as 2026-12-07.")}
        )
        super().__init__(**kwargs)


class RecordDateField(DateField):
    """The date something happened (a visit, a service, an assessment): today unless changed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("initial", date.today)
        super().__init__(**kwargs)


class IdNumberField(forms.CharField):
    """A resident ID number (GB 11643): checked as typed in the browser (core/idnumber.js fills
    the birth date and gender named by `birth_field` and `gender_field`), read again here."""

    def __init__(self, *, birth_field: str = "", gender_field: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        attrs = self.widget.attrs
        attrs.update(
            {
                "data-id-number": "",
                "autocomplete": "off",
                "spellcheck": "false",
                "data-msg-length": gettext_lazy(
                    "A resident ID number has 18 characters; this one has {n}."
                ),
                "data-msg-format": gettext_lazy(
                    "A resident ID number is 17 digits followed by a digit or X."
                ),
                "data-msg-date": gettext_lazy("The birth date in this ID number is impossible."),
                "data-msg-checksum": gettext_lazy(
                    "The check digit of this ID number is wrong: please check every digit."
                ),
                "data-msg-filled": gettext_lazy("Born {date}, {gender} (from the ID number)"),
                "data-male": gettext_lazy("male"),
                "data-female": gettext_lazy("female"),
            }
        )
        if birth_field:
            attrs["data-birth-field"] = f"id_{birth_field}"
        if gender_field:
            attrs["data-gender-field"] = f"id_{gender_field}"

    def to_python(self, value: Any) -> str:
        text = normalize_id_number(super().to_python(value) or "")
        if not text:
            return ""
        try:
            return parse_id_number(text, field="").number
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from None
