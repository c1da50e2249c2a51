"""志愿服务记录证明 (certificate of service record): issued free by the organization that recorded
the hours, as a PDF in Chinese; its number can be verified on a public page that shows only
validity, hours and the date of issue."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.audit.services import audit_record
from shequ.core.access import reach_organizations
from shequ.core.errors import Forbidden, InvalidInput
from shequ.core.pdf import certificate_pdf as pdf_certificate
from shequ.organizations.models import Organization
from shequ.volunteers.models import Certificate, IdType, SignUp, Volunteer
from shequ.volunteers.services import MANAGE


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


def certificate_pdf(certificate: Certificate) -> bytes:
    volunteer = certificate.volunteer
    return pdf_certificate(
        title="志愿服务记录证明",
        number=certificate.number,
        rows=[
            ("姓名", volunteer.name),
            ("证件类型", str(IdType(volunteer.id_type).label)),
            ("证件号码", volunteer.id_number_masked),
            ("志愿者编号", volunteer.number),
            ("志愿服务时长", f"{certificate.hours} 小时"),
            ("志愿服务内容", certificate.content),
            ("出具单位", certificate.organization.name),
            ("单位负责人", certificate.person_in_charge),
            ("经办人", certificate.handler.display_name),
            ("联系方式", certificate.contact),
            ("出具日期", f"{certificate.issued_on:%Y年%m月%d日}"),
        ],
        closing="兹证明上述志愿者在本单位参加志愿服务，服务时长为实际服务时间（不含往返交通时间）。"
        "本证明免费出具，可凭证明编号在 Shequ 平台“志愿服务记录证明查验”页面核验。",
    )


def certificate_check(number: str) -> dict[str, Any] | None:
    """What the public verification page may say: that the number is valid, and the hours."""
    certificate = Certificate.objects.filter(number=(number or "").strip().upper()).first()
    if certificate is None:
        return None
    return {"number": certificate.number, "hours": certificate.hours}
