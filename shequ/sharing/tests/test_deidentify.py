"""The de-identified draft contains none of the source's names, ID numbers or phones: on the
demo data, and for generated names, ID numbers and phones embedded in text."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.core import crypto
from shequ.residents.identity import id_check_char
from shequ.sharing.deidentify import ID_TOKEN, PHONE_TOKEN, Person, Place, deidentify, leaks
from shequ.sharing.drafting import material_for
from shequ.sharing.models import CaseStudy, SourceKind


def test_familiar_forms_dates_numbers_and_places_are_replaced():
    text = (
        "2026年3月5日，社工孟莎莎入户探访王秀英（身份证 220102195503041234，电话 138-1234-5678），"
        "王奶奶说女儿李娜住在人民大街100号，座机0431-85012345。3月8日秀英参加东岭社区活动。"
    )
    result = deidentify(
        text,
        people=[
            Person("王秀英", "client", "220102195503041234", "13812345678"),
            Person("李娜", "family"),
            Person("孟莎莎", "staff"),
        ],
        places=[Place("东岭社区", "自强街道某社区")],
    )
    out = result.text
    for gone in (
        "王秀英",
        "秀英",
        "王奶奶",
        "李娜",
        "孟莎莎",
        "1234",
        "5678",
        "人民大街",
        "东岭",
        "5日",
    ):
        assert gone not in out
    assert "案主A" in out and "家属A" in out and "社工A" in out
    assert "2026年3月" in out and "某月" in out and "自强街道某社区" in out
    assert result.counts["name"] == 5 and result.counts["date"] == 2
    assert (
        leaks(out, people=[Person("王秀英", "client", "220102195503041234", "13812345678")]) == []
    )


def test_leaks_names_what_a_text_still_holds():
    people = [Person("阿卜杜·热合曼", "client", phone="13900001111")]
    assert leaks("来访者阿卜杜·热合曼，电话13900001111", people=people) == ["name", "phone"]
    assert leaks("来访者案主A", people=people) == []


@pytest.mark.django_db
def test_the_demo_drafts_name_nobody_of_their_source(world):
    """Every demo case study (a case, a group): no name, ID number or phone of the source."""
    studies = list(CaseStudy.objects.all())
    assert {s.source_kind for s in studies} >= {SourceKind.CASE, SourceKind.GROUP}
    for study in studies:
        people = material_for(study.source_kind, study.source).people
        assert people
        text = study.title + study.summary + study.body
        for person in people:
            assert person.name not in text
            if person.id_number:
                assert person.id_number not in text
            if person.phone:
                assert person.phone not in text
        assert "【" in study.body or study.deidentified.get("name")
    # the case's notes really did hold the client's name and phone (the test can fail)
    case = CaseStudy.objects.get(status="draft", source_kind="case").case
    notes = " ".join(i.notes for i in case.interventions.all())
    assert case.client.name in notes and crypto.decrypt(case.client.phone_cipher) in notes


# ------------------------------------------------------------------ generated identifiers

# Name characters chosen apart from the placeholders' (案主成员家属社工督导某已隐去号码电话身份证地址)
# and from the filler, so that a name cannot appear by chance around a replacement.
NAME_CHARS = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗丽芳娜敏静强磊军洋勇艳杰娟涛明超秀英桂兰建华玉志国庆子涵欣怡浩然梓轩"
FILLER = st.text(alphabet="今天下午来访情况良好表示感谢并约定时间再次见面。，", max_size=12)

names = st.text(alphabet=NAME_CHARS, min_size=2, max_size=4)


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(["220102", "110105", "440305", "650102"]))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)))
    serial = draw(st.integers(min_value=0, max_value=999))
    first17 = f"{region}{born:%Y%m%d}{serial:03d}"
    return first17 + id_check_char(first17)


mobiles = st.builds(
    lambda p, n: f"1{p}{n:09d}", st.sampled_from("3456789"), st.integers(0, 999_999_999)
)
landlines = st.builds(
    lambda area, n: f"{area}-{n}",
    st.sampled_from(["0431", "010", "021", "0898"]),
    st.integers(2_000_000, 99_999_999),
)


@given(
    people=st.lists(
        st.tuples(names, id_numbers(), st.one_of(mobiles, landlines)), min_size=1, max_size=5
    ),
    fillers=st.lists(FILLER, min_size=6, max_size=6),
    role=st.sampled_from(["client", "member", "family", "staff"]),
)
@settings(max_examples=150, deadline=None)
def test_generated_names_ids_and_phones_never_survive(people, fillers, role):
    persons = [Person(name, role, id_number, phone) for name, id_number, phone in people]
    text = "".join(
        f"{fillers[i % 6]}{name}{fillers[(i + 1) % 6]}身份证{id_number}{fillers[(i + 2) % 6]}"
        f"电话{phone}{fillers[(i + 3) % 6]}"
        for i, (name, id_number, phone) in enumerate(people)
    )
    out = deidentify(text, people=persons).text
    for name, id_number, phone in people:
        assert name not in out
        assert id_number not in out and id_number[:17] not in out
        assert phone not in out and phone.replace("-", "") not in out
    assert leaks(out, people=persons) == []


@given(id_number=id_numbers(), phone=st.one_of(mobiles, landlines), filler=FILLER)
@settings(max_examples=100, deadline=None)
def test_unknown_ids_and_phones_are_caught_by_their_pattern(id_number, phone, filler):
    """Numbers nobody listed (a neighbour's phone typed in the notes) go too."""
    out = deidentify(f"{filler}{id_number}{filler}，{phone}{filler}").text
    assert id_number not in out and id_number[:17] not in out
    assert phone not in out and phone.split("-")[-1] not in out


def test_full_width_digits_and_other_middle_dots_are_found_and_removed():
    """A phone typed in full-width digits and a name written with another middle dot (・, ．)
    are the same phone and the same name: leaks() finds them and deidentify() removes them,
    keeping the text's own punctuation."""
    people = [Person("阿卜杜·热合曼", "client", "22010219550304123X", "13812345678")]
    text = "来访者阿卜杜・热合曼，电话１３８１２３４５６７８；身份证２２０１０２１９５５０３０４１２３ｘ。"
    assert leaks(text, people=people) == ["id_number", "name", "phone"]
    assert leaks("电话１３８１２３４５６７８", people=people) == ["phone"]
    assert leaks("阿卜杜・热合曼来了", people=people) == ["name"]
    assert leaks("阿卜杜．热合曼来了", people=people) == ["name"]
    # a phone nobody listed, in full-width digits, is still a phone
    assert leaks("电话１３９００００１１１１", people=[]) == ["phone"]

    result = deidentify(text + "热合曼很满意。", people=people)
    out = result.text
    for gone in ("阿卜杜", "热合曼", "１３８", "５６７８", "１２３ｘ"):
        assert gone not in out
    assert out.count("案主A") == 2 and PHONE_TOKEN in out and ID_TOKEN in out
    assert "，" in out and "；" in out  # the text's punctuation stays as written
    assert leaks(out, people=people) == []
    unlisted = deidentify("电话１３９００００１１１１，２０２６年３月５日来访", people=[]).text
    assert "１１１１" not in unlisted and PHONE_TOKEN in unlisted and "2026年3月" in unlisted
