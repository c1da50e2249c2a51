"""Backup and restore: a dated folder with the database, the media files and a manifest.

    shequ-20261207-021500/
        database.dump      PostgreSQL: pg_dump in custom format (one consistent snapshot)
        database.sqlite3   SQLite: the online backup API (a consistent copy while in use)
        media.tar          every file under SHEQU_MEDIA_ROOT
        manifest.json      when, which database, the migrations, each file's size and SHA-256,
                           each table's row count

Never the keys: DJANGO_SECRET_KEY, SHEQU_FIELD_KEYS, SHEQU_HASH_KEY and SHEQU_RESEARCH_KEY live
outside the backup (docs/deployment.md says where); without SHEQU_FIELD_KEYS the ID numbers and
phones of a restored database cannot be read, which is the point.

The folder is written under a temporary name and renamed when complete, so a folder with a
manifest is a whole backup. `restore` checks every checksum before it touches anything and
refuses a database that already has tables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

FORMAT = 1


class BackupError(Exception):
    pass


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.steps[name] = round(time.perf_counter() - started, 2)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    # a fixed program (pg_dump, pg_restore) with an argument list, never a shell
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()[:2000]}")


def vendor_of(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"no backup for the database engine {engine}")


# ------------------------------------------------------------------ the tables and their digests


def raw_connection(db: dict[str, Any]) -> Any:
    if vendor_of(db) == "sqlite":
        return sqlite3.connect(str(db["NAME"]))
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def table_names(conn: Any, vendor: str) -> list[str]:
    cur = conn.cursor()
    if vendor == "sqlite":
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname='public' ORDER BY tablename")
    return [row[0] for row in cur.fetchall()]


def table_digests(db: dict[str, Any], conn: Any = None) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows (independent of their order); in the
    open connection `conn` when given (the drill reads the snapshot its backup was taken in)."""
    vendor = vendor_of(db)
    own = conn is None
    conn = conn or raw_connection(db)
    try:
        out: dict[str, tuple[int, str]] = {}
        for table in table_names(conn, vendor):
            cur = conn.cursor()
            if vendor == "postgresql":
                cur.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "  # noqa: S608
                    f'FROM (SELECT md5(t::text) AS h FROM "{table}" t) s'
                )
                count, digest = cur.fetchone()
            else:
                cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                hashes = sorted(
                    hashlib.md5(repr(row).encode(), usedforsecurity=False).hexdigest()
                    for row in cur
                )
                count = len(hashes)
                digest = hashlib.md5("".join(hashes).encode(), usedforsecurity=False).hexdigest()
            out[table] = (int(count), str(digest))
        return out
    finally:
        if own:
            conn.close()


def audit_summary(db: dict[str, Any], conn: Any = None) -> dict[str, Any]:
    """The audit log's length and last entry."""
    own = conn is None
    conn = conn or raw_connection(db)
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*), max(id), max(at) FROM audit_auditentry")
        count, last_id, last_at = cur.fetchone()
        return {"entries": count, "last_id": last_id, "last_at": str(last_at)}
    finally:
        if own:
            conn.close()


# ------------------------------------------------------------------ backup


def default_directory() -> Path:
    return Path(getattr(settings, "SHEQU_BACKUP_DIR", "") or settings.BASE_DIR / "backups")


def backup(
    dest: Path | None = None,
    *,
    db: dict[str, Any] | None = None,
    media_root: Path | None = None,
    snapshot: str = "",
) -> tuple[Path, Timings]:
    """`snapshot`: a PostgreSQL snapshot exported by an open transaction (pg_export_snapshot),
    for a dump of exactly what that transaction sees."""
    dest = Path(dest or default_directory())
    dest.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = dest / f"shequ-{stamp}"
    if final.exists():
        raise BackupError(f"{final} exists already")
    work = dest / f".partial-shequ-{stamp}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = db or connections[DEFAULT_DB_ALIAS].settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = vendor_of(db)
    timings = Timings()
    try:
        if vendor == "postgresql":
            db_file = work / "database.dump"
            timings.run(
                "database",
                _run,
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *([f"--snapshot={snapshot}"] if snapshot else []),
                    "--file",
                    str(db_file),
                    db["NAME"],
                ],
                _pg_env(db),
            )
        else:
            db_file = work / "database.sqlite3"
            timings.run("database", _sqlite_backup, Path(db["NAME"]), db_file)
        media_file = work / "media.tar"
        timings.run("media", _tar_media, media_root, media_file)
        rows = timings.run("counts", _row_counts, db)
        applied = _applied_migrations(db)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "name": str(db["NAME"])},
            "migrations": applied,
            "files": {
                p.name: {"bytes": p.stat().st_size, "sha256": sha256(p)}
                for p in (db_file, media_file)
            },
            "rows": rows,
            "keys": "not included: restore with the deployment's own key files",
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final, timings


def _applied_migrations(db: dict[str, Any]) -> list[str]:
    conn = raw_connection(db)
    try:
        cur = conn.cursor()
        cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cur.fetchall()]
    finally:
        conn.close()


def _sqlite_backup(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _tar_media(media_root: Path, target: Path) -> None:
    with tarfile.open(target, "w") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)


def _row_counts(db: dict[str, Any]) -> dict[str, int]:
    vendor = vendor_of(db)
    conn = raw_connection(db)
    try:
        out = {}
        for table in table_names(conn, vendor):
            cur = conn.cursor()
            cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            out[table] = int(cur.fetchone()[0])
        return out
    finally:
        conn.close()


# ------------------------------------------------------------------ restore


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.exists():
        raise BackupError(f"{folder} has no manifest.json: not a complete backup")
    manifest: dict[str, Any] = json.loads(path.read_text())
    for name, meta in manifest["files"].items():
        file = folder / name
        if not file.exists():
            raise BackupError(f"{name} is missing from {folder}")
        if sha256(file) != meta["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    return manifest


def restore(
    folder: Path, *, db: dict[str, Any], media_root: Path
) -> tuple[dict[str, Any], Timings]:
    """Bring a backup back into an empty database and an empty media folder."""
    folder = Path(folder)
    timings = Timings()
    manifest = timings.run("verify", read_manifest, folder)
    vendor = vendor_of(db)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the backup is of {manifest['database']['vendor']}, the target is {vendor}"
        )
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"the media folder {media_root} is not empty")
    if vendor == "postgresql":
        conn = raw_connection(db)
        try:
            if table_names(conn, vendor):
                raise BackupError(f"the database {db['NAME']} is not empty")
        finally:
            conn.close()
        timings.run(
            "database",
            _run,
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--jobs=2",
                "--dbname",
                db["NAME"],
                str(folder / "database.dump"),
            ],
            _pg_env(db),
        )
    else:
        target = Path(db["NAME"])
        if target.exists() and target.stat().st_size > 0:
            conn = raw_connection(db)
            try:
                if table_names(conn, vendor):
                    raise BackupError(f"the database {target} is not empty")
            finally:
                conn.close()
        timings.run("database", _sqlite_backup, folder / "database.sqlite3", target)
    media_root.mkdir(parents=True, exist_ok=True)
    timings.run("media", _untar_media, folder / "media.tar", media_root)
    return manifest, timings


def _untar_media(source: Path, media_root: Path) -> None:
    with tarfile.open(source) as tar:
        tar.extractall(media_root, filter="data")


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """What differs between two databases, table by table ([] when every table is equal)."""
    left, right = table_digests(a), table_digests(b)
    problems = []
    for table in sorted(set(left) | set(right)):
        if left.get(table) != right.get(table):
            problems.append(f"{table}: {left.get(table)} != {right.get(table)}")
    return problems
