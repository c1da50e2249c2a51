"""What the account picker finds: accounts in reach by user name or full name (characters,
pinyin, initials), told apart by user name and home division."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from shequ.accounts.models import User
from shequ.accounts.selectors import user_search
from shequ.core.pickers import Option, register


def describe_user(u: User) -> Option:
    return Option(
        str(u.pk), u.display_name, f"{u.username} · {u.division.name if u.division else ''}"
    )


register(
    "user",
    search=lambda user, q, within: user_search(user=user, q=q),
    describe=describe_user,
    placeholder=gettext_lazy("full name, pinyin or user name"),
)
