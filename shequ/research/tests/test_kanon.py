"""Every extract produced from a random population satisfies k-anonymity on its
quasi-identifiers and contains no direct identifier (property tests on the pure modules)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.research.extraction import FIELDS, QUASI, Subject, pseudonym, quasi_of, run
from shequ.research.kanon import TOP, anonymize, is_k_anonymous

COMMUNITIES = [
    ("东岭社区", "自强街道", "南关区", TOP),
    ("西岭社区", "自强街道", "南关区", TOP),
    ("长山社区", "团山街道", "南关区", TOP),
    ("新发社区", "新发街道", "宽城区", TOP),
]
NAME_CHARS = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗丽芳娜敏静强磊军洋勇艳杰娟涛明超秀英桂兰"


@st.composite
def subjects(draw):
    n = draw(st.integers(min_value=0, max_value=80))
    people = []
    for key in range(1, n + 1):
        people.append(
            Subject(
                key=key,
                age=draw(st.one_of(st.none(), st.integers(0, 105))),
                gender=draw(st.sampled_from(["M", "F"])),
                community=draw(st.sampled_from(COMMUNITIES)),
                ethnicity=draw(st.sampled_from(["汉族", "汉族", "满族", "朝鲜族", ""])),
                first_month=draw(st.sampled_from(["", "2025-11", "2026-01", "2026-02", "2026-07"])),
                special_groups=tuple(draw(st.sets(st.sampled_from(["低保", "独居老人"])))),
                person_times=draw(st.integers(0, 30)),
                methods=("case",),
                name=draw(st.text(alphabet=NAME_CHARS, min_size=2, max_size=3)),
                id_number=f"2201021{draw(st.integers(10**9, 10**10 - 1))}{key % 10}",
                phone=f"13{draw(st.integers(10**8, 10**9 - 1))}",
                address=f"自强街道{key}号楼",
            )
        )
    return people


fields_strategy = st.lists(st.sampled_from(list(FIELDS)), min_size=1, unique=True)


@given(
    population=subjects(),
    fields=fields_strategy,
    k=st.integers(min_value=5, max_value=12),
    max_suppressed=st.sampled_from([0.0, 0.05, 0.2]),
)
@settings(max_examples=200, deadline=None)
def test_every_extract_is_k_anonymous_and_holds_no_direct_identifier(
    population, fields, k, max_suppressed
):
    result = run(
        population, fields, k=k, project_id=7, key=b"k" * 32, max_suppressed=max_suppressed
    )
    quasi = quasi_of(fields)
    assert is_k_anonymous(result.rows, quasi, k)
    assert len(result.rows) + result.suppressed == len(population)
    released = {str(v) for row in result.rows for v in row.values()}
    text = "|".join(released)
    for person in population:
        for identifier in (person.name, person.id_number, person.phone, person.address):
            assert identifier not in released and identifier not in text
    for row in result.rows:
        assert set(row) == {"pseudonym", *fields}
        assert row["pseudonym"].startswith("R") and len(row["pseudonym"]) == 16
    if len(population) < k:
        assert result.rows == []


def test_pseudonyms_are_stable_within_a_project_and_differ_between_projects():
    key = b"s" * 32
    assert pseudonym(key, 1, 42) == pseudonym(key, 1, 42)
    assert pseudonym(key, 1, 42) != pseudonym(key, 2, 42)
    assert pseudonym(key, 1, 42) != pseudonym(b"t" * 32, 1, 42)
    assert "42" not in pseudonym(key, 1, 42)[1:4]


def test_generalizes_as_little_as_it_can():
    rows = [{"age": ("30-34", "30-39", "20-39", TOP), "x": i} for i in range(5)] + [
        {"age": ("35-39", "30-39", "20-39", TOP), "x": i} for i in range(5)
    ]
    result = anonymize(rows, quasi=["age"], k=5)
    assert result.levels == {"age": 0} and result.suppressed == 0
    result = anonymize(rows, quasi=["age"], k=6)
    assert result.levels == {"age": 1} and {r["age"] for r in result.rows} == {"30-39"}


def test_an_outlier_is_suppressed_rather_than_everyone_generalized():
    rows = [{"g": ("F", TOP)} for _ in range(40)] + [{"g": ("M", TOP)}]
    result = anonymize(rows, quasi=["g"], k=5, max_suppressed=0.05)
    assert result.levels == {"g": 0} and result.suppressed == 1 and len(result.rows) == 40
    result = anonymize(rows, quasi=["g"], k=5, max_suppressed=0.0)
    assert result.levels == {"g": 1} and result.suppressed == 0


def test_k_below_five_is_refused():
    with pytest.raises(ValueError):
        anonymize([], quasi=[], k=4)


def test_only_offered_fields_exist_and_none_is_a_direct_identifier_or_protection():
    assert not {"name", "id_number", "phone", "address", "birth_date"} & set(FIELDS)
    assert not [f for f in FIELDS if "protect" in f or "risk" in f or "report" in f]
    assert {f for f, (_l, kind, _p) in FIELDS.items() if kind == QUASI} == {
        "age",
        "gender",
        "community",
        "ethnicity",
        "first_month",
    }
