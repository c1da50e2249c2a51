"""Accounts and samples for the load test (bench/locustfile.py), on a database of bench/generate.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench_stats_city \
        .venv/bin/python bench/load_setup.py --out /tmp/shequ-load.json

Creates (idempotently) community workers at 20 communities, district officers at 4 districts and
volunteers, each with an API token, and writes their tokens with sample residents, names and
codes to --out for the Locust users. Also writes the SQL of one community's resident list
(`GET /api/v1/residents?community=…&limit=20` as its worker), captured from the application,
as a pgbench script (--pgbench-out): the baseline of the full-stack throughput.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_stats_city")

WORKERS, OFFICERS, VOLUNTEERS = 20, 4, 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="/tmp/shequ-load.json")
    parser.add_argument("--pgbench-out", default="/tmp/shequ-residents-list.sql")
    parser.add_argument("--import-rows", type=int, default=5000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shequ.accounts.models import ApiToken, Role, RoleGrant, User
    from shequ.accounts.services import _hash_token
    from shequ.delivery.models import ServiceRecord
    from shequ.divisions.models import Division
    from shequ.residents.models import Resident

    rng = random.Random(16)
    communities = sorted(
        c for c in Division.objects.values_list("code", flat=True) if not c.endswith("000")
    )
    districts = sorted({c[:6] + "000000" for c in communities})

    def account(username: str, role: str, division_code: str) -> str:
        division = Division.objects.get(code=division_code)
        user, created = User.objects.get_or_create(
            username=username, defaults={"division": division}
        )
        if created:
            RoleGrant.objects.create(user=user, role=Role.objects.get(code=role), division=division)
        token = f"load-{username}"
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, key_hash=_hash_token(token))
        return token

    chosen = rng.sample(communities, WORKERS)
    workers = []
    for i, code in enumerate(chosen):
        residents = list(
            Resident.objects.filter(division_id=code).order_by("pk").values_list("pk", "name")[:200]
        )
        project = (
            ServiceRecord.objects.filter(division_id=code, project__isnull=False)
            .order_by("-served_on")
            .values_list("project_id", flat=True)
            .first()
        )
        workers.append(
            {
                "token": account(f"load_worker_{i}", "community_worker", code),
                "community": code,
                "residents": [pk for pk, _ in residents],
                "names": sorted({name[:1] for _, name in residents})[:20],
                "project": project,
            }
        )
    officers = [
        {"token": account(f"load_officer_{i}", "district_officer", d), "division": d}
        for i, d in enumerate(districts[:OFFICERS])
    ]
    volunteers = [
        {"token": account(f"load_volunteer_{i}", "volunteer", code), "community": code}
        for i, code in enumerate(chosen[:VOLUNTEERS])
    ]
    from bench.residents import import_file

    import_path = import_file(args.import_rows, rng)  # the import that runs during the load
    Path(args.out).write_text(
        json.dumps(
            {
                "workers": workers,
                "officers": officers,
                "volunteers": volunteers,
                "import_file": str(import_path),
                "import_community": chosen[-1],
            },
            indent=1,
        )
    )

    # the baseline: the SQL of one community's resident list, as the application sends it
    first = workers[0]
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {first['token']}")
    url = f"/api/v1/residents?community={first['community']}&limit=20"
    client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    statements = [q["sql"] for q in queries.captured_queries]
    script = "".join(s.replace("\n", " ") + ";\n" for s in statements)
    Path(args.pgbench_out).write_text(script)
    print(
        f"{len(workers)} workers, {len(officers)} officers, {len(volunteers)} volunteers -> {args.out}; "
        f"{url}: {len(statements)} statements -> {args.pgbench_out} "
        f"(count {response.json()['count']})"
    )


if __name__ == "__main__":
    main()
