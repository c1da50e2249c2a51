"""Base models: timestamps, and records that belong to a division (the access rule)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.access import ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


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
