"""An import of a spreadsheet: uploaded, validated row by row (preview), then committed all or
nothing. Its progress is visible while it runs in the background."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel


class Status(models.TextChoices):
    PENDING = "pending", _("waiting")
    VALIDATING = "validating", _("checking")
    INVALID = "invalid", _("has problems")
    VALID = "valid", _("ready to import")
    COMMITTING = "committing", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


RUNNING = {Status.PENDING, Status.VALIDATING, Status.COMMITTING}


class ImportJob(DivisionOwnedModel):
    kind = models.CharField(_("kind"), max_length=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # what the rows go into when it is not the division itself (the training of trainees)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    errors: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    # Who is working on it (host:pid:process token) and when it last said so: a job whose
    # process died is found by the reaper (shequ/imports/reaper.py) and marked failed.
    worker = models.CharField(max_length=120, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}:{self.original_name}"

    @property
    def percent(self) -> int:
        if self.status in (Status.DONE, Status.VALID, Status.INVALID):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING
