"""Simplified Chinese is complete: every interface string has a translation."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR, "locale", "zh_Hans", "LC_MESSAGES", "django.po")


def test_every_string_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    missing = [
        e.msgid
        for e in po
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or (e.msgid_plural and e.msgstr_plural.get(0))))
    ]
    assert missing == []


def test_english_msgids_are_ascii():
    """Source strings are English; the Chinese lives only in the catalogue."""
    for entry in polib.pofile(str(PO)):
        if not entry.obsolete:
            assert entry.msgid.isascii(), entry.msgid


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(translated)), (
            entry.msgid
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages run now would add nothing: no string in the code is missing from the .po."""
    root = Path(settings.BASE_DIR)
    out = tmp_path / "locale"
    result = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--keyword=gettext_lazy",
            "--keyword=gettext",
            "--from-code=UTF-8",
            "-o",
            str(out),
            "--omit-header",
            *[str(p) for p in root.glob("shequ/**/*.py") if "migrations" not in p.parts],
            *[str(p) for p in root.glob("config/*.py")],
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    known = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    extracted = {e.msgid for e in polib.pofile(str(out)) if e.msgid}
    assert extracted - known == set()


def test_translations_keep_the_placeholders():
    """A msgstr with a stray `%` or a lost `%(name)s` breaks the page when it is formatted."""
    import re

    for entry in polib.pofile(str(PO)):
        if entry.obsolete or "python-format" not in entry.flags:
            continue
        pattern = r"%\((\w+)\)[-+ #0]*\d*(?:\.\d+)?[sdif]"
        names = set(re.findall(pattern, entry.msgid))
        values = {name: 1 for name in names}
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
            if msgstr:
                assert set(re.findall(pattern, msgstr)) == names, entry.msgid
                msgstr % values  # raises on a stray %
