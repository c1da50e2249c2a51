"""Service records: who was served, where, when, for how long, by which method, under which
project. From them come the two numbers every report needs: people served (distinct
residents) and person-times (attendances plus headcounts).

Roll-ups kept in the same transaction as every record write make both numbers fast for any
division and period: `ServedMonth` holds one row per resident, month, community, project,
method and area (with its person-times); `HeadcountMonth` the anonymous headcounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import DivisionOwnedModel


class Method(models.TextChoices):
    CASE = "case", _("casework")
    GROUP = "group", _("group work")
    ACTIVITY = "activity", _("community activity")


class ServiceRecord(DivisionOwnedModel):
    """One service to one resident (or an anonymous headcount) in a community."""

    resident = models.ForeignKey(
        "residents.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    headcount = models.PositiveIntegerField(_("person-times"), default=1)
    project = models.ForeignKey(
        "projects.ServiceProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    area = models.ForeignKey(
        "projects.ServiceArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    served_on = models.DateField(_("date"), db_index=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    source = models.CharField(_("source"), max_length=40, blank=True)

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [models.Index(fields=["division", "served_on"], name="record_division_date")]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_method_display()}"


class ServedMonth(models.Model):
    """Roll-up: one row per resident, month, community, project, method and area (0 = none)."""

    resident_id = models.BigIntegerField()
    month = models.DateField()
    division_code = models.CharField(max_length=12)
    project_id = models.BigIntegerField(default=0)
    method = models.CharField(max_length=10)
    area_id = models.BigIntegerField(default=0)
    person_times = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident_id", "month", "division_code", "project_id", "method", "area_id"],
                name="served_month_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["division_code", "month"],
                name="served_month_div",
                opclasses=["varchar_pattern_ops", "date_ops"],
            ),
            models.Index(fields=["project_id", "month"], name="served_month_project"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}@{self.month}"


class HeadcountMonth(models.Model):
    """Roll-up of anonymous headcounts: one row per month, community, project, method, area."""

    month = models.DateField()
    division_code = models.CharField(max_length=12)
    project_id = models.BigIntegerField(default=0)
    method = models.CharField(max_length=10)
    area_id = models.BigIntegerField(default=0)
    person_times = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "division_code", "project_id", "method", "area_id"],
                name="headcount_month_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.division_code}@{self.month}"
