import pytest
from hypothesis import given
from hypothesis import strategies as st

from shequ.access.codes import (
    InvalidCode,
    Level,
    expand_code,
    level_of,
    minimal_prefixes,
    parent_code,
    prefix_of,
)

nonzero2 = st.integers(1, 99).map(lambda n: f"{n:02d}")
nonzero3 = st.integers(1, 999).map(lambda n: f"{n:03d}")


@st.composite
def codes(draw):
    """A well-formed code of any level."""
    level = draw(st.sampled_from(list(Level)))
    parts = [draw(nonzero2)]
    if level >= Level.CITY:
        parts.append(draw(nonzero2))
    if level >= Level.DISTRICT:
        parts.append(draw(nonzero2))
    if level >= Level.STREET:
        parts.append(draw(nonzero3))
    if level >= Level.COMMUNITY:
        parts.append(draw(nonzero3))
    return "".join(parts).ljust(12, "0"), level


@given(codes())
def test_level_follows_from_the_code(item):
    code, level = item
    assert level_of(code) == level


@given(codes())
def test_parent_is_one_level_up_and_its_prefix_covers_the_child(item):
    code, level = item
    parent = parent_code(code)
    if level == Level.PROVINCE:
        assert parent is None
        return
    assert parent is not None
    assert level_of(parent) == level - 1
    assert code.startswith(prefix_of(parent))


@given(codes())
def test_prefix_expands_back_to_the_code(item):
    code, _level = item
    assert expand_code(prefix_of(code)) == code
    assert expand_code(code) == code


@given(st.text(max_size=14))
def test_anything_that_is_not_twelve_digits_is_rejected(text):
    if len(text) == 12 and text.isascii() and text.isdigit():
        return
    with pytest.raises(InvalidCode):
        level_of(text)


@pytest.mark.parametrize(
    "code",
    [
        "000000000000",  # no province
        "220001000000",  # a county under a missing city part
        "220100001000",  # a street directly under a city
        "220102000001",  # a community with no street
        "22010200100",  # 11 digits
        "2201020010011",  # 13 digits
        "22010200100A",
    ],
)
def test_malformed_codes(code):
    with pytest.raises(InvalidCode):
        level_of(code)


def test_real_changchun_codes():
    assert level_of("220000000000") == Level.PROVINCE
    assert level_of("220100000000") == Level.CITY
    assert level_of("220102000000") == Level.DISTRICT
    assert level_of("220102001000") == Level.STREET
    assert level_of("220102001001") == Level.COMMUNITY
    assert prefix_of("220102001000") == "220102001"


def test_minimal_prefixes_drop_what_a_wider_prefix_covers():
    assert minimal_prefixes(["220102001", "220102", "220103001001"]) == ["220102", "220103001001"]
    assert minimal_prefixes([]) == []
