"""Health, readiness, metrics and the request log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from shequ.ops import health
from shequ.ops.logs import JsonFormatter


@pytest.mark.django_db
def test_healthz_answers_without_asking_anything() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_readyz_checks_each_part() -> None:
    response = Client().get("/readyz")
    body = response.json()
    assert set(body["checks"]) == {"database", "migrations", "cache", "broker", "font"}
    assert response.status_code == 200, body
    assert body["status"] == "ready"
    assert body["checks"]["migrations"]["detail"] == "all applied"


@pytest.mark.django_db
def test_readyz_is_503_and_names_the_part_that_failed(monkeypatch: Any, settings: Any) -> None:
    settings.SHEQU_CJK_FONT = ""
    monkeypatch.setattr("shequ.core.pdf.FONT_CANDIDATES", ["/nonexistent/font.ttc"])
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["font"]["ok"] is False
    assert checks["broker"]["ok"] is False
    assert "ConnectionError" in checks["broker"]["detail"]
    assert checks["database"]["ok"] is True


@pytest.mark.django_db
def test_migrations_check_names_an_unapplied_migration(monkeypatch: Any) -> None:
    from django.db.migrations.executor import MigrationExecutor

    class Fake:
        app_label, name = "residents", "9999_later"

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [(Fake, False)])
    check = {c.name: c for c in health.run_checks()}["migrations"]
    assert check.ok is False
    assert "residents.9999_later" in check.detail


@pytest.mark.django_db
def test_metrics_count_requests_by_view_and_status(client_as: Any) -> None:
    client = client_as("worker_a")
    client.get("/residents/")
    client.get("/residents/999999999/")
    text = Client(REMOTE_ADDR="127.0.0.1").get("/metrics").content.decode()
    assert 'shequ_http_requests_total{method="GET",status="200",view="residents:list"}' in text
    assert 'status="404",view="residents:detail"' in text
    assert "shequ_http_request_duration_seconds_bucket" in text
    assert 'shequ_jobs{kind="import"' in text or "# TYPE shequ_jobs gauge" in text


@pytest.mark.django_db
def test_metrics_count_failed_sign_ins(api_as: Any) -> None:
    before = _sample("shequ_login_failures_total", {"channel": "api"})
    status, _ = api_as(None).post(
        "/api/v1/auth/token", {"username": "worker_a", "password": "wrong-password"}
    )
    assert status == 401
    assert _sample("shequ_login_failures_total", {"channel": "api"}) == before + 1


def _sample(name: str, labels: dict[str, str]) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.django_db
def test_metrics_only_for_allowed_addresses_or_the_token(settings: Any) -> None:
    settings.SHEQU_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.SHEQU_METRICS_TOKEN = "scrape-secret"
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404
    assert Client(REMOTE_ADDR="10.2.3.4").get("/metrics").status_code == 200
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer scrape-secret")
        .get("/metrics")
        .status_code
        == 200
    )
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer wrong")
        .get("/metrics")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_one_json_line_per_request_without_the_search_terms(
    client_as: Any, caplog: Any, world: Any
) -> None:
    client = client_as("worker_a")
    with caplog.at_level(logging.INFO, logger="shequ.request"):
        client.get("/residents/?q=张三", HTTP_X_REQUEST_ID="req-42")
    records = [r for r in caplog.records if r.name == "shequ.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "req-42"
    assert line["path"] == "/residents/"
    assert line["status"] == 200
    assert line["user_id"] == world.user("worker_a").pk
    assert line["view"] == "residents:list"
    assert "张三" not in json.dumps(line, ensure_ascii=False)


@pytest.mark.django_db
def test_a_malformed_request_id_is_replaced() -> None:
    response = Client().get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_metrics_are_not_for_a_signed_in_user_from_elsewhere(client_as: Any, settings: Any) -> None:
    settings.SHEQU_METRICS_ALLOWED_IPS = ["127.0.0.1"]
    client = client_as("worker_b")
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 404
