"""The project metric that volunteer service computes: confirmed hours of the activities
organized under the project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shequ.projects.models import ServiceProject
from shequ.projects.selectors import register_metric
from shequ.volunteers.services import confirmed_hours


@register_metric("volunteer_hours")
def volunteer_hours(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return confirmed_hours(project=project, start=project.start_date, end=project.end_date)
