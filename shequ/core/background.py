"""Long work off the request (imports, reports): on Celery workers when a broker is configured,
otherwise in a thread of the web process (the embedded default needs no Redis), or at once when
the work is small or SHEQU_TASKS_INLINE is set (tests)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections

LOCK_RETRIES = 5


def in_thread(task: Any, pk: int, name: str) -> None:
    def run() -> None:
        close_old_connections()
        try:
            for attempt in range(LOCK_RETRIES):
                try:
                    task(pk)
                    return
                except OperationalError as exc:
                    # SQLite (the embedded default) refuses a write while another connection
                    # reads the table; the task's transaction rolled back, so run it again.
                    if "locked" not in str(exc) or attempt == LOCK_RETRIES - 1:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        finally:
            close_old_connections()

    threading.Thread(target=run, daemon=True, name=f"{name}-{pk}").start()


def run_in_background(task: Any, pk: int, *, name: str, small: bool = False) -> None:
    """`task` is a Celery task taking the record's primary key."""
    if settings.CELERY_BROKER_URL:
        try:
            task.delay(pk)
            return
        except Exception as exc:  # kombu.OperationalError, redis.ConnectionError: broker down
            # Nothing is lost: the job runs here instead, its status and progress as usual.
            logging.getLogger(__name__).warning(
                "broker unavailable (%s): %s %s runs in the web process", exc, name, pk
            )
            in_thread(task, pk, name)
    elif getattr(settings, "SHEQU_TASKS_INLINE", False) or small:
        task(pk)
    else:
        in_thread(task, pk, name)
