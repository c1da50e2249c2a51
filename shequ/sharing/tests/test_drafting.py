"""The places a draft generalizes and the division a project's draft belongs to: read in a
fixed number of queries, from the division's district (or every district of a city)."""

import pytest

from shequ.core.testing import captured_sql
from shequ.sharing.deidentify import Place
from shequ.sharing.drafting import places_for, smallest_division_of

pytestmark = pytest.mark.django_db


def test_the_smallest_division_holding_communities(world):
    code = {key: world.division(key).code for key in ("community_a", "community_b")}
    changshan, xinfa = world.division("changshan").code, world.division("xinfa").code
    street, district, city = (world.division(k) for k in ("ziqiang", "nanguan", "city"))
    for other, expected in ((code["community_b"], street), (changshan, district), (xinfa, city)):
        codes = [code["community_a"], other]

        def find(codes: list[str] = codes) -> object:
            return smallest_division_of(codes)

        assert len(captured_sql(find)) == 1
        assert smallest_division_of(codes) == expected
    assert smallest_division_of([code["community_a"]]) == world.division("community_a")
    assert smallest_division_of([]) is None


def test_places_of_a_district_and_of_a_city(world, settings):
    """Every community is small under a high threshold: named by its district. A community's
    places are its district's; a city's are those of each of its districts, in two queries."""
    settings.SHEQU_SMALL_COMMUNITY_RESIDENTS = 10**9
    nanguan, kuancheng = world.division("nanguan"), world.division("kuancheng")
    dongling, xinfa = world.division("community_a"), world.division("xinfa")
    city, ziqiang = world.division("city"), world.division("ziqiang")
    assert len(captured_sql(lambda: places_for(dongling))) == 2
    of_community = places_for(dongling)
    assert of_community == places_for(nanguan)
    assert Place(dongling.name, f"{nanguan.name}某社区") in of_community
    assert Place(ziqiang.name, f"{nanguan.name}某街道") in of_community
    assert not any(p.name == xinfa.name for p in of_community)

    assert len(captured_sql(lambda: places_for(city))) == 2
    of_city = places_for(city)
    assert Place(dongling.name, f"{nanguan.name}某社区") in of_city
    assert Place(xinfa.name, f"{kuancheng.name}某社区") in of_city
    assert set(of_community) <= set(of_city)


def test_a_large_community_keeps_its_name(world, settings):
    """With a threshold of one resident, only the empty communities are generalized."""
    settings.SHEQU_SMALL_COMMUNITY_RESIDENTS = 1
    dongling = world.division("community_a")
    places = places_for(dongling)
    assert places and not any(p.name in dongling.name for p in places)
