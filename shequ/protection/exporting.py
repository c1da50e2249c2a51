"""Exporting protection cases: only with `protection.export`, only the cases the user may see,
each exported case written to its access log, and the file itself an AES-encrypted ZIP
(pyzipper, AES-256) whose password the user chooses and the system never keeps."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pyzipper
from django.utils.translation import gettext as _

from shequ.access.perms import Perm
from shequ.accounts.selectors import reach_names
from shequ.audit.services import audit_record
from shequ.core.errors import InvalidInput, NotFound
from shequ.core.spreadsheet import export_title, write_xlsx
from shequ.protection.permissions import protection_caps
from shequ.protection.selectors import case_list

if TYPE_CHECKING:
    from shequ.accounts.models import User

MIN_PASSWORD = 8


def export_cases(*, by: User, password: str) -> bytes:
    if not protection_caps(by).export:
        raise NotFound()
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            _("The file's password has at least %(n)s characters.") % {"n": MIN_PASSWORD},
            field="password",
        )
    cases = case_list(by, channel="export")
    headers = [
        _("Case number"),
        _("Community"),
        _("Responsible level"),
        _("Child"),
        _("Risk grade"),
        _("Reasons"),
        _("Next visit"),
        _("Status"),
        _("Case plan"),
    ]
    rows = [
        (
            c.pk,
            c.division.name,
            c.level.name,
            c.child.name,
            c.grade.display_name if c.grade else "",
            c.grade_reasons,
            c.next_visit_due,
            str(c.get_status_display()),
            c.plan,
        )
        for c in cases
    ]
    workbook = write_xlsx(
        headers,
        rows,
        sheet_title=_("Protection cases"),
        title=export_title(
            _("Protection cases"), reach_names(user=by, perm=Perm.PROTECTION_EXPORT)
        ),
    )
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.writestr("protection-cases.xlsx", workbook)
    audit_record(actor=by, action="protection.export", detail={"cases": len(rows)})
    return buffer.getvalue()
