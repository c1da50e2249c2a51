import pytest

from shequ.accounts.models import SecurityPolicy
from shequ.accounts.services import policy_update, user_create
from shequ.core.errors import Forbidden, InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def create(world, password, username="newuser"):
    return user_create(
        by=world.user("sysadmin"),
        username=username,
        password=password,
        division=world.division("community_a"),
    )


@pytest.mark.parametrize(
    "password", ["Ab1!", "Abcde1!", "abcdefgh", "abcdefg1", "ABCDEFG1", "12345678!"]
)
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(InvalidInput) as info:
        create(world, password)
    assert info.value.field == "password"


@pytest.mark.parametrize("password", ["Xqzmwrt7", "xqzmwr7!", "XQZMWR7!", "Xqzmwrt!", "Shequ@2026"])
def test_three_of_four_classes_and_eight_characters_are_accepted(world, password):
    user = create(world, password)
    assert user.check_password(password)


def test_passwords_are_hashed_with_argon2(world):
    user = create(world, "Zq8#kLm2x")
    assert user.password.startswith("argon2")


def test_the_rule_follows_the_security_policy(world):
    policy_update(by=world.user("secadmin"), min_password_length=12)
    with pytest.raises(InvalidInput, match="at least 12"):
        create(world, "Abcdefg1!x")
    assert SecurityPolicy.current().min_password_length == 12


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("min_password_length", 7),
        ("min_character_classes", 2),
        ("lockout_threshold", 6),
        ("lockout_minutes", 10),
        ("idle_timeout_minutes", 31),
    ],
)
def test_the_policy_cannot_be_looser_than_level_three(world, field, value):
    with pytest.raises(InvalidInput) as info:
        policy_update(by=world.user("secadmin"), **{field: value})
    assert info.value.field == field


@pytest.mark.parametrize("username", ["sysadmin", "auditor", "district"])
def test_only_the_security_administrator_sets_the_policy(world, username):
    with pytest.raises(Forbidden):
        policy_update(by=world.user(username), lockout_minutes=30)


def test_common_passwords_are_refused_even_when_they_mix_classes(world):
    with pytest.raises(InvalidInput):
        create(world, "Abcdefg1")
