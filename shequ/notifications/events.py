"""The events that put an item on someone's workbench, each one call from the service that
makes it (inside its transaction). `EVENTS` says, per kind, who is told, what the notification
says and where it leads; each domain app registers its own events (its `notifying.py`, found at
start-up like the figures), so that this app, below them, imports none of them.
Titles are neutral: no child's name, no allegation, ever;
the reference (BG-12 a report, GA-7 a case, RW-3 a task) finds the record inside the
application. Titles are stored in the deployment's language (LANGUAGE_CODE), the one every
recipient reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from shequ.notifications.models import Notification
from shequ.notifications.services import notify


@dataclass(frozen=True)
class Event:
    who: Callable[[Any], list[Any]]  # the recipients, from the record
    title: Any  # a message with the %(name)s values the caller gives
    url: str  # the URL name of the page where it is done
    url_arg: Callable[[Any], Any] | None  # its argument, from the record (None: no argument)
    reference: Callable[[Any], str]


EVENTS: dict[str, Event] = {}
# the escalation steps: each takes the time and returns the notifications it made
ESCALATIONS: list[Callable[[datetime], int]] = []


def register(kind: str, event: Event) -> Event:
    EVENTS[kind] = event
    return event


def register_request(
    kind: str,
    *,
    deciders: Callable[[Any], list[Any]],
    requester: Callable[[Any], Any],
    asked: Any,
    decided: Any,
    url: str,
    url_arg: Callable[[Any], Any] | None,
    reference: Callable[[Any], str],
) -> None:
    """A request that waits for someone's decision (a certificate, an extract, a case study to
    review): `kind` tells those who may decide (`request_made`), `<kind>_decided` tells the
    one who asked what was decided (`request_decided`; the title has `%(outcome)s`)."""
    register(kind, Event(deciders, asked, url, url_arg, reference))
    register(
        decided_kind(kind),
        Event(
            lambda r: [u for u in [requester(r)] if u is not None], decided, url, url_arg, reference
        ),
    )


def decided_kind(kind: str) -> str:
    return f"{kind}_decided"


def request_made(kind: str, record: Any) -> list[Notification]:
    return tell(kind, record)


def request_decided(kind: str, record: Any, outcome: Any) -> list[Notification]:
    """Tell the requester; `outcome` is a (lazy) message, stored in the deployment's language."""
    return tell(decided_kind(kind), record, outcome=outcome)


def register_escalation(step: Callable[[datetime], int]) -> Callable[[datetime], int]:
    ESCALATIONS.append(step)
    return step


def tell(
    kind: str,
    record: Any,
    *,
    who: list[Any] | None = None,
    key: str = "",
    now: datetime | None = None,
    **values: Any,
) -> list[Notification]:
    """Notify the people `EVENTS[kind]` names for `record` (or `who`)."""
    event = EVENTS[kind]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(event.title) % values if values else str(event.title)
    args = [event.url_arg(record)] if event.url_arg is not None else []
    return notify(
        recipients=event.who(record) if who is None else who,
        kind=kind,
        title=title,
        link=reverse(event.url, args=args),
        reference=event.reference(record),
        key=key,
        now=now,
    )
