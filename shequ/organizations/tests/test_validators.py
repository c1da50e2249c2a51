import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from shequ.organizations.validators import normalize_uscc, validate_uscc

VALID = "52220102MJ00000114"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_valid_code_passes():
    assert validate_uscc(VALID) == VALID


def test_lower_case_and_full_width_are_normalized():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in VALID)
    assert normalize_uscc(full_width) == VALID
    assert validate_uscc(" " + VALID.lower() + "\u3000") == VALID


def test_wrong_check_character():
    with pytest.raises(ValidationError) as info:
        validate_uscc(VALID[:-1] + ("5" if VALID[-1] != "5" else "6"))
    assert info.value.code == "uscc_checksum"


@pytest.mark.parametrize("value", ["", "5222010", VALID + "1"])
def test_wrong_length(value):
    with pytest.raises(ValidationError) as info:
        validate_uscc(value)
    assert info.value.code == "uscc_length"


bases = st.builds(
    lambda head, tail: head + tail,
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


@given(bases)
def test_any_code_with_its_computed_check_character_validates(base):
    code = base + uscc.calc_check_digit(base)
    assert validate_uscc(code) == code
    wrong = ALPHABET[(ALPHABET.index(code[-1]) + 1) % len(ALPHABET)]
    with pytest.raises(ValidationError):
        validate_uscc(base + wrong)
