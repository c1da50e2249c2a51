"""Sign-in throttling without enumeration and without locking anyone out for good (issue 15,
point 6).

Failures are counted on three keys at once, whether or not the account exists:

- the account and the client address together (`pair`): one guesser at one account;
- the client address (`address`): one machine spraying many accounts;
- the account from every address (`account`): many machines guessing one account.

A key whose failures reach its threshold is blocked for a delay that doubles with each further
failure, up to a cap: `pair` from the policy's lockout minutes up to 24 hours, `address` and
`account` from the lockout minutes up to one hour. The account-wide block does not apply from
an address the account signed in from successfully in the last 30 days (`known`), so an
attacker elsewhere cannot keep the security administrator out of their own workstation; and
every block ends by itself. Blocks and their ends are audited (`login.lock`, `login.unlock`);
the security administrator ends them early with `user_unlock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from shequ.accounts.models import LoginThrottle, SecurityPolicy, User
from shequ.audit.models import Outcome
from shequ.audit.services import audit_record

Kind = LoginThrottle.Kind
KNOWN_FOR = timedelta(days=30)
FORGET_AFTER = timedelta(hours=24)  # a key with no failure for this long starts again at 0


@dataclass(frozen=True)
class Rule:
    threshold: int
    first: timedelta
    cap: timedelta

    def delay(self, failures: int) -> timedelta | None:
        if failures < self.threshold:
            return None
        steps = min(failures - self.threshold, 16)
        return min(self.first * (2**steps), self.cap)


def rules(policy: SecurityPolicy) -> dict[str, Rule]:
    first = timedelta(minutes=policy.lockout_minutes)
    threshold = policy.lockout_threshold
    return {
        Kind.PAIR: Rule(threshold, first, timedelta(hours=24)),
        Kind.ACCOUNT: Rule(threshold * 2, first, max(first, timedelta(hours=1))),
        # many people may share one address (an office behind NAT): a high threshold
        Kind.ADDRESS: Rule(threshold * 10, first, max(first, timedelta(hours=1))),
    }


def _keys(username: str, address: str) -> dict[str, tuple[str, str]]:
    return {
        Kind.PAIR: (username, address),
        Kind.ACCOUNT: (username, ""),
        Kind.ADDRESS: ("", address),
    }


def normalize(username: str) -> str:
    return (username or "").strip().lower()[:150]


def is_known(username: str, address: str, now: datetime) -> bool:
    return LoginThrottle.objects.filter(
        kind=Kind.KNOWN, username=username, address=address, last_at__gt=now - KNOWN_FOR
    ).exists()


def blocked(username: str, address: str, now: datetime) -> list[str]:
    """The kinds of key that refuse this attempt now (an empty list lets it through).
    Blocks that ran out are ended here, and audited."""
    username = normalize(username)
    q = Q()
    for kind, (user_key, address_key) in _keys(username, address).items():
        q |= Q(kind=kind, username=user_key, address=address_key)
    kinds = []
    for row in LoginThrottle.objects.filter(q, blocked_until__isnull=False):
        if row.blocked_until and row.blocked_until > now:
            if row.kind == Kind.ACCOUNT and is_known(username, address, now):
                continue
            kinds.append(row.kind)
        else:
            _end(row, reason="expired")
    return sorted(kinds)


def _end(row: LoginThrottle, *, reason: str, by: User | None = None) -> None:
    """End a block. One that ran out keeps its count, so that the next failure doubles the
    delay (progressive); an unlock by the security administrator starts again at 0."""
    changes: dict[str, object] = {"blocked_until": None}
    if reason != "expired":
        changes["failures"] = 0
    with transaction.atomic():
        if LoginThrottle.objects.filter(pk=row.pk, blocked_until__isnull=False).update(**changes):
            audit_record(
                actor=by,
                action="login.unlock",
                username=row.username,
                detail={"scope": row.kind, "address": row.address, "reason": reason},
            )


def register_failure(username: str, address: str, now: datetime) -> list[str]:
    """Count a failure on every key; returns the kinds that became blocked by it (audited)."""
    username = normalize(username)
    newly = []
    policy_rules = rules(SecurityPolicy.current())
    with transaction.atomic():
        for kind, (user_key, address_key) in _keys(username, address).items():
            row, _ = LoginThrottle.objects.get_or_create(
                kind=kind, username=user_key, address=address_key
            )
            if now - row.last_at > FORGET_AFTER:
                LoginThrottle.objects.filter(pk=row.pk).update(failures=0)
            LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_at=now)
            row.refresh_from_db(fields=["failures"])
            delay = policy_rules[kind].delay(row.failures)
            if delay is not None:
                until = now + delay
                LoginThrottle.objects.filter(pk=row.pk).update(blocked_until=until)
                newly.append(kind)
                audit_record(
                    actor=None,
                    action="login.lock",
                    outcome=Outcome.DENIED,
                    username=user_key,
                    detail={
                        "scope": kind,
                        "address": address_key,
                        "failures": row.failures,
                        "until": until.isoformat(),
                    },
                )
    return newly


def register_success(username: str, address: str, now: datetime) -> None:
    """A success clears this address's failures for the account and marks the address known.
    The account-wide count is left to run out, so that a botnet's guesses keep counting."""
    username = normalize(username)
    LoginThrottle.objects.filter(kind=Kind.PAIR, username=username, address=address).delete()
    LoginThrottle.objects.update_or_create(
        kind=Kind.KNOWN, username=username, address=address, defaults={"last_at": now}
    )


def clear_account(username: str, *, by: User) -> None:
    """End every block of the account (the security administrator's unlock), audited."""
    username = normalize(username)
    rows = LoginThrottle.objects.filter(
        kind__in=[Kind.PAIR, Kind.ACCOUNT], username=username, blocked_until__isnull=False
    )
    for row in rows:
        _end(row, reason="unlocked", by=by)
    LoginThrottle.objects.filter(kind__in=[Kind.PAIR, Kind.ACCOUNT], username=username).update(
        failures=0
    )


def blocked_usernames(now: datetime | None = None) -> set[str]:
    """Accounts blocked account-wide now (for the security administrator's list)."""
    return set(
        LoginThrottle.objects.filter(
            kind=Kind.ACCOUNT, blocked_until__gt=now or timezone.now()
        ).values_list("username", flat=True)
    )


def forget_stale(now: datetime | None = None) -> int:
    """Delete counts with no failure for 30 days and no block running, and addresses not
    signed in from for 30 days (`manage.py forget_login_throttles`, from cron): the table holds
    a row for every name tried, existing or not, and must not grow for ever."""
    now = now or timezone.now()
    stale = Q(last_at__lt=now - KNOWN_FOR) & (
        Q(blocked_until__isnull=True) | Q(blocked_until__lt=now)
    )
    deleted, _ = LoginThrottle.objects.filter(stale).delete()
    return deleted
