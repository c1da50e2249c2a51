"""志愿服务记录证明 (certificate of service record): issued free by the organization that recorded
the hours, as a PDF in Chinese; its number can be verified on a public page that shows only
validity, hours and the date of issue."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.access.rule import reach_organizations
from shequ.audit.services import audit_record
from shequ.core.errors import Conflict, Forbidden, InvalidInput
from shequ.core.pdf import certificate_pdf as pdf_certificate
from shequ.organizations.models import Organization
from shequ.volunteers import notifying
from shequ.volunteers.models import Certificate, CertificateRequest, IdType, SignUp, Volunteer
from shequ.volunteers.permissions import issues_certificates_for, volunteer_caps
from shequ.volunteers.services import MANAGE

if TYPE_CHECKING:
    from shequ.accounts.models import User


def certificate_issue(
    *,
    by: User,
    volunteer: Volunteer,
    organization: Organization,
    person_in_charge: str,
    contact: str,
) -> Certificate:
    """The hours this organization confirmed for the volunteer, and what the service was."""
    if not issues_certificates_for(by, organization.pk):
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
            _("This organization has confirmed no hours for the volunteer."),
            field="volunteer",
            code="unconfirmed",
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


def certificate_request(
    *, by: User, volunteer: Volunteer, organization: Organization
) -> CertificateRequest:
    """The volunteer asks the organization that recorded their hours for a certificate. Hours
    the organizer has not confirmed yet cannot be certified: the request is refused, saying so."""
    volunteer_caps(by, volunteer).require(
        "request_certificate", _("Volunteers request their own certificates.")
    )
    signups = SignUp.objects.filter(
        volunteer=volunteer, activity__organizer=organization, hours__isnull=False
    )
    if not signups.filter(confirmed_at__isnull=False).exists():
        if signups.exists():
            raise InvalidInput(
                _(
                    "%(organization)s has not confirmed your hours yet: a certificate covers "
                    "confirmed hours only. Ask the organizer to confirm them first."
                )
                % {"organization": organization.name},
                field="organization",
                code="unconfirmed",
            )
        raise InvalidInput(
            _("%(organization)s has recorded no hours of yours.")
            % {"organization": organization.name},
            field="organization",
            code="no_hours",
        )
    try:
        with transaction.atomic():
            request = CertificateRequest.objects.create(
                volunteer=volunteer, organization=organization
            )
            audit_record(
                actor=by,
                action="volunteer.certificate_request",
                obj=volunteer,
                detail={"organization": organization.pk},
            )
            notifying.certificate_requested(request)
    except IntegrityError as exc:
        raise Conflict(
            _("You have asked this organization already; it has not answered yet."),
            field="organization",
            code="duplicate",
        ) from exc
    return request


def certificate_request_issue(
    *, by: User, request: CertificateRequest, person_in_charge: str, contact: str
) -> Certificate:
    """The organization answers a request with the certificate."""
    if request.certificate_id is not None:
        raise Conflict(_("The certificate has been issued already."), code="issued")
    with transaction.atomic():
        certificate = certificate_issue(
            by=by,
            volunteer=request.volunteer,
            organization=request.organization,
            person_in_charge=person_in_charge,
            contact=contact,
        )
        request.certificate = certificate
        request.save(update_fields=["certificate", "updated_at"])
        notifying.certificate_issued(request)
    return certificate


def certificate_requests_pending(*, user: User) -> QuerySet[CertificateRequest]:
    """The requests waiting for the user's organization."""
    return CertificateRequest.objects.filter(
        certificate__isnull=True, organization_id__in=reach_organizations(user, MANAGE)
    ).select_related("volunteer", "organization")


def service_dates(certificate: Certificate) -> str:
    """The first and last day of the service the certificate counts (the activities whose
    hours the issuing organization confirmed)."""
    span = SignUp.objects.filter(
        volunteer=certificate.volunteer,
        activity__organizer=certificate.organization,
        confirmed_at__isnull=False,
    ).aggregate(first=Min("activity__starts_at"), last=Max("activity__ends_at"))
    if span["first"] is None:
        return "—"
    first, last = (timezone.localtime(span[k]).date() for k in ("first", "last"))
    return (
        f"{first:%Y年%m月%d日}" if first == last else f"{first:%Y年%m月%d日}至{last:%Y年%m月%d日}"
    )


def certificate_pdf(certificate: Certificate, *, verify_url: str = "") -> bytes:
    """The certificate, in Chinese whatever the reader's language (its labels are written in
    Chinese; the identity document's kind is read in Chinese too), with the issuing
    organization and the space for its seal, and a QR code of `verify_url`, the public page that
    checks its number."""
    volunteer = certificate.volunteer
    with translation.override("zh-hans"):
        id_type = str(IdType(volunteer.id_type).label)
    return pdf_certificate(
        title="志愿服务记录证明",
        number=certificate.number,
        rows=[
            ("姓名", volunteer.name),
            ("证件类型", id_type),
            ("证件号码", volunteer.id_number_masked),
            ("志愿者编号", volunteer.number),
            ("服务时间", service_dates(certificate)),
            ("志愿服务时长", f"{certificate.hours}小时"),
            ("志愿服务内容", certificate.content),
            ("出具单位", certificate.organization.name),
            ("单位负责人", certificate.person_in_charge),
            ("经办人", certificate.handler.display_name),
            ("联系方式", certificate.contact),
            ("出具日期", f"{certificate.issued_on:%Y年%m月%d日}"),
        ],
        closing="兹证明上述志愿者在本单位参加志愿服务，服务时长为实际服务时间（不含往返交通时间）。"
        "本证明免费出具，可扫描二维码或凭证明编号在社区平台“志愿服务记录证明查验”页面核验。",
        seal=(certificate.organization.name, f"{certificate.issued_on:%Y年%m月%d日}"),
        verify=(verify_url, "扫码核验本证明") if verify_url else None,
    )


def certificate_check(number: str) -> dict[str, Any] | None:
    """What the public verification page may say: that the number is valid, and the hours."""
    certificate = Certificate.objects.filter(number=(number or "").strip().upper()).first()
    if certificate is None:
        return None
    return {"number": certificate.number, "hours": certificate.hours}
