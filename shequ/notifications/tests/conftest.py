"""A real SMTP server (aiosmtpd) and a real HTTP server standing for the SMS provider, each
started by the test on a free local port."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

CHILD = "陈小花"
SEEN = "手臂多处淤青，孩子说是在家被打"


@pytest.fixture
def file_report(world: Any) -> Any:
    """file_report(community="community_a"): the school reports a child of that community."""
    from datetime import date, timedelta

    from django.utils import timezone

    from shequ.protection.services import report_submit

    def make(community: str = "community_a") -> Any:
        return report_submit(
            by=world.user("school"),
            community=world.division(community),
            child={"name": CHILD, "gender": "F", "birth_date": date(2016, 3, 1)},
            situations=["multiple_injuries"],
            seen=SEEN,
            seen_at=timezone.now() - timedelta(hours=1),
        )

    return make


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "to": list(envelope.rcpt_tos),
                "subject": str(message["subject"]),
                "body": message.get_body(preferencelist=("plain",)).get_content(),
            }
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[_Inbox]:
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


class SmsProvider:
    """What the provider received, and the statuses it answers with, in turn (then 200)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[int] = []
        self.url = ""


@pytest.fixture
def sms_server(settings: Any) -> Iterator[SmsProvider]:
    provider = SmsProvider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            body["authorization"] = self.headers.get("Authorization", "")
            provider.received.append(body)
            status = provider.answers.pop(0) if provider.answers else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}' if status == 200 else b'{"ok": false}')

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    settings.SHEQU_SMS_BACKEND = "http"
    settings.SHEQU_SMS_URL = provider.url
    settings.SHEQU_SMS_KEY = "test-provider-key"
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
