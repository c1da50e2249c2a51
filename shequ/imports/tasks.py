"""Running an import off the request: on Celery workers when a broker is configured, otherwise
in a thread of the web process (the embedded default needs no Redis). Small files run at once."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from shequ.core.background import run_in_background
from shequ.imports.engine import commit_job, validate_job
from shequ.imports.models import ImportJob

INLINE_BYTES = 200 * 1024  # below this, the work is quick enough to do in the request


@shared_task
def validate_import(job_id: int) -> None:
    validate_job(ImportJob.objects.get(pk=job_id))


@shared_task
def commit_import(job_id: int) -> None:
    commit_job(ImportJob.objects.get(pk=job_id))


@shared_task(name="shequ.imports.reap")
def reap_imports() -> int:
    from shequ.imports.reaper import import_jobs_reap

    return import_jobs_reap()


def dispatch(task: Any, job: ImportJob) -> None:
    run_in_background(task, job.pk, name="import", small=job.file.size <= INLINE_BYTES)
