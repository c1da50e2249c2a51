"""Verify the audit log's hash chain and name the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shequ.audit.services import audit_chain_state


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain, entry by entry in id order; report the first entry "
        "whose content or link does not hold (exit status 1), or that the chain is intact."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--latest", type=int, help="check only the latest N entries")

    def handle(self, *args: Any, **options: Any) -> None:
        state = audit_chain_state(latest=options.get("latest"))
        if state.intact:
            self.stdout.write(
                f"audit chain intact: {state.checked} entries checked "
                f"(ids {state.first_id}..{state.last_id}); head {state.head}"
            )
            return
        what = (
            "its content does not match its hash (changed)"
            if state.reason == "changed"
            else "its link does not match the entry before it (an entry removed or inserted)"
        )
        raise CommandError(
            f"audit chain broken at entry id {state.broken_id}: {what}; "
            f"{state.checked - 1} entries before it verified"
        )
