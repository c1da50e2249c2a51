from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from shequ.core import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted identifier with the current key (the first of "
        "SHEQU_FIELD_KEYS). Rotate by putting a new key first and keeping the old ones after it; "
        "run this; then the old keys can be removed. `--new-key` prints a fresh key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key", action="store_true", help="print a new random key and exit"
        )
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, new_key: bool = False, batch: int = 2000, **options: Any) -> None:
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        current = crypto.current_key_id()
        total = 0
        for label, field in crypto.ENCRYPTED_FIELDS:
            model = apps.get_model(label)
            stale = model._default_manager.exclude(**{field: ""}).exclude(
                **{f"{field}__startswith": f"{crypto.PREFIX}:{current}:"}
            )
            while True:
                rows = list(stale.values_list("pk", field)[:batch])
                if not rows:
                    break
                with transaction.atomic():
                    for pk, token in rows:
                        model._default_manager.filter(pk=pk).update(
                            **{field: crypto.encrypt(crypto.decrypt(token))}
                        )
                total += len(rows)
                self.stdout.write(f"{label}.{field}: {total} re-encrypted so far")
        self.stdout.write(self.style.SUCCESS(f"{total} values now use key {current!r}."))
