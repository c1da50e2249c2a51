"""No identifiers in URLs (issue 15, point 11): the residents' search is posted, on the page
and in the API, and answers like the list."""

from __future__ import annotations

import pytest
from django.test import Client

from shequ.residents.models import Resident

pytestmark = pytest.mark.django_db

A = "220102001001"


def _identifier_key(resident: Resident) -> str:
    """An exact-identifier search key of the resident (its phone or ID number digits)."""
    from shequ.accounts.models import User
    from shequ.residents.services import resident_identifiers

    values = resident_identifiers(by=User.objects.get(username="worker_a"), resident=resident)
    return values["phone"] or values["id_number"]


def _resident_with_phone() -> Resident:
    for resident in Resident.objects.filter(division_id=A).order_by("pk"):
        if _identifier_key(resident):
            return resident
    raise AssertionError("the demo world has a resident with a phone in community A")


def test_post_search_finds_by_phone_and_answers_like_the_list(api_as):
    resident = _resident_with_phone()
    phone = _identifier_key(resident)
    status, body = api_as("worker_a").post("residents/search", {"q": phone})
    assert status == 200
    assert [item["id"] for item in body["items"]] == [resident.pk]
    assert set(body) == {"count", "count_exact", "limit", "offset", "items", "next"}
    # the same filters, the same answer as GET /residents
    _s, listed = api_as("worker_a").get("residents", {"community": A, "limit": 5, "offset": 2})
    _s, searched = api_as("worker_a").post(
        "residents/search", {"community": A, "limit": 5, "offset": 2}
    )
    assert listed == searched


def test_post_search_is_limited_to_reach(api_as):
    resident = _resident_with_phone()
    status, body = api_as("worker_b").post("residents/search", {"q": _identifier_key(resident)})
    assert status == 200 and body["count"] == 0


def test_post_search_of_another_community_household_finds_nothing(api_as):
    """A worker of another community gets nothing for a household outside its reach."""
    resident = Resident.objects.filter(division_id=A, household__isnull=False).earliest("pk")
    status, body = api_as("worker_b").post("residents/search", {"household": resident.household_id})
    assert status == 200 and body["count"] == 0


def test_get_refuses_an_identifier_in_the_url(api_as):
    status, body = api_as("worker_a").get("residents", {"q": "13800138000"})
    assert status == 400
    assert body["code"] == "identifier_in_url"


def test_post_search_without_a_token_is_401():
    response = Client().post("/api/v1/residents/search", data="{}", content_type="application/json")
    assert response.status_code == 401


def test_the_page_posts_its_search_and_keeps_it_out_of_the_url(client_as):
    resident = _resident_with_phone()
    phone = _identifier_key(resident)
    client = client_as("worker_a")
    page = client.get("/residents/").content.decode()
    assert 'method="post"' in page and 'hx-post="/residents/"' in page
    assert "hx-push-url" not in page
    response = client.post("/residents/", {"q": phone})
    assert response.status_code == 302
    location = response["Location"]
    assert phone not in location and "?s=" in location
    html = client.get(location).content.decode()
    assert resident.name in html
    assert html.count('data-testid="residents"') == 1
    # search as you type (htmx): the fragment, the address replaced by the opaque key
    fragment = client.post("/residents/", {"q": phone}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert resident.name in fragment.content.decode()
    assert phone not in fragment["HX-Replace-Url"]
    assert phone not in fragment.content.decode().split('data-testid="residents"')[0]
    # a key is the caller's own: another session does not see the search
    other = client_as("worker_a").get(location).content.decode()
    assert other.count("<tr>") > 2  # the unfiltered list


def test_a_q_in_the_page_url_is_ignored(client_as):
    resident = _resident_with_phone()
    html = client_as("worker_a").get("/residents/", {"q": _identifier_key(resident)})
    assert f'value="{_identifier_key(resident)}"' not in html.content.decode()
