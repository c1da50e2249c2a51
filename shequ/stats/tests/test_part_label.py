"""A drill-down into one cell is headed by words (性别：女), not by the cell's address."""

from __future__ import annotations

import re

import pytest

from shequ.figures.registry import FIGURES

pytestmark = pytest.mark.django_db


def test_the_cell_of_a_drill_down_is_named_in_words(client_as, world):
    figure = FIGURES["people_served"]
    page = client_as("worker_a").get(
        "/stats/records/people_served/",
        {
            "division": world.division("community_a").code,
            "period": "2026",
            "part": "method:activity",
        },
    )
    assert page.status_code == 200
    heading = re.search(r'data-testid="records-part">([^<]*)<', page.content.decode())
    assert heading is not None
    assert str(figure.breakdowns["method"].label) in heading.group(1)
    assert "method" not in heading.group(1) and "activity" not in heading.group(1)
