from typing import Any

from django.core.management.base import BaseCommand

from shequ.accounts.catalog import sync_catalog


class Command(BaseCommand):
    help = "Add the seed roles and permissions that are missing (never removes any)."

    def handle(self, *args: Any, **options: Any) -> None:
        sync_catalog()
        self.stdout.write("roles and permissions are up to date")
