"""Numbers formatted for people in the pages (`{% load numbers %}`)."""

from __future__ import annotations

from typing import Any

from django import template

from shequ.core.numbers import hours_text

register = template.Library()


@register.filter
def hours(value: Any) -> str:
    """3.80000000000000 → 3.8: hours with at most two decimals."""
    return hours_text(value)
