from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shequ.audit.models import AuditEntry
from shequ.divisions.models import Division
from shequ.divisions.services import DivisionFileInvalid, division_load_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def load_file(tmp_path, text):
    path = tmp_path / "divisions.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("load_divisions", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_new_divisions_and_renames_existing(tmp_path):
    out, _ = load_file(
        tmp_path,
        "code,name\n220102001000,自强街道(新)\n220102001004,新建社区\n220102003000,民康街道\n",
    )
    assert "2 created, 1 renamed" in out
    assert Division.objects.get(code="220102001004").parent_id == "220102001000"
    assert Division.objects.get(code="220102001000").name == "自强街道(新)"
    assert Division.objects.get(code="220102003000").level == 4


def test_reloading_the_same_file_changes_nothing(tmp_path):
    text = "code,name\n220102001001,东岭社区\n220102001002,西岭社区\n"
    before = Division.objects.count()
    out, _ = load_file(tmp_path, text)
    assert "0 created, 0 renamed, 2 unchanged" in out
    assert Division.objects.count() == before


def test_parent_may_come_later_in_the_same_file(tmp_path):
    out, _ = load_file(tmp_path, "code,name\n220105001001,某社区\n220105001000,某街道\n")
    assert "2 created" in out
    assert Division.objects.get(code="220105001001").parent_id == "220105001000"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("code,name\n220102001005,好社区\n22010200100X,坏代码\n", 3, "not a 12-digit"),
        ("code,name\n220102009001,孤儿社区\n", 2, "parent division 220102009000"),
        ("code,name\n220102001005,甲\n220102001005,乙\n", 3, "already on line 2"),
        ("code,name\n220102001005,\n", 2, "name is empty"),
        ("编码,名称\n220102001005,甲\n", 1, "header"),
        ("code,name\n220102001005\n", 2, "Two columns"),
    ],
)
def test_problems_are_reported_by_line_and_nothing_is_written(tmp_path, text, line, fragment):
    before = set(Division.objects.values_list("code", "name"))
    with pytest.raises(CommandError):
        _out, _err = load_file(tmp_path, text)
    with pytest.raises(DivisionFileInvalid) as info:
        division_load_csv(text=text)
    assert any(e.line == line and fragment in e.message for e in info.value.line_errors), (
        info.value.line_errors
    )
    assert set(Division.objects.values_list("code", "name")) == before


def test_errors_are_printed_with_line_numbers(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n220102001005,好\n123,坏\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_divisions", str(path), stderr=err)
    assert "line 3" in err.getvalue()
    assert not Division.objects.filter(code="220102001005").exists()


def test_a_load_is_audited(tmp_path):
    load_file(tmp_path, "code,name\n220102001006,审计社区\n")
    entry = AuditEntry.objects.filter(action="division.load").latest("at")
    assert entry.detail["created"] == 1


def test_a_user_needs_division_manage_over_every_row(world):
    text = "code,name\n220102001007,甲社区\n"
    with pytest.raises(DivisionFileInvalid) as info:
        division_load_csv(text=text, by=world.user("district"))
    assert "may not change" in info.value.line_errors[0].message
    result = division_load_csv(text=text, by=world.user("sysadmin"))
    assert result.created == 1


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_divisions", "/nonexistent/divisions.csv")
