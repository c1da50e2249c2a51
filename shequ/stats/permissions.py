"""Who may see the figures of a division and ask for its report: the rule, written once.

Which figures of a dashboard the user sees, and the records behind them, is each figure's own
permission (`dashboard.may_see`, `dashboard.may_drill`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shequ.access.perms import Perm
from shequ.access.rule import covers

if TYPE_CHECKING:
    from shequ.access.rule import Actor

VIEW = Perm.STATS_VIEW


def may_view_stats(user: Actor, division_code: str) -> bool:
    """The statistics (and the impact report) of this division: stats.view over it."""
    return covers(user, VIEW, division_code)
