"""Fault drills, run by hand; each prints its figures. They start a private PostgreSQL cluster
(127.0.0.1:5499, in /tmp/shequ-faults), a private Redis (6399), gunicorn and a Celery worker
on the demo world, so that restarting or stopping them touches nothing else on the machine.
Load comes from a few threads on loopback, bounded in time.

    .venv/bin/python bench/faults.py pg-restart     # PostgreSQL restarted under load
    .venv/bin/python bench/faults.py redis-stop     # Redis (cache and broker) stopped under load
    .venv/bin/python bench/faults.py worker-kill    # the Celery worker killed during a report
    .venv/bin/python bench/faults.py import-kill    # ... and during an import
    .venv/bin/python bench/faults.py all

Needs root (the cluster runs as the postgres user) and the Debian packages postgresql and
redis-server. The statement timeout and the full disk have tests instead
(shequ/ops/tests/test_faults.py, test_storage.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE = Path("/tmp/shequ-faults")
PGBIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"
PG_PORT, REDIS_PORT, WEB_PORT = 5499, 6399, 8799
DB_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/shequ_faults"
WEB = f"http://127.0.0.1:{WEB_PORT}"
PASSWORD = "Fault@Drill2026"  # noqa: S105 (the demo accounts of a throwaway database)
PY = str(ROOT / ".venv/bin/python")

ENV = dict(
    os.environ,
    DATABASE_URL=DB_URL,
    REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
    CELERY_BROKER_URL=f"redis://127.0.0.1:{REDIS_PORT}/1",
    SHEQU_MEDIA_ROOT=str(BASE / "media"),
    PROMETHEUS_MULTIPROC_DIR=str(BASE / "prom"),
    SHEQU_DEMO_PASSWORD=PASSWORD,
    DJANGO_SETTINGS_MODULE="config.settings",
    # a killed worker's job comes back after 15 s here (30 minutes by default)
    SHEQU_BROKER_VISIBILITY_TIMEOUT="15",
)
procs: dict[str, subprocess.Popen[bytes]] = {}


def sh(*cmd: str, user: str = "", check: bool = True) -> subprocess.CompletedProcess[str]:
    full = ["runuser", "-u", user, "--", *cmd] if user else list(cmd)
    return subprocess.run(full, capture_output=True, text=True, check=check, env=ENV, cwd=ROOT)


def pg_ctl(action: str) -> None:
    sh(
        str(PGBIN / "pg_ctl"),
        "-D",
        str(BASE / "pg"),
        "-w",
        "-m",
        "fast",
        "-l",
        str(BASE / "pg.log"),
        "-o",
        f"-p {PG_PORT} -k {BASE} -c listen_addresses=127.0.0.1",
        action,
        user="postgres",
    )


def pg_ready() -> bool:
    return (
        sh("pg_isready", "-h", "127.0.0.1", "-p", str(PG_PORT), "-q", check=False).returncode == 0
    )


def start_redis() -> None:
    procs["redis"] = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if sh("redis-cli", "-p", str(REDIS_PORT), "ping", check=False).stdout.strip() == "PONG":
            return
        time.sleep(0.1)


def start_worker() -> None:
    procs["celery"] = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-c", "1", "--loglevel=INFO"],
        env=ENV,
        cwd=ROOT,
        stdout=open(BASE / "celery.log", "ab"),
        stderr=subprocess.STDOUT,
    )


def setup() -> None:
    shutil.rmtree(BASE / "prom", ignore_errors=True)
    (BASE / "prom").mkdir(parents=True, exist_ok=True)
    (BASE / "media").mkdir(exist_ok=True)
    shutil.chown(BASE, "postgres")
    if not (BASE / "pg" / "PG_VERSION").exists():
        sh(
            str(PGBIN / "initdb"),
            "-D",
            str(BASE / "pg"),
            "-A",
            "trust",
            "-U",
            "postgres",
            user="postgres",
        )
    if not pg_ready():
        pg_ctl("start")
    fresh = (
        sh(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(PG_PORT),
            "-U",
            "postgres",
            "-Atc",
            "SELECT 1 FROM pg_database WHERE datname='shequ_faults'",
        ).stdout.strip()
        != "1"
    )
    if fresh:
        sh("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "shequ_faults")
    sh(PY, "manage.py", "migrate", "--no-input")
    sh(PY, "manage.py", "demo", "--if-empty")
    start_redis()
    procs["web"] = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{WEB_PORT}",
            "-w",
            "2",
            "--timeout",
            "30",
        ],
        env=ENV,
        cwd=ROOT,
        stdout=open(BASE / "web.log", "ab"),
        stderr=subprocess.STDOUT,
    )
    start_worker()
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"{WEB}/readyz", timeout=20) as r:  # noqa: S310 (loopback)
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise SystemExit("the stack did not become ready")


def teardown() -> None:
    for name, proc in procs.items():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        print(f"  stopped {name}")
    if pg_ready():
        pg_ctl("stop")


def call(
    method: str, path: str, token: str = "", body: Any = None, timeout: float = 35
) -> tuple[int, Any, float]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"{WEB}{path}", data=data, method=method)  # noqa: S310
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 (loopback only)
            return r.status, json.loads(r.read() or b"null"), time.perf_counter() - started
    except urllib.error.HTTPError as e:
        try:
            payload = json.loads(e.read() or b"null")
        except ValueError:
            payload = None
        return e.code, payload, time.perf_counter() - started
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e), time.perf_counter() - started


def token(username: str) -> str:
    status, body, _ = call(
        "POST", "/api/v1/auth/token", body={"username": username, "password": PASSWORD}
    )
    assert status == 200, (status, body)
    return str(body["token"])


class Load:
    """Threads asking what a community worker asks, and recording services, until stopped."""

    def __init__(self, threads: int = 4) -> None:
        self.tok = token("worker_a")
        _status, body, _ = call("GET", "/api/v1/residents?limit=50", self.tok)
        self.residents = [r["id"] for r in body["items"]]
        self.community = body["items"][0]["community_code"]
        self.results: list[tuple[float, str, int, float]] = []
        self.stop = threading.Event()
        self.t0 = time.perf_counter()
        self.threads = [threading.Thread(target=self.run, args=(i,)) for i in range(threads)]

    def run(self, i: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            rid = self.residents[(i * 7 + n) % len(self.residents)]
            if n % 3 == 0:
                kind, (status, _, took) = (
                    "write",
                    call(
                        "POST",
                        "/api/v1/service-records",
                        self.tok,
                        {
                            "community_code": self.community,
                            "method": "activity",
                            "served_on": time.strftime("%Y-%m-%d"),
                            "duration_minutes": 30,
                            "resident_id": rid,
                        },
                    ),
                )
            else:
                kind, (status, _, took) = "read", call("GET", f"/api/v1/residents/{rid}", self.tok)
            self.results.append((time.perf_counter() - self.t0, kind, status, took))
            time.sleep(0.05)

    def __enter__(self) -> Load:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        for t in self.threads:
            t.join()

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def report(self, fault_at: float, back_at: float) -> None:
        per_second: dict[int, list[int]] = defaultdict(list)
        for t, _, status, _took in self.results:
            per_second[int(t)].append(status)
        bad = [(t, s) for t, _, s, _ in self.results if not 200 <= s < 300]
        last_bad = max((t for t, _ in bad), default=fault_at)
        statuses: dict[int, int] = defaultdict(int)
        for _, s in bad:
            statuses[s] += 1
        print(
            f"  requests {len(self.results)}, failed {len(bad)} by status {dict(statuses)} "
            f"(0 = no answer)"
        )
        print(
            f"  fault at {fault_at:.1f} s, part back at {back_at:.1f} s, last failed request at "
            f"{last_bad:.1f} s: error rate back to 0 {max(0.0, last_bad - back_at):.1f} s after"
        )
        print(
            f"  slowest request {max(took for *_, took in self.results):.2f} s "
            f"(gunicorn timeout 30 s, connect timeout 5 s)"
        )
        print(
            "  per second (ok/all): "
            + " ".join(
                f"{sec}:{sum(200 <= s < 300 for s in v)}/{len(v)}"
                for sec, v in sorted(per_second.items())
            )
        )


def counters_consistent() -> int:
    """Rows where the month roll-up of named services differs from the records (0 = whole)."""
    sql = """
    WITH r AS (SELECT resident_id, date_trunc('month', served_on)::date AS m, division_id,
                      coalesce(project_id, 0) AS p, method, coalesce(area_id, 0) AS a, sum(headcount) AS n
               FROM delivery_servicerecord WHERE resident_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6)
    SELECT count(*) FROM r FULL JOIN delivery_servedmonth s ON s.resident_id = r.resident_id
      AND s.month = r.m AND s.division_code = r.division_id AND s.project_id = r.p
      AND s.method = r.method AND s.area_id = r.a
    WHERE r.n IS DISTINCT FROM s.person_times"""
    out = sh(
        "psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-Atc", sql, "shequ_faults"
    )
    return int(out.stdout.strip())


def jobs(kind: str) -> str:
    table = {"import": "imports_importjob", "report": "stats_impactreport"}[kind]
    out = sh(
        "psql",
        "-h",
        "127.0.0.1",
        "-p",
        str(PG_PORT),
        "-U",
        "postgres",
        "-Atc",
        f"SELECT status, count(*) FROM {table} GROUP BY 1 ORDER BY 1",
        "shequ_faults",
    )
    return out.stdout.strip().replace("\n", ", ") or "none"


def pg_restart() -> None:
    print("\n== PostgreSQL restarted under load")
    with Load() as load:
        time.sleep(8)
        fault_at = load.now()
        pg_ctl("restart")
        back_at = load.now()
        time.sleep(12)
    load.report(fault_at, back_at)
    print(
        f"  service records whose month roll-up differs: {counters_consistent()} (0 = every write whole)"
    )
    print(f"  imports by status: {jobs('import')}; reports: {jobs('report')}")


def redis_stop() -> None:
    print("\n== Redis (cache and broker) stopped under load, a report requested meanwhile")
    officer = token("district")
    with Load() as load:
        time.sleep(5)
        fault_at = load.now()
        procs["redis"].terminate()
        procs["redis"].wait()
        time.sleep(3)
        status, body, took = call(
            "POST", "/api/v1/reports", officer, {"division": "220102", "period": "2026"}
        )
        print(
            f"  report requested with Redis down: {status} in {took:.1f} s, id {body.get('id') if isinstance(body, dict) else body}"
        )
        time.sleep(5)
        start_redis()
        back_at = load.now()
        time.sleep(5)
    load.report(fault_at, back_at)
    rid = body.get("id") if isinstance(body, dict) else None
    for _ in range(60):
        status, rep, _ = call("GET", f"/api/v1/reports/{rid}", officer)
        if isinstance(rep, dict) and rep.get("status") in {"done", "failed"}:
            break
        time.sleep(2)
    print(
        f"  the report: {rep.get('status') if isinstance(rep, dict) else rep} "
        f"({rep.get('message', '') if isinstance(rep, dict) else ''})"
    )


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def worker_kill() -> None:
    print("\n== the Celery worker killed (SIGKILL) while it writes a report, then restarted")
    officer = token("district")
    _status, body, _ = call(
        "POST", "/api/v1/reports", officer, {"division": "220102", "period": "2026"}
    )
    rid = body["id"]
    state = ""
    for _ in range(100):
        _, rep, _ = call("GET", f"/api/v1/reports/{rid}", officer)
        state = rep["status"]
        if state in {"running", "done"}:
            break
        time.sleep(0.1)
    print(f"  report {rid} is {state} when the worker is killed")
    # the pool's child runs the task: kill the whole worker, as the OOM killer or a crash would
    for child in children(procs["celery"].pid):
        os.kill(child, signal.SIGKILL)
    procs["celery"].kill()
    procs["celery"].wait()
    time.sleep(2)
    _, rep, _ = call("GET", f"/api/v1/reports/{rid}", officer)
    print(f"  with no worker: {rep['status']}")
    started = time.perf_counter()
    start_worker()
    for _ in range(120):
        _, rep, _ = call("GET", f"/api/v1/reports/{rid}", officer)
        if rep["status"] in {"done", "failed"}:
            break
        time.sleep(1)
    print(
        f"  after a new worker started: {rep['status']} in {time.perf_counter() - started:.1f} s "
        f"({rep.get('message') or 'no message'})"
    )


IMPORT_JOB = """
from django.core.files import File
from shequ.divisions.models import Division
from shequ.imports.models import ImportJob
from shequ.imports.tasks import commit_import
with open({path!r}, "rb") as f:
    job = ImportJob.objects.create(kind="residents", division=Division.objects.get(code="220102001001"),
                                   created_by=None, original_name="faults.xlsx", file=File(f, name="faults.xlsx"))
