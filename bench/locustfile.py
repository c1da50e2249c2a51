"""A realistic day on Shequ, for Locust (headless, bounded, loopback only): bench/load.sh runs it.

Community workers search and open residents, record services and read activities; district
officers open the dashboard and drill into a figure; volunteers read their activities. The
accounts and samples come from bench/load_setup.py (SHEQU_LOAD_FIXTURE, /tmp/shequ-load.json).
Each request is named by its kind, so the CSV gives p50/p95/p99 per kind.

SHEQU_LOAD_ONLY=residents_list: every user asks only one community's resident list (the
full-stack side of the pgbench ratio).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from datetime import date, timedelta
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

FIXTURE = json.loads(open(os.environ.get("SHEQU_LOAD_FIXTURE", "/tmp/shequ-load.json")).read())
ONLY = os.environ.get("SHEQU_LOAD_ONLY", "")
_workers = itertools.cycle(FIXTURE["workers"])
_officers = itertools.cycle(FIXTURE["officers"])
_volunteers = itertools.cycle(FIXTURE["volunteers"])
INITIALS = ["zs", "wf", "lx", "zw", "cy", "ly", "wj", "lm", "zh", "hx"]


@events.test_start.add_listener
def _loopback_only(environment, **_kw):  # type: ignore[no-untyped-def]
    host = urlparse(environment.host or "").hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"the load test only targets this machine (loopback), not {host!r}")


class Api(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)  # a person reading between clicks; ONLY mode overrides
    token = ""

    def api(self, method: str, path: str, name: str, **kw):  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Bearer {self.token}", "Accept-Language": "zh-hans"}
        with self.client.request(
            method,
            f"/api/v1{path}",
            name=name,
            headers=headers,
            timeout=30,
            catch_response=True,
            **kw,
        ) as response:
            if response.status_code >= 400:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            return response


class CommunityWorker(Api):
    weight = 0 if ONLY else 6

    def on_start(self) -> None:
        self.me = next(_workers)
        self.token = self.me["token"]

    @task(5)
    def search(self) -> None:
        q = random.choice(self.me["names"] + INITIALS)
        self.api("GET", f"/residents?q={q}&limit=20", "residents: search")

    @task(4)
    def open_resident(self) -> None:
        pk = random.choice(self.me["residents"])
        self.api("GET", f"/residents/{pk}", "residents: open")

    @task(2)
    def list_community(self) -> None:
        self.api("GET", f"/residents?community={self.me['community']}&limit=20", "residents: list")

    @task(2)
    def record_service(self) -> None:
        served = date.today() - timedelta(days=random.randint(0, 20))
        body = {
            "community_code": self.me["community"],
            "method": "activity",
            "served_on": served.isoformat(),
            "duration_minutes": 60,
            "resident_id": random.choice(self.me["residents"]),
        }
        self.api("POST", "/service-records", "services: record", json=body)

    @task(1)
    def records(self) -> None:
        self.api("GET", "/service-records?limit=20", "services: list")

    @task(1)
    def activities(self) -> None:
        self.api("GET", "/activities?limit=20", "activities: list")


class Officer(Api):
    weight = 0 if ONLY else 2

    def on_start(self) -> None:
        self.me = next(_officers)
        self.token = self.me["token"]

    @task(3)
    def dashboard(self) -> None:
        self.api("GET", f"/stats?division={self.me['division']}&period=2026", "stats: dashboard")

    @task(2)
    def drill(self) -> None:
        metric = random.choice(["people_served", "person_times", "cases_opened", "volunteer_hours"])
        self.api(
            "GET",
            f"/stats?division={self.me['division']}&period=2026&metric={metric}",
            "stats: drill-down",
        )

    @task(1)
    def projects(self) -> None:
        self.api("GET", "/projects?limit=20", "projects: list")


class Volunteer(Api):
    weight = 0 if ONLY else 2

    def on_start(self) -> None:
        self.me = next(_volunteers)
        self.token = self.me["token"]

    @task(2)
    def activities(self) -> None:
        self.api("GET", "/volunteer-activities", "volunteers: activities")

    @task(1)
    def me_(self) -> None:
        self.api("GET", "/me", "volunteers: me")


class ResidentsListOnly(Api):
    """The resident list of one community as fast as it comes (no think time)."""

    weight = 1 if ONLY == "residents_list" else 0
    wait_time = between(0, 0)

    def on_start(self) -> None:
        self.me = FIXTURE["workers"][0]
        self.token = self.me["token"]

    @task
    def list_community(self) -> None:
        self.api("GET", f"/residents?community={self.me['community']}&limit=20", "residents: list")
