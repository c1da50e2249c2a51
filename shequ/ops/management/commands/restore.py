"""python manage.py restore FOLDER: bring a backup back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from shequ.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an empty database (DATABASE_URL, or --database-url) "
        "and an empty media folder, after checking every checksum of its manifest."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--database-url", help="the target database (DATABASE_URL by default)")
        parser.add_argument("--media-root", help="the target media folder (SHEQU_MEDIA_ROOT)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["database_url"]:
            db: dict[str, Any] = dict(dj_database_url.parse(options["database_url"]))
        else:
            db = connections[DEFAULT_DB_ALIAS].settings_dict
        media = Path(options["media_root"] or settings.MEDIA_ROOT)
        try:
            manifest, timings = restore(Path(options["folder"]), db=db, media_root=media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} into {db['NAME']}: "
            + ", ".join(f"{k} {v:.2f} s" for k, v in timings.steps.items())
        )
        self.stdout.write(
            "Set the same DJANGO_SECRET_KEY, SHEQU_FIELD_KEYS, SHEQU_HASH_KEY and "
            "SHEQU_RESEARCH_KEY as the backed-up deployment, then `manage.py migrate` "
            "if this code is newer."
        )