commit_import.delay(job.pk)
print(job.pk)
"""


def psql(sql: str) -> str:
    return sh(
        "psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-Atc", sql, "shequ_faults"
    ).stdout.strip()


def import_kill() -> None:
    print(
        "\n== the Celery worker killed (SIGKILL) during an import of 5,000 residents, then restarted"
    )
    path = "/tmp/shequ-faults/import.xlsx"
    if not Path(path).exists():
        sh(
            PY,
            "-c",
            "import django, random, shutil, sys; sys.path.insert(0, '.'); django.setup(); "
            "from bench.residents import import_file; "
            f"shutil.copy(import_file(5000, random.Random(16)), {path!r})",
        )
    before = int(psql("SELECT count(*) FROM residents_resident"))
    job = int(
        sh(PY, "manage.py", "shell", "-c", IMPORT_JOB.format(path=path))
        .stdout.strip()
        .splitlines()[-1]
    )
    state = ""
    for _ in range(600):
        state = psql(f"SELECT status FROM imports_importjob WHERE id = {job}")
        if state in {"committing", "done", "failed"}:
            break
        time.sleep(0.1)
    print(f"  import {job} is {state} when the worker is killed")
    for child in children(procs["celery"].pid):
        os.kill(child, signal.SIGKILL)
    procs["celery"].kill()
    procs["celery"].wait()
    time.sleep(1)
    print(
        f"  with no worker: {psql(f'SELECT status FROM imports_importjob WHERE id = {job}')}, "
        f"residents written: {int(psql('SELECT count(*) FROM residents_resident')) - before}"
    )
    started = time.perf_counter()
    start_worker()
    for _ in range(300):
        state = psql(f"SELECT status FROM imports_importjob WHERE id = {job}")
        if state in {"done", "failed"}:
            break
        time.sleep(1)
    print(
        f"  after a new worker started: {state} in {time.perf_counter() - started:.1f} s, "
        f"residents written: {int(psql('SELECT count(*) FROM residents_resident')) - before} "
        f"(all or nothing: 0 or 5000)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "drill", choices=["pg-restart", "redis-stop", "worker-kill", "import-kill", "all"]
    )
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the private PostgreSQL cluster runs as the postgres user")
    print(f"Shequ fault drills · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d %H:%M')}")
    try:
        setup()
        for name, fn in (
            ("pg-restart", pg_restart),
            ("redis-stop", redis_stop),
            ("worker-kill", worker_kill),
            ("import-kill", import_kill),
        ):
            if args.drill in (name, "all"):
                fn()
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
