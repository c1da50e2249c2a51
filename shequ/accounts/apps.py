from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from shequ.core.crypto import register_encrypted

        # the TOTP secrets are re-encrypted by `rotate_field_key` like the identifiers
        register_encrypted("accounts.SecondFactor", "secret_cipher")
