from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from shequ.divisions.services import DivisionFileInvalid, division_load_csv


class Command(BaseCommand):
    help = (
        "Load or update the division tree from a CSV file with columns code,name (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("The file is not UTF-8 text.")) from exc
        try:
            result = division_load_csv(text=text, source=str(file))
        except DivisionFileInvalid as exc:
            for error in exc.line_errors:
                self.stderr.write(str(error))
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("Divisions: %(created)d created, %(updated)d renamed, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
