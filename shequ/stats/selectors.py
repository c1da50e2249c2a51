"""Reads of impact reports within the access rule (the report's division)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shequ.access.rule import get_visible_or_404
from shequ.stats.dashboard import VIEW
from shequ.stats.models import ImpactReport


def report_list(*, user: Any) -> QuerySet[ImpactReport]:
    return ImpactReport.objects.visible_to(user, VIEW).select_related("division", "requested_by")


def report_get(*, user: Any, pk: int) -> ImpactReport:
    return get_visible_or_404(
        ImpactReport.objects.select_related("division", "requested_by"), user, VIEW, pk=pk
    )
