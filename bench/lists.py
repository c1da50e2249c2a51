"""Lists and search at every reach (issue 21, points 1 and 2). Prints figures; it is not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench SHEQU_DEV=1 \\
        .venv/bin/python bench/lists.py --repeat 30

On the database `bench/residents.py` builds (1,000,000 residents in 1,000 communities, 10
districts x 10 streets x 10), through the API as a user whose reach is one community, one
street, one district and the whole city:

1. the unfiltered first page of residents (`GET /api/v1/residents?limit=20`), against the
   baseline in the same run: the same request answered the old way (an exact `COUNT(*)` and
   the page by OFFSET), replayed as raw SQL from the ORM's own statements;
2. a deep page (the 501st page of 20): by `after` (keyset) against OFFSET 10,000;
3. search by the most frequent surnames and initials (李, 王, 张, zs, wl, l) and a rare one.

Every figure with p50/p90/p99 and the machine's load (bench/measure.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SHEQU_DEV", "1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_bench")

from bench.measure import machine, timed  # noqa: E402
from bench.residents import setup_django  # noqa: E402

REACHES = {
    "community": "220101001001",
    "street": "220101001000",
    "district": "220101000000",
    "city": "220100000000",
}
QUERIES = ["李", "王", "张", "zs", "wl", "l", "cyh"]


def user_for(reach: str, code: str) -> str:
    """A bearer token of a community worker whose grant is at `code`."""
    from shequ.accounts.models import ApiToken, Role, RoleGrant, User
    from shequ.accounts.services import _hash_token
    from shequ.divisions.models import Division

    division = Division.objects.get(code=code)
    user, created = User.objects.get_or_create(
        username=f"bench_list_{reach}", defaults={"division": division}
    )
    if created:
        RoleGrant.objects.create(
            user=user, role=Role.objects.get(code="community_worker"), division=division
        )
    raw = f"bench-list-{reach}"
    ApiToken.objects.filter(key_hash=_hash_token(raw)).delete()
    ApiToken.objects.create(user=user, key_hash=_hash_token(raw))
    return raw


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from shequ.accounts.models import User
    from shequ.residents.selectors import RESIDENT_ORDER, resident_list

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM residents_resident")
        (total,) = cursor.fetchone()
    print(f"Shequ lists and search · {machine()} · {total:,} residents")

    def sql(statement: str, params: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            cursor.fetchall()

    for reach, code in REACHES.items():
        token = user_for(reach, code)
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
        user = User.objects.get(username=f"bench_list_{reach}")

        def api(query: dict[str, Any], client: Client = client) -> Any:
            response = client.get("/api/v1/residents", query)
            assert response.status_code == 200, response.content[:300]
            return response.json()

        first = api({"limit": 20})
        print(
            f"\n{reach} ({code}): count {first['count']:,}"
            f" ({'exact' if first['count_exact'] else 'estimated'})"
        )
        qs = resident_list(user=user).order_by(*RESIDENT_ORDER)
        count_sql, count_params = qs.order_by().values("pk").query.sql_with_params()
        page_sql, page_params = qs[:20].query.sql_with_params()
        deep_sql, deep_params = qs[10000:10020].query.sql_with_params()

        def old_first() -> None:
            sql(f"SELECT count(*) FROM ({count_sql}) t", count_params)
            sql(page_sql, page_params)

        print(f"  first page, API now          {timed(lambda: api({'limit': 20}), args.repeat)}")
        print(f"  baseline: exact count + page {timed(old_first, args.repeat)}")
        cursor_at = api({"limit": 20, "offset": 9980})["next"]
        if cursor_at:
            deep = timed(lambda: api({"limit": 20, "after": cursor_at}), args.repeat)
            print(f"  page 501 by after (API)      {deep}")
        print(
            f"  baseline: OFFSET 10000 (SQL) {timed(lambda: sql(deep_sql, deep_params), args.repeat)}"
        )
        for q in QUERIES:
            query = {"q": q, "limit": 20}
            found = api(query)
            timing = timed(lambda query=query: api(query), args.repeat)  # type: ignore[misc]
            print(f"  search {q:4s} ({found['count']:>7,}) {timing}")


if __name__ == "__main__":
    main()
