from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from shequ.workbench.registry import Item

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.simple_tag
def due_text(item: Item, now: datetime) -> str:
    """The deadline and the time left (or how late), as a person says it."""
    due = item.due
    if isinstance(due, datetime):
        when = formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT")
        if due < now:
            return _("%(when)s, overdue by %(late)s") % {
                "when": when,
                "late": timesince(due, now, depth=1),
            }
        return _("%(when)s, %(left)s left") % {"when": when, "left": timeuntil(due, now, depth=1)}
    if due is None:
        return ""
    return _("by %(day)s") % {"day": formats.date_format(due, "SHORT_DATE_FORMAT")}
