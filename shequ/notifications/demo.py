"""Demo notifications. The events of the other demo steps have notified their people already
(the director of 东岭 and the street's supervisor for 西岭 of their reports, the police of its
referral, the school of its task, 张丽 of a student's journal). Here 西岭's worker is told of a
finished import (as `imports.engine` does at the end of a real one), one notification of the
director is read, and the escalation check runs once (nothing is overdue in a fresh demo)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from shequ.core.demo import DemoContext
from shequ.notifications.escalation import escalate
from shequ.notifications.models import Notification
from shequ.notifications.services import notify


def load(ctx: DemoContext) -> None:
    notify(
        recipients=[ctx["user:worker_b"]],
        kind="job_finished",
        title="西岭社区居民台账导入已完成",
        link=reverse("residents:list"),
        reference="DR-demo",
        key="demo:worker_b:import",
    )
    first = (
        Notification.objects.filter(recipient=ctx["user:director_a"]).order_by("created_at").first()
    )
    if first is not None and first.read_at is None:
        first.read_at = timezone.now()
        first.save(update_fields=["read_at"])
    escalate()
