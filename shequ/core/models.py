"""Base models: timestamps, and records that belong to a division (the access rule)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shequ.access.rule import ScopedManager


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


class Versioned(models.Model):
    """A record several people edit: its version grows with every change, so that an edit made
    on an older version is refused instead of silently overwriting (shequ/core/concurrency.py;
    the API's ETag and If-Match, the pages' conflict screen)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class BilingualName:
    """Data shown by its Chinese `name`, or its `name_en` when the interface is in English."""

    name: str
    name_en: str

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name
