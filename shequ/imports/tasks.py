"""Running an import off the request: on Celery workers when a broker is configured, otherwise
in a thread of the web process (the embedded default needs no Redis). Small files run at once."""

from __future__ import annotations

import threading
import time
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, close_old_connections

from shequ.imports.engine import commit_job, validate_job
from shequ.imports.models import ImportJob

INLINE_BYTES = 200 * 1024  # below this, the work is quick enough to do in the request


@shared_task
def validate_import(job_id: int) -> None:
    validate_job(ImportJob.objects.get(pk=job_id))


@shared_task
def commit_import(job_id: int) -> None:
    commit_job(ImportJob.objects.get(pk=job_id))


LOCK_RETRIES = 5


def _in_thread(task: Any, job_id: int) -> None:
    def run() -> None:
        close_old_connections()
        try:
            for attempt in range(LOCK_RETRIES):
                try:
                    task(job_id)
                    return
                except OperationalError as exc:
                    # SQLite (the embedded default) refuses a write while another connection
                    # reads the table; the task's transaction rolled back, so run it again.
                    if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        finally:
            close_old_connections()

    threading.Thread(target=run, daemon=True, name=f"import-{job_id}").start()


def dispatch(task: Any, job: ImportJob) -> None:
    if settings.CELERY_BROKER_URL:
        task.delay(job.pk)
    elif getattr(settings, "SHEQU_TASKS_INLINE", False) or job.file.size <= INLINE_BYTES:
        task(job.pk)
    else:
        _in_thread(task, job.pk)
