from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from shequ.core.demo import database_is_empty, demo_load


class Command(BaseCommand):
    help = "Load the demo data (Changchun divisions, organizations, demo accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has divisions",
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if if_empty and not database_is_empty():
            self.stdout.write("The database already has data; demo not loaded.")
            return
        ctx = demo_load()
        accounts = sorted(k.removeprefix("user:") for k in ctx.objects if k.startswith("user:"))
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Accounts: " + ", ".join(accounts)))
