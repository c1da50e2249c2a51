"""Numbers formatted for people: hours with at most two decimals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from shequ.core.numbers import hours_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3.80000000000000"), "3.8"),
        (3.8000000000000003, "3.8"),
        (Decimal("2.25"), "2.25"),
        (Decimal("4.0"), "4"),
        (Decimal("0"), "0"),
        (Decimal("1.005"), "1.01"),
        (None, ""),
    ],
)
def test_hours_text(value, text):
    assert hours_text(value) == text


@pytest.mark.django_db
def test_the_volunteer_home_shows_confirmed_hours_for_people(client_as):
    page = client_as("volunteer").get("/volunteers/").content.decode()
    shown = re.search(r'data-testid="my-hours">([^<]*)<', page)
    assert shown is not None
    assert re.fullmatch(r"\d+(\.\d{1,2})?", shown.group(1).strip()), shown.group(1)
