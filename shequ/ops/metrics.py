"""Prometheus metrics (prometheus-client): requests by view and status, their latency, the jobs
waiting in the broker, failed imports and reports, failed sign-ins.

Under gunicorn with several workers each process counts for itself; set
PROMETHEUS_MULTIPROC_DIR to an empty folder (the deployment guide does) and `/metrics` adds up
every worker's files.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

log = logging.getLogger(__name__)

REQUESTS = Counter(
    "shequ_http_requests_total",
    "HTTP requests answered, by view (URL name), method and status",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "shequ_http_request_duration_seconds",
    "Time to answer an HTTP request, by view (URL name)",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LOGIN_FAILURES = Counter(
    "shequ_login_failures_total", "Failed sign-ins (pages and API tokens)", ["channel"]
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


class JobsCollector(Collector):
    """Read at scrape time from the database and the broker (the same in every process)."""

    def describe(self) -> Any:
        # registering asks for the names: give them without touching the database
        yield GaugeMetricFamily("shequ_broker_queue_length", "")
        yield GaugeMetricFamily("shequ_jobs", "", labels=["kind", "status"])

    def collect(self) -> Any:
        from shequ.ops.health import broker_queue_length

        queue = GaugeMetricFamily(
            "shequ_broker_queue_length", "Background jobs waiting in the Celery queue"
        )
        waiting = broker_queue_length()
        if waiting is not None:
            queue.add_metric([], waiting)
        yield queue
        jobs = GaugeMetricFamily(
            "shequ_jobs",
            "Imports and reports by status (failed, running, ...)",
            labels=["kind", "status"],
        )
        try:
            for kind, status, n in job_counts():
                jobs.add_metric([kind, status], n)
        except Exception:  # the database may be down: /readyz says so, /metrics still answers
            log.warning("job counts unavailable", exc_info=True)
        yield jobs


def job_counts() -> list[tuple[str, str, int]]:
    from django.db.models import Count

    from shequ.imports.models import ImportJob
    from shequ.stats.models import ImpactReport

    rows: list[tuple[str, str, int]] = []
    for kind, model in (("import", ImportJob), ("report", ImpactReport)):
        for row in model.objects.values("status").annotate(n=Count("pk")).order_by("status"):
            rows.append((kind, row["status"], row["n"]))
    return rows


_jobs_collector = JobsCollector()
REGISTRY.register(_jobs_collector)


def render() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_jobs_collector)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


LOGIN_FAILED_ACTIONS = {"login.failed", "login.locked"}


def _on_audit_entry(sender: Any, instance: Any, created: bool = False, **_: Any) -> None:
    """Every refused sign-in is audited (accounts.services.login_check): count those entries."""
    if created and instance.action in LOGIN_FAILED_ACTIONS:
        LOGIN_FAILURES.labels(channel=instance.channel or "shell").inc()


def connect_signals() -> None:
    from django.db.models.signals import post_save

    from shequ.audit.models import AuditEntry

    post_save.connect(_on_audit_entry, sender=AuditEntry, dispatch_uid="shequ.ops.login_failed")


__all__ = ["CONTENT_TYPE", "LATENCY", "LOGIN_FAILURES", "REQUESTS", "Metric", "render"]
