"""The project metric that trainings compute: trainings held under the project (a training
counts once its first session has taken place)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from shequ.projects.models import ServiceProject
from shequ.projects.selectors import register_metric


@register_metric("trainings")
def trainings_held(project: ServiceProject, memo: dict[str, Any]) -> Decimal:
    return Decimal(project.trainings.filter(sessions__held_on__lte=date.today()).distinct().count())
