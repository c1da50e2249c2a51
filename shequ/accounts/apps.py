from typing import Any

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
        _invalidate_tokens_on_change()

        # the TOTP secrets are re-encrypted by `rotate_field_key` like the identifiers
        register_encrypted("accounts.SecondFactor", "secret_cipher")


def _invalidate_tokens_on_change() -> None:
    """A cached bearer token (token_cache.py) stops being good when anything it answered from
    changes: the user, a grant, a role and its permissions, the security policy."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from shequ.accounts import token_cache
    from shequ.accounts.models import Role, RoleGrant, SecurityPolicy, User

    def user_saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return  # a sign-in in the browser changes nothing a token answers
        token_cache.invalidate_on_change(sender, **kwargs)

    post_save.connect(user_saved, sender=User, dispatch_uid="token_cache_user")
    for model in (User, RoleGrant, Role, SecurityPolicy):
        if model is not User:
            post_save.connect(
                token_cache.invalidate_on_change, sender=model, dispatch_uid=f"token_cache_{model}"
            )
        post_delete.connect(
            token_cache.invalidate_on_change, sender=model, dispatch_uid=f"token_cache_d_{model}"
        )
    m2m_changed.connect(
        token_cache.invalidate_on_change,
        sender=Role.permissions.through,
        dispatch_uid="token_cache_role_permissions",
    )
