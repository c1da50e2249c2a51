"""The reaper: an import whose process died (a restart, a killed worker, memory exhausted) is
marked failed, so that it does not stay "checking" for ever, and can be retried.

Each running job names its worker (`host:pid:token`, the token new with every process) and
beats (`heartbeat_at`) as it progresses. A job is dead when its worker is a process of this
host that no longer runs (or whose pid now belongs to another process), or when it has not
beaten for `SHEQU_IMPORT_STALE_SECONDS`. The reaper runs when a process starts (wsgi, asgi,
Celery worker), every few minutes (Celery beat, or a timer thread of the web process without a
broker), and whenever an import's page is looked at.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.imports.models import RUNNING, ImportJob, Status

logger = logging.getLogger("shequ.imports")

HOST = socket.gethostname()[:60]
TOKEN = secrets.token_hex(4)


def worker_id() -> str:
    return f"{HOST}:{os.getpid()}:{TOKEN}"


def beat(job: ImportJob) -> None:
    """This process works on the job and is alive."""
    ImportJob.objects.filter(pk=job.pk).update(worker=worker_id(), heartbeat_at=timezone.now())


def stale_after() -> timedelta:
    default = max(600, 3 * int(getattr(settings, "SHEQU_IMPORT_MAX_SECONDS", 300)))
    return timedelta(seconds=int(getattr(settings, "SHEQU_IMPORT_STALE_SECONDS", default)))


def _process_gone(worker: str) -> bool:
    host, _sep, rest = worker.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if host != HOST or not pid_text.isdigit():
        return False  # another machine's worker: only its heartbeat tells
    pid = int(pid_text)
    if pid == os.getpid():
        return token != TOKEN  # our pid, but an earlier process's token: that one died
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def import_jobs_reap(*, now: datetime | None = None) -> int:
    """Mark failed every running job whose worker died; answers how many."""
    now = now or timezone.now()
    limit = now - stale_after()
    reaped = 0
    running = ImportJob.objects.filter(status__in=list(RUNNING)).only(
        "pk", "status", "worker", "heartbeat_at", "created_at"
    )
    for job in running:
        last = job.heartbeat_at or job.created_at
        if not ((job.worker and _process_gone(job.worker)) or last < limit):
            continue
        # only if nobody moved it meanwhile (a live worker that just beat keeps it)
        moved = (
            Q(heartbeat_at__isnull=True)
            if job.heartbeat_at is None
            else Q(heartbeat_at=job.heartbeat_at)
        )
        reaped += ImportJob.objects.filter(
            Q(pk=job.pk, status=job.status, worker=job.worker) & moved
        ).update(
            status=Status.FAILED,
            message=_(
                "The process checking or importing this file stopped before it finished; "
                "nothing was imported. Retry it."
            ),
        )
    if reaped:
        logger.warning("reaped %d import job(s) whose process died", reaped)
    return reaped


_TIMER: list[threading.Timer] = []


def reap_at_start(*, every: float = 300.0) -> None:
    """At a process's start: reap now, then (without a Celery broker, whose beat does it) every
    `every` seconds in a daemon timer. Never stops the process from starting."""
    try:
        import_jobs_reap()
    except Exception:  # the database may not be there yet (first migrate): try again later
        logger.exception("import reaper could not run at start")
    if settings.CELERY_BROKER_URL or _TIMER or every <= 0:
        return

    def tick() -> None:
        _TIMER.clear()
        reap_at_start(every=every)

    timer = threading.Timer(every, tick)
    timer.daemon = True
    _TIMER.append(timer)
    timer.start()
