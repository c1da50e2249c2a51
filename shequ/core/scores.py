"""A score given on one dimension of a rubric kept as data (a project evaluation's dimensions,
a community organization's capacity dimensions): a number from 0 to the dimension's highest
score, to one decimal, or a message next to the dimension's field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from shequ.core.errors import InvalidInput
from shequ.core.numbers import to_decimal


def rubric_score(value: Any, dimension: Any) -> Decimal:
    """`dimension` has `code`, `display_name` and `max_score`; the form field is
    `score_<code>`."""
    field = f"score_{dimension.code}"
    score = to_decimal(
        value,
        field=field,
        message=_("Give a score for %(dimension)s.") % {"dimension": dimension.display_name},
        code="score",
    )
    if not Decimal("0") <= score <= dimension.max_score:
        raise InvalidInput(
            _("The score for %(dimension)s is between 0 and %(max)s.")
            % {"dimension": dimension.display_name, "max": dimension.max_score},
            field=field,
            code="score_range",
        )
    if score != score.quantize(Decimal("0.1")):
        raise InvalidInput(
            _("Scores have at most one decimal."), field=field, code="score_decimals"
        )
    return score
