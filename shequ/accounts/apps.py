from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from shequ.access.rule import use_grant_source
        from shequ.accounts.selectors import active_grant_rows
        from shequ.core.crypto import register_encrypted

        use_grant_source(active_grant_rows)

        # the TOTP secrets are re-encrypted by `rotate_field_key` like the identifiers
        register_encrypted("accounts.SecondFactor", "secret_cipher")
