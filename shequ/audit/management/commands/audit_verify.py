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
        parser.add_argument(
            "--anchor", default="", help="a head printed earlier: check from that entry on"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = audit_chain_state(latest=options.get("latest"), anchor=options["anchor"])
        if state.intact:
            self.stdout.write(
                f"audit chain intact: {state.checked} entries checked "
                f"(ids {state.first_id}..{state.last_id}); head {state.head}"
            )
            return
        if state.reason == "anchor":
            raise CommandError("no entry has the anchor's hash: the chain was rewritten")
        what = (
            "its content does not match its hash (changed)"
            if state.reason == "changed"
            else "its link does not match the entry before it (an entry removed or inserted)"
        )
        raise CommandError(
            f"audit chain broken at entry id {state.broken_id}: {what}; "
            f"{state.checked - 1} entries before it verified"
        )
