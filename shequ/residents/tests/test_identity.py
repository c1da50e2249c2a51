from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shequ.core.errors import InvalidInput
from shequ.residents.identity import (
    id_check_char,
    mask_id_number,
    mask_phone,
    normalize_name,
    normalize_phone,
    parse_id_number,
)

pytestmark = pytest.mark.usefixtures("english")


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(["220102", "220103", "110101", "650102"]))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17), born, "M" if seq % 2 else "F"


@given(id_numbers())
def test_every_number_with_its_check_digit_is_valid_and_read_correctly(item):
    number, born, gender = item
    info = parse_id_number(number)
    assert info.birth_date == born and info.gender == gender and info.number == number


@given(id_numbers(), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(item, position, delta):
    number, _born, _gender = item
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidInput) as info:
        parse_id_number(changed)
    assert info.value.code in {"id_checksum", "id_birth_date"}


def test_lower_case_x_and_full_width_characters_are_normalized():
    first17 = "11010519491231002"
    assert id_check_char(first17) == "X"
    assert parse_id_number(first17 + "x").number == first17 + "X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in first17) + "Ｘ"
    assert parse_id_number(full_width).number == first17 + "X"
    assert parse_id_number(f"  {first17}X\u3000").number == first17 + "X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("22010219800101123", "id_length"),
        ("2201021980010112345", "id_length"),
        ("22010219800101123A", "id_format"),
        ("220102198013011230", "id_birth_date"),
        ("220102198002301230", "id_birth_date"),
        ("220102180001011231", "id_birth_date"),
        ("220102198001011235", "id_checksum"),
    ],
)
def test_each_failure_has_its_own_message(value, code):
    with pytest.raises(InvalidInput) as info:
        parse_id_number(value)
    assert info.value.code == code and info.value.field == "id_number"
    assert str(info.value.message)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  张三  ", "张三"),
        ("\u3000李四\u3000", "李四"),
        ("阿卜杜·热合曼", "阿卜杜·热合曼"),
        ("阿卜杜•热合曼", "阿卜杜·热合曼"),
        ("阿卜杜・热合曼", "阿卜杜·热合曼"),
        ("𠮷野家", "𠮷野家"),
        ("王\U00030000", "王\U00030000"),
    ],
)
def test_names_keep_dots_and_rare_characters(raw, clean):
    assert normalize_name(raw) == clean


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "name_empty"),
        ("张3", "name_digits"),
        ("张三\x00", "name_control"),
        ("·张三", "name_dot"),
        ("张" * 51, "name_long"),
    ],
)
def test_bad_names(raw, code):
    with pytest.raises(InvalidInput) as info:
        normalize_name(raw)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0431-88881234", "0431-88881234"),
        ("043188881234", "043188881234"),
        ("010-12345678", "010-12345678"),
    ],
)
def test_phones(raw, clean):
    assert normalize_phone(raw) == clean


@pytest.mark.parametrize("raw", ["12345678901", "1381234567", "88881234", "abc", "0431-0888123"])
def test_bad_phones(raw):
    with pytest.raises(InvalidInput):
        normalize_phone(raw)


def test_masks():
    assert mask_id_number("22010219800101123X") == "220102********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0431-88881234").startswith("0431-") and mask_phone("0431-88881234").endswith(
        "1234"
    )
