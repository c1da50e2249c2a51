"""What the case-study library adds to the impact report: its notable cases."""

from __future__ import annotations

from shequ.figures.registry import ReportRows, Scope, register_report_rows
from shequ.sharing.selectors import library


def _cases(scope: Scope) -> list[list[str]]:
    """Up to five case studies of the division published by the end of the period, as the
    requester's library shows them."""
    studies = library(user=scope.user).filter(
        division__code__startswith=scope.prefix, published_at__date__lte=scope.period.end
    )[:5]
    return [[s.title, s.summary or s.body[:120]] for s in studies]


register_report_rows(ReportRows("cases", _cases))
