"""Large lists: counts exact up to a bound and estimated above it; pages that follow the last
row seen (issue 21, point 2)."""

import pytest

from shequ.core import counting
from shequ.core.errors import InvalidInput
from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db


def test_small_counts_are_exact_and_large_ones_say_so(world, monkeypatch):
    qs = Resident.objects.filter(merged_into__isnull=True)
    total = qs.count()
    assert total > 3
    assert counting.bounded_count(qs) == counting.Tally(total, True)
    monkeypatch.setattr(counting, "EXACT_UP_TO", 2)
    tally = counting.bounded_count(qs)
    from django.db import connection

    if connection.vendor == "postgresql":  # the planner's estimate, marked as such
        assert tally.exact is False and tally.value >= 3
        # a search: "more than the bound", never the planner's guess
        assert counting.bounded_count(qs, estimate=False) == counting.Tally(3, False)
    else:  # SQLite, at a laptop's scale, counts exactly
        assert tally == counting.Tally(total, True)


def test_following_pages_by_the_last_row_visits_every_row_once(api_as):
    client = api_as("district")
    status, whole = client.get("residents", {"limit": 200})
    assert status == 200 and whole["count_exact"] is True
    names = [r["id"] for r in whole["items"]]
    seen, after = [], ""
    for _ in range(len(names)):
        status, page = client.get("residents", {"limit": 2, "after": after})
        assert status == 200
        seen += [r["id"] for r in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == names


def test_a_broken_page_link_is_a_clear_400(api_as):
    status, body = api_as("worker_a").get("residents", {"after": "not-a-cursor!"})
    assert status == 400 and body["code"] == "bad_cursor" and body["field"] == "after"
    with pytest.raises(InvalidInput):
        counting.decode_cursor(counting.encode_cursor(["a"]), 2)
