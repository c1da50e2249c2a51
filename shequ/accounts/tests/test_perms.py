"""The permission vocabulary: `Perm` and the role catalogue hold the same codes, every
member is granted by some role, and code asks for permissions by member, not by string."""

from __future__ import annotations

import re
from pathlib import Path

from shequ.access.perms import Perm
from shequ.accounts.catalog import PERMISSIONS, ROLES

SHEQU = Path(__file__).resolve().parents[2]

# Files where the codes are data, not a permission asked for: the catalogues seeded into
# the database, the vocabulary itself and this test. Audit actions (`action="resident.export"`) and
# model field defaults name the same codes as stored values and stay strings.
DATA_FILES = {
    "accounts/catalog.py",
    "access/perms.py",
    "accounts/tests/test_perms.py",
    "community_orgs/catalog.py",
    "audit/actions.py",  # audit action names (some are spelled like a permission)
    "core/tests/test_references.py",  # a sample of code the scan must catch
}
STORED_VALUE = re.compile(r"\baction=|default=")


def test_the_enumeration_and_the_catalogue_hold_the_same_codes() -> None:
    assert {p.value for p in Perm} == set(PERMISSIONS)


def test_member_names_follow_their_codes() -> None:
    for perm in Perm:
        assert perm.name == perm.value.replace(".", "_").upper()


def test_every_member_is_granted_by_some_role() -> None:
    granted = {code for *_, perms in ROLES.values() for code in perms}
    assert {p.value for p in Perm} - granted == set()


def test_members_equal_their_stored_strings() -> None:
    assert Perm.RESIDENT_VIEW == "resident.view"
    assert f"{Perm.RESIDENT_VIEW}" == "resident.view"
    assert "resident.view" in {Perm.RESIDENT_VIEW}


def test_no_permission_code_is_typed_as_a_string_in_code() -> None:
    pattern = re.compile(r'"(' + "|".join(re.escape(p.value) for p in Perm) + r')"')
    found = []
    for path in sorted(SHEQU.rglob("*.py")):
        rel = path.relative_to(SHEQU).as_posix()
        if "/migrations/" in f"/{rel}" or rel in DATA_FILES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and not STORED_VALUE.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == [], "use Perm members:\n" + "\n".join(found)
