from __future__ import annotations

from datetime import datetime, time

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    link: str
    reference: str
    created_at: datetime
    read_at: datetime | None
    unread: bool

    @staticmethod
    def resolve_unread(obj: object) -> bool:
        return getattr(obj, "read_at", None) is None


class NotificationPageOut(Schema):
    count: int
    unread: int
    limit: int
    offset: int
    items: list[NotificationOut]


class KindPreference(Schema):
    kind: str
    label: str = ""
    protection: bool = False
    email: bool
    sms: bool


class PreferencesOut(Schema):
    kinds: list[KindPreference]
    quiet_start: time | None
    quiet_end: time | None
    digest: bool
    digest_hour: int
    has_email: bool
    has_phone: bool


class PreferencesIn(Schema):
    kinds: list[KindPreference] = []
    quiet_start: time | None = None
    quiet_end: time | None = None
    digest: bool = False
    digest_hour: int = 8
