"""The base of every record that belongs to a division: the access rule reads its code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.access.rule import ScopedManager
from shequ.core.models import TimeStampedModel


class DivisionOwnedModel(TimeStampedModel):
    """A record that belongs to a division; the access rule reads `division_id` (its code)."""

    division = models.ForeignKey(
        "divisions.Division",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("division"),
    )

    objects = ScopedManager()

    class Meta:
        abstract = True
