"""The organizations of a division's page, served by the organizations app as a fragment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shequ.testing import World

pytestmark = pytest.mark.django_db


def test_fragment_lists_the_organizations_at_the_division(client, world: World):
    org = world.org("community_a_committee")
    client.force_login(world.user("worker_a"))
    page = client.get(reverse("divisions:detail", args=[org.division_id]))
    assert reverse("organizations:in_division", args=[org.division_id]) in page.content.decode()
    fragment = client.get(reverse("organizations:in_division", args=[org.division_id]))
    assert fragment.status_code == 200
    assert org.name in fragment.content.decode()


def test_worker_of_another_community_gets_404(client, world: World):
    org = world.org("community_a_committee")
    client.force_login(world.user("worker_b"))
    answer = client.get(reverse("organizations:in_division", args=[org.division_id]))
    assert answer.status_code == 404
