"""The form summary's helpers (`{% load form_summary %}`): shequ/core/rendering.py."""

from __future__ import annotations

from django import template
from django.forms import BaseForm

from shequ.core.rendering import ErrorItem, error_items, has_required

register = template.Library()


@register.filter(name="error_items")
def error_items_filter(form: BaseForm) -> list[ErrorItem]:
    return error_items(form)


@register.filter(name="has_required")
def has_required_filter(form: BaseForm) -> bool:
    return has_required(form)
