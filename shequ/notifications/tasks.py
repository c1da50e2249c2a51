"""Celery tasks: one delivery (retried with backoff on a worker), and the scheduled sweeps
(celery beat; the same work as `manage.py notifications_send / _escalate / _digest`)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from shequ.notifications import services


@shared_task(bind=True, name="shequ.notifications.deliver", max_retries=services.MAX_ATTEMPTS)
def deliver_task(self: Any, delivery_id: int) -> None:
    wait = services.deliver(delivery_id)
    on_worker = not (self.request.called_directly or self.request.is_eager)
    if wait is not None and on_worker:
        raise self.retry(countdown=wait.total_seconds())


@shared_task(name="shequ.notifications.send_due")
def send_due_task() -> dict[str, int]:
    return services.send_due()


@shared_task(name="shequ.notifications.escalate")
def escalate_task() -> int:
    from shequ.notifications.escalation import escalate

    return escalate()


@shared_task(name="shequ.notifications.digest")
def digest_task() -> int:
    return services.digest_send()
