"""python manage.py backup [--dir DIR]: a dated, consistent backup (see shequ/ops/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shequ.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media files into a dated folder with a manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", help="where (SHEQU_BACKUP_DIR, by default ./backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder, timings = backup(Path(options["dir"]) if options["dir"] else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(p.stat().st_size for p in folder.iterdir())
        self.stdout.write(
            f"backup {folder} ({size / 1e6:.1f} MB): "
            + ", ".join(f"{k} {v:.2f} s" for k, v in timings.steps.items())
        )
