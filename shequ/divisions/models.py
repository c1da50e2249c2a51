from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.access.codes import LEVEL_LABELS, PREFIX_LENGTH, Level
from shequ.access.rule import ScopedManager


class Division(models.Model):
    """An administrative division keyed by its 12-digit statistical code."""

    LEVEL_CHOICES = [(level.value, LEVEL_LABELS[level]) for level in Level]

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=LEVEL_CHOICES, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    objects = ScopedManager()
    access_division_path = "code"

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[Level(self.level)]]

    @property
    def level_label(self) -> str:
        return Level(self.level).label
