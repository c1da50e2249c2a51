"""Statistics and exports read from the replica; everything else, and whatever a request must
read of its own writes, from the primary. Two databases: a second connection, as `replica`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from shequ.ops.db_router import ReplicaRouter, reads_on_replica, wants_replica

# the tests have a replica on PostgreSQL only (config/settings_test.py)
DATABASES = ["default", "replica"] if "replica" in connections.settings else ["default"]


@pytest.fixture
def replica(settings: Any) -> Iterator[Any]:
    if "replica" not in connections.settings:
        pytest.skip("the tests have a replica on PostgreSQL (config/settings_test.py)")
    settings.SHEQU_REPLICA_PATHS = ["/stats/", "/api/v1/stats"]
    yield connections["replica"]
    connections["replica"].close()


@pytest.mark.django_db(databases=DATABASES)
def test_statistics_read_on_the_replica_and_sign_in_on_the_primary(
    replica: Any, client_as: Any
) -> None:
    client = client_as("district")  # its session exists only in the primary's open transaction
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get("/stats/?division=220102000000&period=2026")
    assert response.status_code == 200
    tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert on_replica.captured_queries, "the statistics were not read on the replica"
    assert "django_session" not in tables
    assert "accounts_" not in tables


@pytest.mark.django_db(databases=DATABASES)
def test_other_pages_and_writes_stay_on_the_primary(replica: Any, client_as: Any) -> None:
    client = client_as("worker_a")
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/residents/").status_code == 200
    assert on_replica.captured_queries == []


@pytest.mark.django_db(databases=DATABASES)
def test_reads_inside_a_transaction_stay_on_the_primary(replica: Any) -> None:
    from django.db import transaction

    from shequ.residents.models import Resident

    router = ReplicaRouter()
    token = reads_on_replica.set(True)
    try:
        assert router.db_for_read(Resident) == "replica"
        with transaction.atomic():  # a request that writes
            assert router.db_for_read(Resident) == "default"
    finally:
        reads_on_replica.reset(token)
    assert router.db_for_write(Resident) == "default"
    assert router.allow_migrate("replica", "residents") is False


def test_which_requests_want_the_replica(settings: Any) -> None:
    settings.SHEQU_REPLICA_PATHS = ["/stats/", "/api/v1/stats"]
    settings.DATABASES = {**settings.DATABASES, "replica": {}}
    assert wants_replica("GET", "/stats/")
    assert wants_replica("GET", "/api/v1/stats")
    assert not wants_replica("POST", "/api/v1/stats")
    assert not wants_replica("GET", "/residents/")
    del settings.DATABASES["replica"]
    assert not wants_replica("GET", "/stats/")
