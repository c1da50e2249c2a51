"""Loading an extract's population: the research key (kept as it was: pseudonyms do not
change), each community's place ladder, ages on the reference day."""

import base64
import hashlib
from datetime import date

import pytest
from django.conf import settings

from shequ.research.extraction import _ladders, research_key
from shequ.research.kanon import TOP


def test_the_research_key_is_unchanged():
    expected = hashlib.sha256(f"shequ-research-key:{settings.SECRET_KEY}".encode()).digest()
    assert research_key() == expected


def test_the_research_key_setting_wins(settings):
    key = bytes(range(32))
    settings.SHEQU_RESEARCH_KEY = base64.b64encode(key).decode()
    assert research_key() == key


@pytest.mark.django_db
def test_a_community_climbs_to_its_street_and_district(world):
    ladders = _ladders(world.division("community_a").prefix)
    assert ladders[world.division("community_a").code] == (
        world.division("community_a").name,
        world.division("ziqiang").name,
        world.division("nanguan").name,
        TOP,
    )
    assert world.division("ziqiang").code not in ladders  # residents live in communities


@pytest.mark.django_db
def test_ages_are_taken_on_the_reference_day(world):
    from shequ.research.extraction import load_population
    from shequ.residents.models import Resident, age_on

    today = date.today()
    subjects = load_population(
        population="residents", division=world.division("ziqiang"), start=None, end=None
    )
    born = dict(Resident.objects.values_list("pk", "birth_date"))
    assert subjects and all(s.age == age_on(born[s.key], today) for s in subjects)
