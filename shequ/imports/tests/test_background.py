"""A large file is checked and written off the request, in a thread of the web process when no
Celery broker is configured, and its progress is visible meanwhile."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from shequ.imports.models import ImportJob, Status


def wait_for(job_id, statuses, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.05)
    raise AssertionError(f"import {job_id} stuck in {job.status}")


def test_large_files_run_in_a_background_thread(browser_world, settings, monkeypatch):
    from shequ.core import background
    from shequ.imports import tasks
    from shequ.imports.services import import_commit, import_start
    from shequ.residents.tests.test_import import GOOD, xlsx

    settings.SHEQU_TASKS_INLINE = False
    monkeypatch.setattr(tasks, "INLINE_BYTES", 0)
    started = []
    original = background.in_thread

    def recording(task, job_id, name):
        started.append(job_id)
        original(task, job_id, name)

    monkeypatch.setattr(background, "in_thread", recording)
    worker = browser_world.user("worker_a")
    with transaction.atomic():
        job = import_start(
            by=worker,
            kind="residents",
            division=browser_world.division("community_a"),
            upload=SimpleUploadedFile("ledger.xlsx", xlsx(GOOD)),
        )
    job = wait_for(job.pk, {Status.VALID, Status.INVALID, Status.FAILED})
    assert job.status == Status.VALID and job.processed_rows == 3
    with transaction.atomic():
        import_commit(by=worker, job=job)
    job = wait_for(job.pk, {Status.DONE, Status.FAILED})
    assert (job.status, job.created_count) == (Status.DONE, 3)
    assert started == [job.pk, job.pk]


@pytest.fixture(autouse=True)
def _no_leftover_threads(browser_world):
    # Asks for the database world so that its teardown (the flush of every table) runs after
    # this one: a thread still writing (the import's notification) would lock the flush out.
    yield
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("import-"):
            thread.join(timeout=10)
