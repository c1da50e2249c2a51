"""The channels outside the application. E-mail goes through Django's mail (SMTP settings from
the environment: EMAIL_HOST, EMAIL_PORT, ...). SMS goes through one provider adapter chosen by
SHEQU_SMS_BACKEND: `console` (development: the message is logged) or `http` (POST JSON to
SHEQU_SMS_URL with SHEQU_SMS_KEY as bearer token). The text of each SMS is data
(`SmsTemplate`). A protection notification leaves the application as its reference and its
link only: never the child's name, never the allegation."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from shequ.notifications.catalog import GENERAL_TEXT, PROTECTION_TEXT
from shequ.notifications.kinds import kind_of
from shequ.notifications.models import Notification, SmsTemplate

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """The channel refused or could not be reached; the delivery is tried again later."""


def absolute_link(notification: Notification) -> str:
    base = str(getattr(settings, "SHEQU_SITE_URL", "") or "").rstrip("/")
    return f"{base}{notification.link}" if notification.link.startswith("/") else notification.link


def outside_text(notification: Notification) -> tuple[str, str]:
    """(subject, body) of a message that leaves the application."""
    link = absolute_link(notification)
    with translation.override(settings.LANGUAGE_CODE):
        if kind_of(notification.kind).protection:
            subject = _("Shequ: a child-protection item waits for you (%(ref)s)") % {
                "ref": notification.reference
            }
            body = _(
                "A child-protection item waits for you in Shequ.\n"
                "Reference: %(ref)s\nOpen it after signing in: %(link)s"
            ) % {"ref": notification.reference, "link": link}
        else:
            subject = _("Shequ: %(title)s") % {"title": notification.title}
            body = _("%(title)s\nReference: %(ref)s\nOpen it after signing in: %(link)s") % {
                "title": notification.title,
                "ref": notification.reference,
                "link": link,
            }
    return subject, body


def send_email(address: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except Exception as exc:  # smtplib.SMTPException, OSError: the server refused or is down
        raise SendFailed(f"e-mail: {exc}") from exc


def sms_text(notification: Notification) -> tuple[str, str]:
    """(provider template id, text) from the template of the kind."""
    template = SmsTemplate.objects.filter(kind=notification.kind).first()
    protection = kind_of(notification.kind).protection
    text = template.text if template else (PROTECTION_TEXT if protection else GENERAL_TEXT)
    values = {
        "reference": notification.reference,
        "link": absolute_link(notification),
        "title": "" if protection else notification.title,
    }
    try:
        rendered = text.format(**values)
    except (KeyError, IndexError, ValueError):  # a template edited with an unknown placeholder
        rendered = (PROTECTION_TEXT if protection else GENERAL_TEXT).format(**values)
    return (template.provider_template if template else ""), rendered


class ConsoleSms:
    """Development: the SMS is written to the log."""

    def send(self, phone: str, template: str, text: str, params: dict[str, str]) -> None:
        log.info("SMS to %s: %s", phone, text)


class HttpSms:
    """One HTTP provider: POST {"to", "template", "params", "text"} as JSON to SHEQU_SMS_URL,
    authorized by `Authorization: Bearer SHEQU_SMS_KEY`; any 2xx answer is success."""

    def __init__(self, url: str, key: str, timeout: float = 10) -> None:
        self.url, self.key, self.timeout = url, key, timeout

    def send(self, phone: str, template: str, text: str, params: dict[str, str]) -> None:
        body = json.dumps(
            {"to": phone, "template": template, "params": params, "text": text}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise SendFailed(f"SMS provider answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SendFailed(f"SMS provider unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SendFailed(f"SMS provider answered {status}")


def sms_adapter() -> Any:
    if getattr(settings, "SHEQU_SMS_BACKEND", "console") == "http":
        return HttpSms(settings.SHEQU_SMS_URL, settings.SHEQU_SMS_KEY)
    return ConsoleSms()


def send_sms(phone: str, notification: Notification) -> None:
    template, text = sms_text(notification)
    params = {"reference": notification.reference, "link": absolute_link(notification)}
    sms_adapter().send(phone, template, text, params)
