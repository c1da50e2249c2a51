from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class LockoutAwareBackend(ModelBackend):
    """Django's backend, refusing locked accounts. Permissions do not come from Django's
    permission tables but from role grants (shequ.access.rule)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not user.is_locked()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return False
