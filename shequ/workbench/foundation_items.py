"""Items of the foundation (accounts, audit, imports), registered here because the foundation
knows nothing of the layers above it: the imports the user started that came to a stop; for a
security administrator, the accounts locked in their reach; for whoever grants roles, the
accounts without one; for the audit administrator, the failed and denied actions of the week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.access.perms import Perm
from shequ.access.rule import has_perm
from shequ.accounts.selectors import accounts_without_role, locked_users
from shequ.audit.models import Outcome
from shequ.audit.selectors import audit_list
from shequ.imports.models import Status
from shequ.imports.selectors import my_finished_imports
from shequ.workbench.registry import Item, link, register

if TYPE_CHECKING:
    from shequ.accounts.models import User

STOPPED = {
    Status.VALID: (gettext_lazy("%(file)s: checked, ready to import"), ("commit",)),
    Status.INVALID: (gettext_lazy("%(file)s: has problems to correct"), ("retry",)),
    Status.DONE: (gettext_lazy("%(file)s: imported"), ()),
    Status.FAILED: (gettext_lazy("%(file)s: failed"), ("retry",)),
}


@register("import.job", label=gettext_lazy("Import"), module="workbench:home")
def imports(user: User, now: datetime) -> Iterator[Item]:
    for job in my_finished_imports(user=user, since=now - timedelta(days=7)):
        title, actions = STOPPED[Status(job.status)]
        yield Item(
            title=str(title) % {"file": job.original_name},
            link=link("imports:job", job.pk),
            due=job.updated_at if job.status != Status.DONE else None,
            actions=actions,
        )


def _accounts(accounts: Any, title: str, action: str) -> Iterator[Item]:
    for account in accounts:
        yield Item(
            title=title % {"name": account.display_name, "username": account.username},
            link=link("accounts:user", account.pk),
            actions=(action,),
        )


@register("account.locked", label=gettext_lazy("Locked account"), module="accounts:users")
def locked(user: User, now: datetime) -> Iterator[Item]:
    if has_perm(user, Perm.POLICY_MANAGE):  # the security administrator
        yield from _accounts(
            locked_users(user=user), _("%(name)s (%(username)s) is locked"), "unlock"
        )


@register("account.role", label=gettext_lazy("Account without a role"), module="accounts:grants")
def without_role(user: User, now: datetime) -> Iterator[Item]:
    if has_perm(user, Perm.GRANT_MANAGE):
        yield from _accounts(
            accounts_without_role(user=user), _("%(name)s (%(username)s) has no role yet"), "grant"
        )


@register("audit.failures", label=gettext_lazy("Failed and denied actions"), module="audit:list")
def failures(user: User, now: datetime) -> Iterator[Item]:
    since = timezone.localtime(now).date() - timedelta(days=7)
    count = (
        audit_list(user=user, filters={"date_from": since})
        .filter(outcome__in=[Outcome.FAILURE, Outcome.DENIED])
        .count()
    )
    if count:
        yield Item(
            title=_("%(count)s failed or denied actions in the last seven days to review")
            % {"count": count},
            link=link("audit:list") + f"?date_from={since.isoformat()}&outcome=failure",
        )
