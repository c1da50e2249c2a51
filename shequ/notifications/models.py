"""Notifications and their transactional outbox.

A `Notification` is written in the same transaction as the event that puts an item on
someone's workbench; with it, one `Delivery` per channel outside the application (e-mail, SMS)
that the recipient chose for that kind. After the commit a task sends the deliveries; each try
is a `DeliveryAttempt`. A rolled-back event leaves neither row; a crash after the commit leaves
pending deliveries that `notifications_send` (cron, celery beat) picks up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.notifications.kinds import KINDS


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30)  # a key of kinds.KINDS
    # never a child's name or an allegation: the services write neutral titles
    title = models.CharField(_("title"), max_length=200)
    link = models.CharField(_("link"), max_length=300, blank=True)
    reference = models.CharField(_("reference"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # one notification per occasion (an escalation step) and recipient; empty: no key
    key = models.CharField(max_length=120, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notif_one_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.pk}"

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    DIGEST = "digest", _("in the daily digest")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("no address")


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # not before this time: after quiet hours, or the backoff of a failed try
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.notification_id}:{self.status}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField(default=False)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.delivery_id}:{'ok' if self.ok else 'failed'}"


class Preference(models.Model):
    """The channels a user chose for one kind (in the application is always on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(max_length=30)
    email = models.BooleanField(default=True)
    sms = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"


class Schedule(models.Model):
    """A user's quiet hours (nothing is sent between start and end, local time; urgent kinds
    excepted) and daily digest (e-mails gathered into one message a day at `digest_hour`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_schedule"
    )
    quiet_start = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet until"), null=True, blank=True)
    digest = models.BooleanField(_("daily digest"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("digest at (hour)"), default=8)
    digest_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}"


class SmsTemplate(models.Model):
    """The text of an SMS per kind, as data (the provider's template id when it needs one).
    Placeholders: {reference}, {link}, {title} (never used for protection kinds)."""

    kind = models.CharField(max_length=30, unique=True)
    provider_template = models.CharField(max_length=60, blank=True)
    text = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.kind
