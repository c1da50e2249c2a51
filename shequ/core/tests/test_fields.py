"""Numbers, dates and ID numbers typed by meaning (core/fields.py), and the one way a form is
drawn (core/rendering.py): every problem of a submit at once, next to its field and in a
summary at the top; required fields starred."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from shequ.core.errors import InvalidInput
from shequ.core.fields import (
    HeadcountField,
    IdNumberField,
    MoneyField,
    PercentField,
    RecordDateField,
    parse_count,
    parse_headcount,
    parse_hours,
    parse_money,
    parse_percent,
)
from shequ.core.idnumber import id_check_char

GOOD_ID = "11010519491231002" + id_check_char("11010519491231002")
WRONG_DIGIT = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")


@pytest.mark.parametrize(
    ("reader", "value", "expected"),
    [
        (parse_money, "1,200.5", Decimal("1200.50")),
        (parse_money, " 12 ", Decimal("12.00")),
        (parse_headcount, "50", 50),
        (parse_headcount, "0", 0),
        (parse_count, "8", 8),
        (parse_hours, "2.5", Decimal("2.50")),
        (parse_percent, "92.5%", Decimal("92.50")),
        (parse_percent, "100", Decimal("100.00")),
    ],
)
def test_each_kind_reads_what_people_type(reader, value, expected):
    assert reader(value) == expected


@pytest.mark.parametrize(
    ("reader", "value", "message"),
    [
        (parse_money, "abc", "Enter an amount in yuan, such as 12.50."),
        (parse_money, "12.345", "An amount in yuan has at most two decimals (fen)."),
        (parse_money, "-1", "The amount cannot be negative."),
        (parse_headcount, "2.5", "A number of people is a whole number, 0 or more."),
        (parse_headcount, "-3", "A number of people is a whole number, 0 or more."),
        (parse_headcount, "十", "A number of people is a whole number, 0 or more."),
        (parse_count, "1.5", "A count is a whole number, 0 or more."),
        (parse_percent, "120", "Enter a percentage from 0 to 100, such as 85 or 92.5."),
        (parse_hours, "-1", "Enter hours as a number, 0 or more, such as 2 or 2.5."),
    ],
)
def test_each_kind_has_its_own_message(reader, value, message):
    with translation.override("en"), pytest.raises(InvalidInput) as info:
        reader(value, field="x")
    assert str(info.value.message) == message and info.value.field == "x"


def test_a_headcount_is_not_called_an_amount_in_chinese():
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as info:
        parse_headcount("2.5")
    assert str(info.value.message) == "人数须为非负整数。"
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as info:
        parse_money("abc")
    assert str(info.value.message) == "请输入金额，如 12.50。"


class ThreeMistakes(forms.Form):
    amount = MoneyField(label="Amount")
    people = HeadcountField(label="People")
    rate = PercentField(label="Rate", required=False)
    born = IdNumberField(label="ID", birth_field="on", gender_field="g", required=False)
    on = RecordDateField(label="On")


def test_the_form_fields_report_every_problem_of_one_submit():
    with translation.override("en"):
        form = ThreeMistakes(
            {"amount": "12.345", "people": "2.5", "rate": "101", "born": WRONG_DIGIT, "on": "x"}
        )
        assert not form.is_valid()
        assert set(form.errors) == {"amount", "people", "rate", "born", "on"}
        assert form.errors["born"] == [
            "The check digit of this ID number is wrong: please check every digit."
        ]
        assert form.errors["on"] == ["Enter a date such as 2026-12-07."]
        good = ThreeMistakes({"amount": "12.5", "people": "3", "born": f" {GOOD_ID} ", "on": ""})
        assert not good.is_valid() and list(good.errors) == ["on"]
        good = ThreeMistakes({"amount": "12.5", "people": "3", "born": GOOD_ID, "on": "2026-01-02"})
        assert good.is_valid()
        assert good.cleaned_data["amount"] == Decimal("12.50")
        assert good.cleaned_data["people"] == 3 and good.cleaned_data["rate"] is None
        assert good.cleaned_data["born"] == GOOD_ID


def test_an_id_number_is_read_in_full_width_and_lower_case():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in GOOD_ID)
    form = ThreeMistakes(
        {"amount": "1", "people": "1", "born": full_width.lower(), "on": "2026-01-02"}
    )
    assert form.is_valid() and form.cleaned_data["born"] == GOOD_ID


def test_a_date_of_record_starts_at_today_and_the_id_input_names_what_it_fills():
    form = ThreeMistakes()
    assert form["on"].value() == date.today()
    assert f'value="{date.today():%Y-%m-%d}"' in str(form["on"]) and 'type="date"' in str(
        form["on"]
    )
    widget = str(form["born"])
    assert "data-id-number" in widget
    assert 'data-birth-field="id_on"' in widget and 'data-gender-field="id_g"' in widget
    assert "data-msg-checksum" in widget


def test_the_rendering_summarizes_marks_and_links_every_problem():
    with translation.override("en"):
        form = ThreeMistakes({"amount": "abc", "people": "-1", "rate": "", "born": "", "on": ""})
        form.is_valid()
        html = str(form)
    assert 'data-testid="error-summary"' in html and "Please correct these problems (3):" in html
    for anchor in ("#id_amount", "#id_people", "#id_on"):
        assert f'href="{anchor}"' in html
    # next to the field, and named by the input for a screen reader
    assert 'id="id_amount_error"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_amount_error"' in html
    assert html.count('class="req"') == 3 + 1  # three required fields and the legend
    assert "marks a required field" in html


def test_a_valid_form_has_no_summary():
    html = str(ThreeMistakes())
    assert "error-summary" not in html and "aria-invalid" not in html
