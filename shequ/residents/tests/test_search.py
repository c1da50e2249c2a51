from datetime import date

import pytest

from shequ.residents.models import Resident
from shequ.residents.selectors import ResidentFilters, resident_list
from shequ.residents.services import resident_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    worker = world.user("worker_a")
    made = {}
    for name, born, phone, group in [
        ("张三", date(1980, 1, 1), "13800001234", None),
        ("张三丰", date(1950, 6, 1), "", "elderly_alone"),
        ("单田芳", date(1960, 2, 2), "", None),
        ("阿卜杜·热合曼", date(1990, 3, 3), "", None),
    ]:
        made[name] = resident_create(
            by=worker,
            division=world.division("community_a"),
            confirm_possible_duplicate=True,
            data={
                "name": name,
                "gender": "M",
                "birth_date": born,
                "phone": phone,
                "special_groups": [{"code": group}] if group else [],
            },
        )
    made["b"] = resident_create(
        by=world.user("worker_b"),
        division=world.division("community_b"),
        data={"name": "张三", "gender": "M", "birth_date": date(1981, 1, 1)},
        confirm_possible_duplicate=True,
    )
    return made


def names(user, **filters):
    return sorted(r.name for r in resident_list(user=user, filters=ResidentFilters(**filters)))


@pytest.mark.parametrize("q", ["张三", "zhangsan", "zs", "ZS", "Zhang"])
def test_zhang_san_is_found_by_characters_full_pinyin_and_initials(world, people, q):
    assert "张三" in names(world.user("worker_a"), q=q)


def test_surname_readings_and_dotted_names(world, people):
    worker = world.user("worker_a")
    assert "单田芳" in names(worker, q="shantianfang")  # the surname reading
    assert "单田芳" in names(worker, q="stf")
    assert "阿卜杜·热合曼" in names(worker, q="abdrhm")
    assert "阿卜杜·热合曼" in names(worker, q="阿卜杜")


@pytest.mark.parametrize("q", ["热合曼", "热合", "rehem", "reheman", "rhm", "abd"])
def test_a_dotted_name_is_found_by_each_part_and_its_pinyin(world, people, q):
    assert "阿卜杜·热合曼" in names(world.user("worker_a"), q=q)
    assert "阿卜杜·热合曼" not in names(world.user("worker_b"), q=q)


def test_the_dot_may_be_typed_as_any_look_alike(world):
    made = resident_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        data={"name": "买买提•艾力", "gender": "M", "birth_date": date(1970, 1, 1)},
    )
    assert made.name in names(world.user("worker_a"), q="艾力")
    assert made.name in names(world.user("worker_a"), q="aili")


def test_exact_phone_and_id_number(world, people):
    worker = world.user("worker_a")
    assert names(worker, q="13800001234") == ["张三"]
    assert names(worker, q="138 0000 1234") == ["张三"]
    some = (
        Resident.objects.filter(merged_into__isnull=True, division_id="220102001001")
        .exclude(id_number_hash="")
        .first()
    )
    from shequ.core import crypto

    plain = crypto.decrypt(some.id_number_cipher)
    assert [r.pk for r in resident_list(user=worker, filters=ResidentFilters(q=plain.lower()))] == [
        some.pk
    ]


def test_filters_by_group_and_age(world, people):
    worker = world.user("worker_a")
    assert "张三丰" in names(worker, q="zs", special_group="elderly_alone")
    assert "张三" not in names(worker, q="zs", special_group="elderly_alone")
    assert names(worker, q="zs", age_min=70) == ["张三丰"]
    assert "张三丰" not in names(worker, q="zs", age_max=60)


def test_never_a_resident_of_another_community_not_even_as_a_count(world, people):
    worker_b = world.user("worker_b")
    found = resident_list(user=worker_b, filters=ResidentFilters(q="zs"))
    assert [r.pk for r in found] == [people["b"].pk]
    assert resident_list(user=worker_b, filters=ResidentFilters(q="13800001234")).count() == 0
    assert resident_list(user=world.user("worker_k"), filters=ResidentFilters(q="zs")).count() == 0
    street = resident_list(user=world.user("street"), filters=ResidentFilters(q="zhangsan"))
    assert {people["张三"].pk, people["b"].pk} <= {r.pk for r in street}


def test_merged_records_leave_the_results(world, people):
    from shequ.residents.merging import resident_merge

    resident_merge(by=world.user("worker_a"), keep=people["张三"], remove=people["张三丰"])
    assert "张三丰" not in names(world.user("worker_a"), q="zs")
