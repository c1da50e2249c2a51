import pytest

from shequ.audit.models import AuditEntry
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.organizations.models import Organization
from shequ.organizations.services import organization_create, organization_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_district_adds_an_organization_in_its_district_and_it_is_audited(world):
    org = organization_create(
        by=world.user("district"),
        division=world.division("community_a"),
        name="东岭社区老年协会",
        kind="self_organization",
    )
    assert org.pk and org.division_id == "220102001001"
    assert AuditEntry.objects.filter(
        action="organization.create", object_id=str(org.pk), division_code="220102001001"
    ).exists()


def test_district_cannot_add_outside_its_district(world):
    with pytest.raises(Forbidden):
        organization_create(
            by=world.user("district"),
            division=world.division("xinfa"),
            name="越界组织",
            kind="agency",
        )


def test_a_community_worker_cannot_manage_organizations(world):
    with pytest.raises(Forbidden):
        organization_create(
            by=world.user("worker_a"),
            division=world.division("community_a"),
            name="某组织",
            kind="agency",
        )


def test_bad_uscc_is_refused_on_its_field_and_nothing_saved(world):
    before = Organization.objects.count()
    with pytest.raises(InvalidInput) as info:
        organization_create(
            by=world.user("district"),
            division=world.division("nanguan"),
            name="某社工机构",
            kind="agency",
            uscc="52220102MJ00000115",
        )
    assert info.value.field == "uscc"
    assert Organization.objects.count() == before


def test_duplicate_uscc_and_duplicate_name_conflict(world):
    agency = world.org("agency")
    with pytest.raises(Conflict) as info:
        organization_create(
            by=world.user("district"),
            division=world.division("nanguan"),
            name="另一机构",
            kind="agency",
            uscc=agency.uscc,
        )
    assert info.value.field == "uscc"
    with pytest.raises(Conflict) as info:
        organization_create(
            by=world.user("district"),
            division=world.division("nanguan"),
            name=agency.name,
            kind="agency",
        )
    assert info.value.field == "name"
    assert not AuditEntry.objects.filter(
        action="organization.create", object_repr="另一机构"
    ).exists()


def test_unknown_kind_is_refused(world):
    with pytest.raises(InvalidInput) as info:
        organization_create(
            by=world.user("district"),
            division=world.division("nanguan"),
            name="X",
            kind="spaceship",
        )
    assert info.value.field == "kind"


def test_update_cannot_move_an_organization_out_of_reach(world):
    org = world.org("community_a_committee")
    with pytest.raises(Forbidden):
        organization_update(
            by=world.user("district"), organization=org, division=world.division("xinfa")
        )
    updated = organization_update(
        by=world.user("district"), organization=org, contact_person="张书记"
    )
    assert updated.contact_person == "张书记"
