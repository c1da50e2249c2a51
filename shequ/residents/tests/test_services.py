from datetime import date, timedelta

import pytest

from shequ.audit.models import AuditEntry
from shequ.core import crypto
from shequ.core.errors import Forbidden, InvalidInput
from shequ.residents.identity import id_check_char
from shequ.residents.merging import resident_merge
from shequ.residents.models import Household, NeedsAssessment, Resident
from shequ.residents.services import (
    DuplicateResident,
    PossibleDuplicate,
    RegisteredElsewhere,
    household_add_member,
    household_create,
    household_set_head,
    needs_assessment_create,
    resident_create,
    resident_identifiers,
    resident_update,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def new_id(born=date(1980, 5, 17), seq="771"):
    first17 = f"220102{born:%Y%m%d}{seq}"
    return first17 + id_check_char(first17)


def register(world, confirm_possible_duplicate=False, **data):
    base = {
        "name": "测试居民",
        "gender": "M",
        "birth_date": date(1980, 5, 17),
        "id_number": new_id(),
    }
    return resident_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        data={**base, **data},
        confirm_possible_duplicate=confirm_possible_duplicate,
    )


def test_registration_fills_birth_date_and_gender_from_the_id(world):
    resident = register(world, gender=None, birth_date=None)
    assert resident.birth_date == date(1980, 5, 17) and resident.gender == "M"
    assert resident.id_number_masked == new_id()[:6] + "********" + new_id()[-4:]
    assert AuditEntry.objects.filter(action="resident.create", object_id=str(resident.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"birth_date": date(1981, 5, 17)}, "birth_date", "id_birth_mismatch"),
        ({"gender": "F"}, "gender", "id_gender_mismatch"),
        (
            {"id_number": new_id()[:-1] + ("0" if new_id()[-1] != "0" else "1")},
            "id_number",
            "id_checksum",
        ),
        ({"name": "张3"}, "name", "name_digits"),
        ({"phone": "12345"}, "phone", "phone_format"),
        (
            {"birth_date": date.today() + timedelta(days=1), "id_number": ""},
            "birth_date",
            "date_range",
        ),
    ],
)
def test_validation_errors_name_their_field_and_save_nothing(world, data, field, code):
    before = Resident.objects.count()
    with pytest.raises(InvalidInput) as info:
        register(world, **data)
    assert (info.value.field, info.value.code) == (field, code)
    assert Resident.objects.count() == before


def test_a_minor_needs_guardian_consent(world):
    born = date.today() - timedelta(days=365 * 10)
    with pytest.raises(InvalidInput) as info:
        register(world, name="小明", birth_date=born, id_number="")
    assert info.value.field == "guardian_consent"
    resident = register(
        world,
        name="小明",
        birth_date=born,
        id_number="",
        guardian_name="明妈",
        guardian_consent=True,
    )
    assert resident.is_minor


def test_an_existing_id_in_reach_opens_the_existing_record(world):
    first = register(world)
    with pytest.raises(DuplicateResident) as info:
        register(world, name="另一个名字")
    assert info.value.existing.pk == first.pk


def test_the_same_id_outside_reach_is_refused_without_revealing_the_record(world):
    """One ID number, one resident across the deployment: worker_b cannot register the person
    of community A again, and learns nothing of that record but that it exists elsewhere."""
    first = register(world)
    with pytest.raises(RegisteredElsewhere) as info:
        resident_create(
            by=world.user("worker_b"),
            division=world.division("community_b"),
            data={
                "name": "另一个名字",
                "gender": "M",
                "birth_date": date(1980, 5, 17),
                "id_number": new_id(),
                "phone": "13900001111",
            },
            confirm_possible_duplicate=True,
        )
    assert info.value.code == "registered_elsewhere"
    said = info.value.as_dict()
    assert first.name not in str(said) and str(first.pk) not in str(said)
    assert not Resident.objects.filter(name="另一个名字").exists()


def test_possible_duplicates_are_flagged_before_saving(world):
    first = register(world, id_number="", phone="13911112222")
    with pytest.raises(PossibleDuplicate) as info:
        register(world, id_number="", name="测试居民")
    assert first in info.value.candidates
    with pytest.raises(PossibleDuplicate):
        register(
            world, id_number="", name="别人", birth_date=date(1990, 1, 1), phone="139 1111 2222"
        )
    assert register(world, id_number="", name="测试居民", confirm_possible_duplicate=True).pk


