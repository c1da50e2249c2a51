"""Base models: timestamps, versions and bilingual names (records that belong to a division
derive from `shequ.access.models.DivisionOwnedModel`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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


class ReferenceTable(BilingualName, models.Model):
    """A list kept as data (service areas, special groups, risk grades, roles, …): a code, the
    names in both languages and an order. Seeded by the app's `catalog.py` through
    `core.catalogs.seed_rows`; an administrator may edit the names."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        abstract = True
        ordering = ["sort", "code"]

    def natural_key(self) -> tuple[str]:
        return (self.code,)
