"""Accounts, roles that carry permissions as data, grants of a role at a division, API
tokens and the security policy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.access.rule import ScopedQuerySet
from shequ.core.models import ReferenceTable


class ShequUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """An account. What it may do comes only from its role grants. Its home division (where
    it was created) decides which administrators see it."""

    division = models.ForeignKey(
        "divisions.Division",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home division"),
    )
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(_("failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    objects = ShequUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def is_locked(self, now: Any = None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))

    @staticmethod
    def not_locked_q(now: Any = None) -> Q:
        """The accounts `is_locked` says no of, as a filter."""
        return Q(locked_until__isnull=True) | Q(locked_until__lte=now or timezone.now())


class Permission(models.Model):
    """One thing a role may do: `resource.action`, e.g. `organization.manage`."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("permission")
        verbose_name_plural = _("permissions")

    def __str__(self) -> str:
        return self.code


class AdminKind(models.TextChoices):
    NONE = "", _("not an administrator role")
    SYSTEM = "system", _("system administrator")
    SECURITY = "security", _("security administrator")
    AUDIT = "audit", _("audit administrator")


class Role(ReferenceTable):
    admin_kind = models.CharField(
        _("administrator kind"), max_length=10, choices=AdminKind.choices, blank=True, default=""
    )
    permissions = models.ManyToManyField(Permission, related_name="roles", blank=True)

    class Meta(ReferenceTable.Meta):
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    @property
    def is_admin_role(self) -> bool:
        return bool(self.admin_kind)


class RoleGrantQuerySet(ScopedQuerySet["RoleGrant"]):
    def active(self) -> RoleGrantQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class RoleGrant(models.Model):
    """A role held by a user at a division (and, usually, an organization)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="grants")
    division = models.ForeignKey(
        "divisions.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("division")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("organization"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = models.Manager.from_queryset(RoleGrantQuerySet)()

    class Meta:
        ordering = ["division_id", "role__code"]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "division"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_grant_per_role_and_division",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} @ {self.division_id}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; it expires when idle."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token of {self.user_id}"


class SecurityPolicy(models.Model):
    """The one security policy (a single row), set by the security administrator."""

    min_password_length = models.PositiveSmallIntegerField(_("minimum password length"), default=8)
    min_character_classes = models.PositiveSmallIntegerField(
        _("character classes required (of 4)"), default=3
    )
    lockout_threshold = models.PositiveSmallIntegerField(
        _("failed logins before lockout"), default=5
    )
    lockout_minutes = models.PositiveSmallIntegerField(_("lockout minutes"), default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("idle session timeout (minutes)"), default=30
    )
    session_lifetime_hours = models.PositiveSmallIntegerField(
        _("longest session or API token (hours)"), default=12
    )
    # The three administrators always need a second factor (等保三级); these widen it.
    second_factor_for_protection = models.BooleanField(
        _("second factor for child-protection roles"), default=True
    )
    second_factor_for_everyone = models.BooleanField(_("second factor for everyone"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self) -> str:
        return "security policy"

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy or cls()


class LoginThrottle(models.Model):
    """Failed sign-ins counted per account, per client address and per account and address
    together, and the addresses an account signed in from (issue 15, point 6). A key whose
    failures pass its threshold is blocked for a delay that doubles with each further failure;
    the row names the key, never whether the account exists."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("client address")
        PAIR = "pair", _("account from an address")
        KNOWN = "known", _("address the account signed in from")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    address = models.CharField(_("client address"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_at = models.DateTimeField(_("last attempt"), default=timezone.now)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "username", "address"], name="one_throttle_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.username}|{self.address}"


class SecondFactor(models.Model):
    """A TOTP authenticator of an account (RFC 6238) and its one-time recovery codes. The
    secret is encrypted at rest with the field keys; recovery codes are kept as hashes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor"
    )
    secret_cipher = models.TextField()
    confirmed_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    recovery_hashes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")

    def __str__(self) -> str:
        return f"second factor of {self.user_id}"

    @property
    def secret(self) -> str:
        from shequ.core.crypto import decrypt

        return decrypt(self.secret_cipher)

    @secret.setter
    def secret(self, value: str) -> None:
        from shequ.core.crypto import encrypt

        self.secret_cipher = encrypt(value)
