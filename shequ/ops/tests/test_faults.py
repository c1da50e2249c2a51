"""What the application does when a part fails: a runaway query, Redis down, the broker down."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from celery import shared_task
from django.core.cache import caches
from django.db import connection
from django.test import Client

from shequ.core.background import run_in_background

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
@pytest.mark.urls("shequ.ops.tests.urls_slow")
def test_a_runaway_query_is_cut_with_a_clear_error(client_as: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    page_client = client_as("worker_a")
    Client().get("/healthz")  # the URLs load once, outside the timing
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")
    try:
        started = time.perf_counter()
        response = Client().get("/api/v1/test-runaway")
        elapsed = time.perf_counter() - started
        assert response.status_code == 503
        assert response.json()["code"] == "statement_timeout"
        assert response["Retry-After"] == "5"
        assert elapsed < 2, "the worker was held by the query"
        page = page_client.get("/test-runaway", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert page.status_code == 503
        assert "请求耗时过长" in page.content.decode()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


@pytest.mark.django_db
def test_the_api_answers_503_for_a_cut_query_and_a_lost_database() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    from django.db import OperationalError, transaction
    from django.test import RequestFactory

    from config.api import api

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")
    except OperationalError as exc:
        cut = exc
    request = RequestFactory().get("/api/v1/residents")
    response = api.on_exception(request, cut)
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "statement_timeout"
    assert response["Retry-After"] == "5"

    from django.db import connections

    lost = dict(connections["default"].settings_dict, PORT="1")  # nothing listens on port 1
    import psycopg

    try:
        psycopg.connect(dbname=lost["NAME"], host="127.0.0.1", port=1, connect_timeout=1)
    except psycopg.OperationalError as inner:
        try:
            raise OperationalError(str(inner)) from inner
        except OperationalError as exc:
            down = exc
    response = api.on_exception(request, down)
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "database_unavailable"


@pytest.mark.django_db
def test_with_redis_down_the_cache_misses_and_pages_work(client_as: Any, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "shequ.ops.cache.TolerantRedisCache",
            "LOCATION": NOTHING_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    cache = caches.create_connection("default")
    cache.set("k", "v")
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert client_as("worker_a").get("/residents/").status_code == 200


RAN: list[int] = []
DONE = threading.Event()


@shared_task
def _record_task(pk: int) -> None:
    RAN.append(pk)
    DONE.set()


def test_with_the_broker_down_the_work_runs_here(settings: Any) -> None:
    from config.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    settings.CELERY_BROKER_URL = NOTHING_LISTENS
    app.conf.broker_url, app.conf.task_always_eager = NOTHING_LISTENS, False
    try:
        started = time.perf_counter()
        run_in_background(_record_task, 7, name="test")
        assert DONE.wait(10)
        assert RAN == [7]
        assert time.perf_counter() - started < 10
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
