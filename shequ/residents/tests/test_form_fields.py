"""The resident's form: 民族 chosen from GB/T 3304 (kept as data, old values kept), the ID number
read in the same submit as every other rule, and the defaults (today, the user's community)."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from shequ.core.errors import InvalidInput
from shequ.residents.catalog import ETHNICITIES
from shequ.residents.models import Ethnicity, Resident
from shequ.residents.services import resident_create
from shequ.residents.tests.test_import import pid

pytestmark = pytest.mark.django_db

A, B = "220102001001", "220102001002"


def test_the_list_is_the_56_nationalities_and_the_two_other_entries_of_gb_3304():
    rows = list(Ethnicity.objects.values_list("code", "name"))
    assert len(rows) == 58 == len(ETHNICITIES)
    assert rows[0] == ("01", "汉族") and ("56", "基诺族") in rows and ("11", "满族") in rows
    assert rows[-2:] == [("97", "其他"), ("98", "外国血统")]


def test_the_form_offers_the_list_with_han_first_and_the_users_community(client_as, world):
    page = client_as("worker_a").get("/residents/new/")
    form = page.context["form"]
    names = [value for value, _label in form.fields["ethnicity"].choices]
    assert names[:3] == ["", "汉族", "蒙古族"] and len(names) == 59
    assert form["ethnicity"].value() == "汉族"
    assert form["community"].value() == world.user("worker_a").division_id == A


def test_a_user_of_several_communities_starts_at_their_own(world):
    from shequ.core.forms import prefer_home_community
    from shequ.residents.forms import ResidentForm

    communities = [world.division("community_a"), world.division("community_b")]
    user = world.user("street")
    user.division_id = B  # in memory: someone who lives in community B
    form = ResidentForm(communities=communities)
    prefer_home_community(form, "community", user)
    assert form["community"].value() == B
    user.division_id = "220103001001"  # a community not offered: the form stays as it was
    form = ResidentForm(communities=communities)
    prefer_home_community(form, "community", user)
    assert form["community"].value() is None
    posted = ResidentForm({"community": A}, communities=communities)
    prefer_home_community(posted, "community", user)
    assert posted["community"].value() == A


def register(client, **fields):
    data = {"community": A, "name": "林静", "id_number": pid("19800101", "022"), **fields}
    return client.post("/residents/new/", data)


def test_a_chosen_ethnicity_is_saved_and_one_outside_the_list_is_refused(client_as):
    client = client_as("worker_a", language="en")
    response = register(client, ethnicity="满族", consent="on")
    assert response.status_code == 302
    resident = Resident.objects.get(name="林静")
    assert (resident.ethnicity, resident.gender, resident.birth_date) == (
        "满族",
        "F",
        date(1980, 1, 1),
    )
    response = register(client, name="林动", id_number="", ethnicity="克林贡族")
    assert "Select a valid choice" in str(response.context["form"].errors["ethnicity"])


def test_the_name_and_the_id_number_are_reported_in_one_submit(client_as):
    response = client_as("worker_a", language="en").post(
        "/residents/new/",
        {"community": A, "name": "张3", "id_number": pid("19800101", "022")[:-1] + "Y"},
    )
    errors = response.context["form"].errors
    assert "A name cannot contain digits." in errors["name"]
    assert "A resident ID number is 17 digits followed by a digit or X." in errors["id_number"]
    assert "gender" not in errors and "birth_date" not in errors  # they come from the number


def test_the_service_reads_what_people_type_and_refuses_the_unknown(world):
    data = {"name": "韩梅", "gender": "F", "birth_date": date(1970, 5, 1), "consent": True}
    resident = resident_create(
        by=world.user("worker_a"),
        division=world.division("community_a"),
        data={**data, "ethnicity": "朝鲜"},
    )
    assert resident.ethnicity == "朝鲜族"
    with pytest.raises(InvalidInput) as info:
        resident_create(
            by=world.user("worker_a"),
            division=world.division("community_a"),
            data={**data, "name": "韩雪", "ethnicity": "火星族"},
        )
    assert [e["field"] for e in info.value.errors] == ["ethnicity"]


def test_an_old_free_text_value_is_kept_on_an_edit(client_as):
    resident = Resident.objects.filter(division_id=A, merged_into__isnull=True).earliest("pk")
    Resident.objects.filter(pk=resident.pk).update(ethnicity="穿青人")
    client = client_as("worker_a")
    page = client.get(f"/residents/{resident.pk}/edit/")
    form = page.context["form"]
    assert form["ethnicity"].value() == "穿青人"
    assert ("穿青人", "穿青人") in form.fields["ethnicity"].choices


def test_the_migration_maps_free_text_to_the_official_name_and_loses_nothing():
    migration = importlib.import_module("shequ.residents.migrations.0008_seed_ethnicities")
    people = list(Resident.objects.filter(division_id=A, merged_into__isnull=True)[:4])
    for resident, typed in zip(people, ["汉", " 01 ", "Man", "穿青人"], strict=True):
        Resident.objects.filter(pk=resident.pk).update(ethnicity=typed)
    migration.seed_and_map(apps, None)
    after = dict(
        Resident.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "ethnicity")
    )
    assert [after[p.pk] for p in people] == ["汉族", "汉族", "满族", "穿青人"]


def test_a_needs_assessment_is_dated_today_unless_changed(client_as):
    resident = Resident.objects.filter(division_id=A, merged_into__isnull=True).earliest("pk")
    form = client_as("worker_a").get(f"/residents/{resident.pk}/needs/new/").context["form"]
    assert form["assessed_on"].value() == date.today()
