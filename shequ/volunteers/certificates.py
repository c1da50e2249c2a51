"""志愿服务记录证明 (certificate of service record): issued free by the organization that recorded
the hours, as a PDF in Chinese; its number can be verified on a public page that shows only
validity, hours and the date of issue."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.access import reach_organizations
from shequ.core.errors import AppError, Forbidden, InvalidInput
from shequ.organizations.models import Organization
from shequ.volunteers.models import Certificate, IdType, SignUp, Volunteer
from shequ.volunteers.services import MANAGE

# Noto CJK from the Debian package fonts-noto-cjk (installed by .ci/run); the collection's
# fourth face (index 2) is Simplified Chinese.
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
]


def certificate_issue(
    *,
    by: Any,
    volunteer: Volunteer,
    organization: Organization,
    person_in_charge: str,
    contact: str,
) -> Certificate:
    """The hours this organization confirmed for the volunteer, and what the service was."""
    if organization.pk not in reach_organizations(by, MANAGE):
        raise Forbidden(_("Certificates are issued by the organization that recorded the hours."))
    if not person_in_charge.strip() or not contact.strip():
        raise InvalidInput(
            _("Give the person in charge and the contact details."), field="person_in_charge"
        )
    signups = list(
        SignUp.objects.filter(
            volunteer=volunteer, activity__organizer=organization, confirmed_at__isnull=False
        ).select_related("activity")
    )
    hours = sum((s.hours or Decimal("0") for s in signups), Decimal("0"))
    if not hours:
        raise InvalidInput(
            _("This organization has confirmed no hours for the volunteer."), field="volunteer"
        )
    content = "；".join(sorted({s.activity.title for s in signups}))
    with transaction.atomic():
        certificate = Certificate.objects.create(
            number="ZY" + secrets.token_hex(6).upper(),
            volunteer=volunteer,
            organization=organization,
            person_in_charge=person_in_charge.strip()[:60],
            handler=by,
            contact=contact.strip()[:100],
            hours=hours,
            content=content,
            issued_on=date.today(),
        )
        audit_record(actor=by, action="volunteer.certificate", obj=volunteer)
    return certificate


def _font() -> str:
    configured = getattr(settings, "SHEQU_CJK_FONT", "")
    for path in [configured, *FONT_CANDIDATES]:
        if path and Path(path).exists():
            return path
    raise AppError(
        _("No Chinese font is installed for PDFs (install the package fonts-noto-cjk)."),
        code="no_font",
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    from fpdf import FPDF

    volunteer = certificate.volunteer
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.add_font("cjk", fname=_font(), collection_font_number=2)
    pdf.set_font("cjk", size=20)
    pdf.cell(0, 16, "志愿服务记录证明", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.cell(0, 8, f"证明编号：{certificate.number}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    id_type = IdType(volunteer.id_type).label
    rows = [
        ("姓名", volunteer.name),
        ("证件类型", str(id_type)),
        ("证件号码", volunteer.id_number_masked),
        ("志愿者编号", volunteer.number),
        ("志愿服务时长", f"{certificate.hours} 小时"),
        ("志愿服务内容", certificate.content),
        ("出具单位", certificate.organization.name),
        ("单位负责人", certificate.person_in_charge),
        ("经办人", certificate.handler.display_name),
        ("联系方式", certificate.contact),
        ("出具日期", f"{certificate.issued_on:%Y年%m月%d日}"),
    ]
    pdf.set_font("cjk", size=12)
    for label, value in rows:
        pdf.set_x(20)
        pdf.cell(40, 10, label, border=1)
        pdf.multi_cell(130, 10, str(value), border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(
        0,
        6,
        "兹证明上述志愿者在本单位参加志愿服务，服务时长为实际服务时间（不含往返交通时间）。"
        "本证明免费出具，可凭证明编号在 Shequ 平台“志愿服务记录证明查验”页面核验。",
    )
    return bytes(pdf.output())


def certificate_check(number: str) -> dict[str, Any] | None:
    """What the public verification page may say: that the number is valid, and the hours."""
    certificate = Certificate.objects.filter(number=(number or "").strip().upper()).first()
    if certificate is None:
        return None
    return {"number": certificate.number, "hours": certificate.hours}
