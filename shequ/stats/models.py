"""Impact reports: requested for a division and a period, built in the background with visible
progress, kept as a PDF, a Word file and an Excel workbook."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.access.models import DivisionOwnedModel


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being written")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Language(models.TextChoices):
    CHINESE = "zh-hans", "中文"
    ENGLISH = "en", "English"


class ImpactReport(DivisionOwnedModel):
    period_kind = models.CharField(max_length=8)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.CHINESE
    )
    published = models.BooleanField(_("for publication (people under 5 shown as <5)"), default=True)
    scheduled = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    message = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    docx = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impact report")
        verbose_name_plural = _("impact reports")

    def __str__(self) -> str:
        return f"{self.division_id} {self.start}..{self.end}"

    @property
    def is_running(self) -> bool:
        return self.status in (ReportStatus.PENDING, ReportStatus.RUNNING)
