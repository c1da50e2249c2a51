from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shequ.access.codes import InvalidCode, expand_code
from shequ.divisions.models import Division
from shequ.imports.engine import commit_job
from shequ.imports.models import ImportJob, Status


class Command(BaseCommand):
    help = (
        "Import residents from an .xlsx or .csv ledger into a community: every row is checked "
        "first; if any row has a problem, the problems are listed and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--community", required=True, help="the community's 12-digit code")

    def handle(self, *args: Any, file: Path, community: str, **options: Any) -> None:
        try:
            division = Division.objects.get(code=expand_code(community), level=5)
        except (InvalidCode, Division.DoesNotExist):
            raise CommandError(f"No community with code {community}.") from None
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as handle:
            job = ImportJob.objects.create(
                kind="residents",
                division=division,
                created_by=None,
                original_name=file.name,
                file=File(handle, name=file.name),
            )
        commit_job(job)
        job.refresh_from_db()
        if job.status == Status.DONE:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{job.total_rows} rows: {job.created_count} created, "
                    f"{job.updated_count} updated."
                )
            )
            return
        if job.message:
            raise CommandError(job.message)
        for problem in job.errors:
            self.stderr.write(f"row {problem['row']}, {problem['column']}: {problem['message']}")
        raise CommandError(
            f"{job.error_count} problem(s) in {job.total_rows} rows; nothing was imported."
        )
