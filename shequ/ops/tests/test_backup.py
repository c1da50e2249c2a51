"""Backup and restore, rehearsed: on SQLite with files made here, on PostgreSQL with the demo world."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from shequ.ops.backup import BackupError, backup, compare, restore
from shequ.ops.management.commands.restore_drill import drill


def _sqlite(path: Path, rows: int) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
    conn.execute("INSERT INTO django_migrations VALUES ('residents', '0001_initial')")
    conn.execute("CREATE TABLE residents_resident (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany(
        "INSERT INTO residents_resident (name) VALUES (?)", [(f"居民{i}",) for i in range(rows)]
    )
    conn.commit()
    conn.close()
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def test_sqlite_backup_restores_every_row_and_file(tmp_path: Path) -> None:
    source = _sqlite(tmp_path / "source.sqlite3", 50)
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "contract.pdf").write_bytes(b"%PDF-1.4 contract")
    folder, _timings = backup(tmp_path / "backups", db=source, media_root=media)
    assert folder.name.startswith("shequ-")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"]["residents_resident"] == 50
    assert manifest["migrations"] == ["residents.0001_initial"]
    assert set(manifest["files"]) == {"database.sqlite3", "media.tar"}
    secrets = [settings.SECRET_KEY, settings.SHEQU_FIELD_KEYS, settings.SHEQU_HASH_KEY]
    for file in folder.iterdir():
        content = file.read_bytes()
        assert not [s for s in secrets if s and s.encode() in content], file.name
    assert not list((tmp_path / "backups").glob(".partial-*"))

    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "target.sqlite3")}
    restore(folder, db=target, media_root=tmp_path / "restored-media")
    assert compare(source, target) == []
    assert (tmp_path / "restored-media/documents/contract.pdf").read_bytes() == b"%PDF-1.4 contract"

    # a second restore into the same database is refused: it is not empty
    with pytest.raises(BackupError, match="not empty"):
        restore(folder, db=target, media_root=tmp_path / "other-media")


def test_compare_finds_a_changed_row(tmp_path: Path) -> None:
    a = _sqlite(tmp_path / "a.sqlite3", 10)
    b = _sqlite(tmp_path / "b.sqlite3", 10)
    assert compare(a, b) == []
    conn = sqlite3.connect(b["NAME"])
    conn.execute("UPDATE residents_resident SET name = '改' WHERE id = 3")
    conn.commit()
    conn.close()
    assert [p.split(":")[0] for p in compare(a, b)] == ["residents_resident"]


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    source = _sqlite(tmp_path / "source.sqlite3", 5)
    folder, _ = backup(tmp_path / "backups", db=source, media_root=tmp_path / "none")
    with (folder / "database.sqlite3").open("ab") as f:
        f.write(b"x")
    target = tmp_path / "target.sqlite3"
    with pytest.raises(BackupError, match="checksum"):
        restore(
            folder,
            db={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
            media_root=tmp_path / "m",
        )
    assert not target.exists()
    (folder / "manifest.json").unlink()
    with pytest.raises(BackupError, match="manifest"):
        restore(
            folder,
            db={"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)},
            media_root=tmp_path / "m",
        )


@pytest.mark.django_db
def test_restore_drill_on_postgresql(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the drill of the real schema runs on PostgreSQL (CI's second run)")
    media = Path(settings.MEDIA_ROOT)
    (media / "drill").mkdir(parents=True, exist_ok=True)
    (media / "drill" / "photo.jpg").write_bytes(b"\xff\xd8\xff photo")
    result = drill(connection.settings_dict, media)
    assert result["problems"] == []
    assert result["tables"] > 50
    assert result["audit"]["entries"] > 0
    assert result["media_files"] >= 1


@pytest.mark.django_db
def test_backup_command_prints_where_and_how_long(tmp_path: Path, capsys: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the test database of SQLite is in memory: no file to back up")
    call_command("backup", "--dir", str(tmp_path))
    out = capsys.readouterr().out
    assert out.startswith(f"backup {tmp_path}/shequ-")
    assert "database" in out
