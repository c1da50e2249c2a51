"""Residents benchmark (issue 3). Prints figures; it is not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shequ_bench .venv/bin/python bench/residents.py \
        --residents 1000000 --import-rows 100000

1. Builds a fresh PostgreSQL database with 1,000 communities (10 districts x 10 streets x 10) and
   N residents loaded with COPY (encrypted identifiers, keyed hashes, pinyin keys: what the
   application writes).
2. Search through the API (in-process Django client, bearer token, a district officer who reaches
   100 communities): by pinyin initials, by name prefix and by ID number; p50, p90 and p99 over repeated
   queries, against the same query in raw SQL in the same run.
3. Import of M rows with full validation (the import engine), against the obvious way (one ORM
   save per row, no validation) on the same rows, and the peak memory of an import and of an
   export of M rows, each in its own process.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SHEQU_DEV", "1")  # a benchmark runs in development mode

from bench.measure import machine, peak_rss_mb, timed  # noqa: E402
from bench.measure import ms as ms  # noqa: E402  (bench/workbench.py imports it from here)

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华玉兰志淑珍国庆子涵欣怡浩然梓轩宇博文斌晨阳佳琪思雨嘉怡"
)


def setup_django() -> None:
    import django

    django.setup()


def fresh_database() -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL.")
    import psycopg

    admin = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def divisions() -> list[str]:
    from shequ.divisions.services import division_load_csv

    lines = ["code,name", "220000000000,吉林省", "220100000000,长春市"]
    communities = []
    for d in range(1, 11):
        district = f"2201{d:02d}"
        lines.append(f"{district}000000,区{d}")
        for s in range(1, 11):
            street = f"{district}{s:03d}"
            lines.append(f"{street}000,街道{d}-{s}")
            for c in range(1, 11):
                code = f"{street}{c:03d}"
                lines.append(f"{code},社区{d}-{s}-{c}")
                communities.append(code)
    division_load_csv(text="\n".join(lines))
    return communities


def make_id(region: str, born: date, serial: int) -> str:
    from shequ.residents.identity import id_check_char

    first17 = f"{region}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_check_char(first17)


def load_residents(n: int, communities: list[str], rng: random.Random) -> list[str]:
    """COPY n residents and their search keys; returns a sample of their ID numbers."""
    from django.db import connection

    from shequ.core import crypto
    from shequ.core.pinyin import name_keys, primary_pinyin
    from shequ.residents.identity import mask_id_number, mask_phone

    start = time.perf_counter()
    sample: list[str] = []
    used: set[tuple[str, date, int]] = set()
    today = date.today()
    cols = (
        "created_at, updated_at, division_id, name, name_pinyin, gender, birth_date, id_number_cipher, "
        "id_number_hash, id_number_masked, phone_cipher, phone_hash, phone_masked, address, ethnicity, "
        "relation_to_head, guardian_name, guardian_consent, consent, note, version"
    )
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as cur, cur.copy(f"COPY residents_resident ({cols}) FROM STDIN") as copy:
            for i in range(n):
                name = (
                    rng.choice(SURNAMES)
                    + rng.choice(GIVEN)
                    + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
                )
                born = today - timedelta(days=rng.randint(18 * 365, 95 * 365))
                code = communities[i % len(communities)]
                serial = i // len(communities)
                while (code[:6], born, serial % 1000) in used:  # an ID number is unique
                    serial += 1
                used.add((code[:6], born, serial % 1000))
                number = make_id(code[:6], born, serial)
                phone = f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}"
                if i % 997 == 0:
                    sample.append(number)
                now = "2026-01-01 00:00:00+08"
                copy.write_row(
                    (
                        now,
                        now,
                        code,
                        name,
                        primary_pinyin(name),
                        "M" if i % 2 else "F",
                        born,
                        crypto.encrypt(number),
                        crypto.keyed_hash(number),
                        mask_id_number(number),
                        crypto.encrypt(phone),
                        crypto.keyed_hash(phone),
                        mask_phone(phone),
                        "",
                        "汉族",
                        "",
                        "",
                        False,
                        True,
                        "",
                        1,
                    )
                )
        cursor.execute("SELECT id, name, division_id FROM residents_resident")
        rows = cursor.fetchall()
        with (
            raw.cursor() as cur,
            cur.copy(
                "COPY residents_residentsearchkey (resident_id, division_code, key) FROM STDIN"
            ) as copy,
        ):
            for pk, name, code in rows:
                for key in name_keys(name):
                    copy.write_row((pk, code, key))
        cursor.execute("ANALYZE residents_resident; ANALYZE residents_residentsearchkey;")
    print(f"loaded {n:,} residents with COPY in {time.perf_counter() - start:.1f} s")
    return sample


def bench_search(sample_ids: list[str], rng: random.Random, repeat: int) -> None:
    from django.db import connection
    from django.test import Client

    from shequ.accounts.models import ApiToken, Role, RoleGrant, User
    from shequ.accounts.services import _hash_token
    from shequ.core import crypto
    from shequ.divisions.models import Division

    district = Division.objects.get(code="220103000000")
    user = User.objects.create(username="bench_district", division=district)
    RoleGrant.objects.create(
        user=user, role=Role.objects.get(code="district_officer"), division=district
    )
    ApiToken.objects.create(user=user, key_hash=_hash_token("bench-token"))
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION="Bearer bench-token")
    prefix = "220103"

    def api(q: str) -> None:
        response = client.get("/api/v1/residents", {"q": q, "limit": 20})
        assert response.status_code == 200, response.content

    def sql(query: str, params: list) -> None:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            cursor.fetchall()

    raw_count_and_page = """
        SELECT count(*) FROM residents_resident r WHERE r.division_id LIKE %s AND r.merged_into_id IS NULL AND {cond};
        """
    raw_page = """
        SELECT r.* FROM residents_resident r LEFT JOIN residents_household h ON h.id = r.household_id
        WHERE r.division_id LIKE %s AND r.merged_into_id IS NULL AND {cond}
        ORDER BY r.name_pinyin, r.id LIMIT 20"""
    key_cond = (
        "EXISTS (SELECT 1 FROM residents_residentsearchkey k WHERE k.resident_id = r.id "
        "AND k.division_code LIKE %s AND k.key LIKE %s)"
    )
    in_district_ids = [i for i in sample_ids if i.startswith(prefix)] or sample_ids
    cases = [
        (
            "pinyin initials",
            lambda: rng.choice(["zs", "wf", "lj", "cyh", "zwm", "lh"]),
            key_cond,
            lambda q: [prefix + "%", q + "%"],
        ),
        (
            "name prefix",
            lambda: rng.choice(["张伟", "王芳", "李", "刘洋", "陈静"]),
            "r.name LIKE %s",
            lambda q: [q + "%"],
        ),
        (
            "ID number",
            lambda: rng.choice(in_district_ids),
            "r.id_number_hash = %s",
            lambda q: [crypto.keyed_hash(q)],
        ),
    ]
    print(
        f"\nsearch through the API as a district officer (reach: 100 communities), {repeat} runs:"
    )
    for label, pick, cond, params in cases:
        queries = [pick() for _ in range(repeat)]
        api(queries[0])  # warm
        it = iter(queries)
        api_timing = timed(lambda: api(next(it)), repeat)
        it2 = iter(queries)

        def raw() -> None:
            q = next(it2)
            sql(raw_count_and_page.format(cond=cond), [prefix + "%", *params(q)])
            sql(raw_page.format(cond=cond), [prefix + "%", *params(q)])

        raw_timing = timed(raw, repeat)
        print(f"  {label:16s} API     {api_timing}")
        print(
            f"  {'':16s} raw SQL {raw_timing}   ratio of medians {api_timing.p50 / raw_timing.p50:.1f}x"
        )


def import_file(rows: int, rng: random.Random) -> Path:
    from openpyxl import Workbook

    from shequ.residents.importing import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append([c.header for c in COLUMNS])
    for i in range(rows):
        # (birth date, sequence) is unique per row, so every generated ID number is distinct
        born = date(1940, 1, 1) + timedelta(days=(i // 1000) * 150 + i % 7)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        ws.append(
            [
                name,
                "男" if i % 2 else "女",
                born,
                make_id("220199", born, i),
                f"139{i:08d}",
                f"某路{i}号",
                "汉族",
                f"B-{i // 3}",
                "户主" if i % 3 == 0 else "子女",
                "",
                "",
                "",
                "是",
                "",
            ]
        )
    path = Path("/tmp/shequ-bench-import.xlsx")
    wb.save(path)
    return path


def child(mode: str, path: str) -> None:
    """Run in a separate process: one import (engine) or baseline or export, then print the peak RSS."""
    setup_django()
    from django.core.files import File

    from shequ.divisions.models import Division
    from shequ.imports.engine import commit_job
    from shequ.imports.models import ImportJob

    community = Division.objects.get(code="220101001001")
    start = time.perf_counter()
    if mode == "import":
        with open(path, "rb") as handle:
            job = ImportJob.objects.create(
                kind="residents",
                division=community,
                original_name="bench.xlsx",
                file=File(handle, name="bench.xlsx"),
            )
        commit_job(job)
        job.refresh_from_db()
        assert job.status == "done", (job.status, job.message, job.errors[:3])
        detail = f"{job.created_count} created"
    elif mode == "baseline":
        from shequ.imports.reading import read_rows
        from shequ.residents.importing import COLUMNS
        from shequ.residents.models import Resident

        count = 0
        with open(path, "rb") as handle:
            for _row, values in read_rows(handle, "bench.xlsx", COLUMNS):
                Resident.objects.create(
                    division=community,
                    name=values["name"],
                    gender="M",
                    birth_date=values["birth_date"],
                    address=values["address"],
                )
                count += 1
        detail = f"{count} saved"
    else:
        from shequ.accounts.models import User
        from shequ.residents.exporting import residents_export
        from shequ.residents.selectors import ResidentFilters

        user = User.objects.get(username="bench_district")
        content, _name, count = residents_export(
            by=user, filters=ResidentFilters(community="220103")
        )
        detail = f"{count} rows, {len(content) / 1e6:.1f} MB"
    elapsed = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    print(f"{mode}|{elapsed:.1f}|{peak_mb:.0f}|{detail}")


def run_child(mode: str, path: Path) -> tuple[float, float, str]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    line = [x for x in out.stdout.splitlines() if x.startswith(mode + "|")][-1]
    _mode, seconds, peak, detail = line.split("|")
    return float(seconds), float(peak), detail


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--child", nargs=2)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of the last run: skip loading and search",
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    setup_django()
    rng = random.Random(3)
    print(f"Shequ residents benchmark · {machine()} · {date.today()}")
    if not args.reuse:
        fresh_database()
        communities = divisions()
        sample = load_residents(args.residents, communities, rng)
        bench_search(sample, rng, args.repeat)
    # the district officer also exports what they reach: one street (1,000 communities / 100 streets)
    path = import_file(args.import_rows, rng)
    print(
        f"\nimport of {args.import_rows:,} rows ({path.stat().st_size / 1e6:.1f} MB .xlsx), each in its own process:"
    )
    seconds, peak, detail = run_child("import", path)
    print(
        f"  import engine (validate every row, then write all): {seconds:6.1f} s, peak {peak:.0f} MB ({detail})"
    )
    if not args.skip_baseline:
        from django.db import connection

        with connection.cursor() as cursor:  # the baseline writes into a clean community
            cursor.execute(
                "DELETE FROM residents_residentsearchkey WHERE division_code = '220101001001';"
                "DELETE FROM residents_residentspecialgroup WHERE resident_id IN (SELECT id FROM"
                " residents_resident WHERE division_id = '220101001001');"
                "UPDATE residents_household SET head_id = NULL WHERE division_id = '220101001001';"
                "DELETE FROM residents_resident WHERE division_id = '220101001001';"
            )
        seconds_b, peak_b, detail_b = run_child("baseline", path)
        print(
            f"  obvious way (one ORM save per row, no validation): {seconds_b:6.1f} s, peak {peak_b:.0f} MB "
            f"({detail_b}); ratio {seconds_b / seconds:.1f}x slower"
        )
    seconds, peak, detail = run_child("export", path)
    print(
        f"  export of a district's residents (100,000 rows at full scale) to .xlsx: {seconds:.1f} s, peak {peak:.0f} MB ({detail})"
    )


if __name__ == "__main__":
    main()
