"""python manage.py restore_drill: back up this database, restore it into a scratch one, and
compare every table's row count and checksum and the audit log. Exit 1 on any difference."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from shequ.ops.backup import (
    BackupError,
    audit_summary,
    backup,
    raw_connection,
    restore,
    table_digests,
    vendor_of,
)


def scratch_database(source: dict[str, Any], workdir: Path) -> dict[str, Any]:
    target = dict(source)
    if vendor_of(source) == "sqlite":
        target["NAME"] = str(workdir / "drill.sqlite3")
        return target
    target["NAME"] = f"{source['NAME']}_drill_{int(time.time())}"[:63]
    admin = dict(source, NAME="postgres")
    conn = raw_connection(admin)
    conn.autocommit = True
    try:
        conn.execute(f'CREATE DATABASE "{target["NAME"]}"')
    finally:
        conn.close()
    return target


def drop_database(db: dict[str, Any]) -> None:
    if vendor_of(db) != "postgresql":
        return
    conn = raw_connection(dict(db, NAME="postgres"))
    conn.autocommit = True
    try:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}" WITH (FORCE)')
    finally:
        conn.close()


def drill(source: dict[str, Any], media_root: Path | None = None) -> dict[str, Any]:
    """The drill itself, for the command and the test: returns the figures and the problems.

    On PostgreSQL the backup is taken in the snapshot of an open repeatable-read transaction
    and the source's checksums are read in that same transaction, so the drill is exact on a
    database that keeps changing while it runs."""
    workdir = Path(tempfile.mkdtemp(prefix="shequ-drill-"))
    target: dict[str, Any] | None = None
    conn = raw_connection(source)
    try:
        snapshot = ""
        if vendor_of(source) == "postgresql":
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        started = time.perf_counter()
        folder, backup_timings = backup(
            workdir / "backups", db=source, media_root=media_root, snapshot=snapshot
        )
        backup_s = time.perf_counter() - started
        target = scratch_database(source, workdir)
        started = time.perf_counter()
        manifest, restore_timings = restore(folder, db=target, media_root=workdir / "media")
        restore_s = time.perf_counter() - started
        started = time.perf_counter()
        before, after = table_digests(source, conn), table_digests(target)
        problems = [
            f"{table}: {before.get(table)} != {after.get(table)}"
            for table in sorted(set(before) | set(after))
            if before.get(table) != after.get(table)
        ]
        audit = audit_summary(target)
        if audit_summary(source, conn) != audit:
            problems.append(f"audit log: {audit_summary(source, conn)} != {audit}")
        media_before = _files(media_root)
        media_after = _files(workdir / "media")
        if media_before != media_after:
            problems.append(f"media files: {len(media_before)} != {len(media_after)}")
        compare_s = time.perf_counter() - started
        return {
            "tables": len(after),
            "rows": sum(count for count, _ in after.values()),
            "bytes": sum(f["bytes"] for f in manifest["files"].values()),
            "backup_s": backup_s,
            "restore_s": restore_s,
            "compare_s": compare_s,
            "backup_steps": backup_timings.steps,
            "restore_steps": restore_timings.steps,
            "audit": audit,
            "media_files": len(media_after),
            "problems": problems,
        }
    finally:
        conn.close()
        if target is not None:
            drop_database(target)
        shutil.rmtree(workdir, ignore_errors=True)


def _files(root: Path | None) -> list[str]:
    if root is None or not root.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


class Command(BaseCommand):
    help = (
        "Rehearse a restore: back up this database, restore it into a scratch database, "
        "compare every table (row count and checksum) and the audit log, then drop the copy."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        source = connections[DEFAULT_DB_ALIAS].settings_dict
        try:
            result = drill(source, Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup {result['backup_s']:.1f} s {result['backup_steps']}, "
            f"restore {result['restore_s']:.1f} s {result['restore_steps']}, "
            f"compare {result['compare_s']:.1f} s; {result['tables']} tables, "
            f"{result['rows']:,} rows, {result['bytes'] / 1e6:.1f} MB, "
            f"{result['media_files']} media files, audit {result['audit']}"
        )
        if result["problems"]:
            for problem in result["problems"]:
                self.stderr.write(problem)
            raise CommandError(f"{len(result['problems'])} difference(s) after the restore")
        self.stdout.write("every table, the audit log and the media files are equal")