def test_identifiers_are_encrypted_and_unmasking_is_permitted_and_audited(world):
    resident = register(world, phone="13812345678")
    assert "13812345678" not in resident.phone_cipher
    assert resident.phone_hash == crypto.keyed_hash("13812345678")
    values = resident_identifiers(by=world.user("worker_a"), resident=resident)
    assert values == {"id_number": new_id(), "phone": "13812345678"}
    assert AuditEntry.objects.filter(
        action="resident.unmask", actor_username="worker_a", object_id=str(resident.pk)
    ).exists()
    for username in ("district", "street", "agency"):
        with pytest.raises(Forbidden):
            resident_identifiers(by=world.user(username), resident=resident)


def test_update_keeps_identifiers_when_left_out(world):
    resident = register(world, phone="13812345678")
    resident_update(
        by=world.user("worker_a"),
        resident=resident,
        data={"name": "改名", "gender": "M", "birth_date": date(1980, 5, 17)},
    )
    resident.refresh_from_db()
    assert resident.name == "改名" and resident.id_number_hash == crypto.keyed_hash(new_id())
    assert set(resident.search_keys.values_list("key", flat=True)) == {"gaiming", "gm"}
    with pytest.raises(Forbidden):
        resident_update(by=world.user("district"), resident=resident, data={"name": "越权"})


def test_only_communities_take_residents(world):
    with pytest.raises(InvalidInput) as info:
        resident_create(
            by=world.user("worker_a"),
            division=world.division("ziqiang"),
            data={"name": "某", "gender": "M", "birth_date": date(1970, 1, 1)},
        )
    assert info.value.code == "not_a_community"


def test_another_communitys_worker_cannot_register_here(world):
    with pytest.raises(Forbidden):
        resident_create(
            by=world.user("worker_b"),
            division=world.division("community_a"),
            data={"name": "某", "gender": "M", "birth_date": date(1970, 1, 1)},
        )


def test_households_members_and_head(world):
    worker = world.user("worker_a")
    household = household_create(by=worker, division=world.division("community_a"), number="T-1")
    a = register(world)
    b = register(world, name="配偶", id_number="", gender="F", birth_date=date(1982, 1, 1))
    household_add_member(by=worker, household=household, resident=a, relation="head")
    household_add_member(by=worker, household=household, resident=b, relation="spouse")
    household.refresh_from_db()
    assert household.head == a
    household_set_head(by=worker, household=household, resident=b)
    a.refresh_from_db()
    household.refresh_from_db()
    assert household.head == b and a.relation_to_head == "other"
    other_community = household_create(
        by=world.user("worker_b"), division=world.division("community_b"), number="T-2"
    )
    with pytest.raises(Forbidden):
        household_add_member(by=worker, household=other_community, resident=a)


def test_merge_keeps_every_record_of_both_and_is_audited(world):
    worker = world.user("worker_a")
    keep = register(world)
    remove = register(
        world,
        id_number="",
        phone="13700001111",
        confirm_possible_duplicate=True,
        special_groups=[{"code": "dibao"}],
    )
    needs_assessment_create(
        by=worker,
        division=world.division("community_a"),
        resident=remove,
        assessed_on=date.today(),
        items=[{"category": "health", "priority": "high"}],
    )
    resident_merge(by=world.user("street"), keep=keep, remove=remove)
    remove.refresh_from_db()
    keep.refresh_from_db()
    assert remove.merged_into == keep
    assert NeedsAssessment.objects.filter(resident=keep).count() == 1
    assert keep.special_groups.filter(group__code="dibao").exists()
    assert keep.phone_hash == crypto.keyed_hash("13700001111")
    entry = AuditEntry.objects.get(action="resident.merge", object_id=str(keep.pk))
    assert entry.detail["removed"] == remove.pk
    with pytest.raises(Forbidden):
        resident_merge(
            by=world.user("district"),
            keep=keep,
            remove=register(world, name="乙", id_number="", birth_date=date(1950, 1, 1)),
        )


def test_needs_rules(world):
    worker = world.user("worker_a")
    resident = register(world)
    with pytest.raises(InvalidInput):
        needs_assessment_create(
            by=worker,
            division=world.division("community_a"),
            resident=resident,
            assessed_on=date.today() + timedelta(days=1),
            items=[{"category": "health", "priority": "high"}],
        )
    with pytest.raises(InvalidInput):
        needs_assessment_create(
            by=worker,
            division=world.division("community_a"),
            resident=resident,
            assessed_on=date.today(),
            items=[{"category": "nope", "priority": "high"}],
        )
    with pytest.raises(Forbidden):
        needs_assessment_create(
            by=world.user("worker_b"),
            division=world.division("community_a"),
            resident=resident,
            assessed_on=date.today(),
            items=[{"category": "health", "priority": "high"}],
        )
    assert Household.objects.exists()
