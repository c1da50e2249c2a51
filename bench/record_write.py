"""What live figures cost a write: a service record created and deleted through the
application (shequ/delivery/services.py, which moves every roll-up and counter in the same
transaction) on a generated dataset. Prints the median of each over the runs.

    .venv/bin/python bench/record_write.py --repeat 200   # DATABASE_URL default: .../shequ_bench_stats

Three kinds of record: a named resident in a project (with its service area), the same
resident served again the same day (no people counter moves, only the person-times), and an
anonymous headcount of 20. Each write is its own transaction, as in the application (in one
long transaction the counters' row versions pile up and every run is slower than the last);
each record is deleted after it is timed, which gives back every roll-up as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench_stats")

from bench.measure import Timing, machine  # noqa: E402
from bench.residents import setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--division", default="220102", help="a district's code prefix")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection

    from shequ.accounts.models import Role, RoleGrant, User
    from shequ.delivery.services import record_create, record_delete
    from shequ.divisions.models import Division
    from shequ.projects.models import ServiceProject
    from shequ.residents.models import Resident

    today = date.today()
    project = (
        ServiceProject.objects.filter(
            division__code__startswith=args.division,
            start_date__lte=today - timedelta(days=30),
            end_date__gte=today,
        )
        .order_by("pk")
        .first()
    )
    assert project is not None, "no running project in the district"
    coverage = project.coverage.order_by("community_id").first()
    assert coverage is not None, "the project covers no community"
    community = coverage.community
    resident = Resident.objects.filter(division=community).order_by("pk").first()
    assert resident is not None
    area = project.areas.first()
    served_on = today - timedelta(days=1)
    district = Division.objects.get(code=args.division.ljust(12, "0"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM delivery_servicerecord")
        (records,) = cursor.fetchone()
    print(
        f"Shequ record writes · {machine()} · {today} · "
        f"{settings.DATABASES['default']['NAME']} ({records:,} service records)\n"
        f"  project {project.number} in {community.name}, resident {resident.pk}, "
        f"{args.repeat} runs each",
        flush=True,
    )
    kinds: dict[str, dict[str, Any]] = {
        "named resident, in a project": {"resident": resident, "project": project, "area": area},
        "anonymous headcount of 20": {"headcount": 20, "project": project, "area": area},
    }
    timings: dict[str, list[float]] = {}
    worker, new_user = User.objects.get_or_create(
        username="bench_record_writer", defaults={"division": district}
    )
    if new_user:
        RoleGrant.objects.create(
            user=worker, role=Role.objects.get(code="community_worker"), division=district
        )
    named = kinds["named resident, in a project"]
    first = None
    for label, fields in [*kinds.items(), ("the same resident again that day", named)]:
        if label.startswith("the same"):  # from here on the resident is served that day
            first = record_create(
                by=worker,
                division=community,
                method="activity",
                served_on=served_on,
                duration_minutes=30,
                **named,
            )
        created, deleted = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            record = record_create(
                by=worker,
                division=community,
                method="activity",
                served_on=served_on,
                duration_minutes=30,
                **fields,
            )
            middle = time.perf_counter()
            record_delete(by=worker, record=record, reason="benchmark run")
            created.append(middle - start)
            deleted.append(time.perf_counter() - middle)
        timings[f"create: {label}"] = created
        timings[f"delete: {label}"] = deleted
    assert first is not None
    record_delete(by=worker, record=first, reason="benchmark run")
    for label, samples in timings.items():
        print(f"  {label:45s} {Timing.of(samples)}")


if __name__ == "__main__":
    main()
