"""Pages of volunteer service: the certificate PDF (for the volunteer and the issuer) and the
public verification page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shequ.core.access import reach_organizations
from shequ.volunteers.certificates import certificate_check, certificate_pdf
from shequ.volunteers.models import Certificate
from shequ.volunteers.services import MANAGE


def certificate_download_view(request: HttpRequest, number: str) -> HttpResponse:
    """The volunteer's own certificate, or one the user's organization issued."""
    if not request.user.is_authenticated:
        raise Http404
    certificate = (
        Certificate.objects.filter(number=number)
        .select_related("volunteer", "organization", "handler")
        .first()
    )
    if certificate is None or not (
        certificate.volunteer.user_id == request.user.pk
        or certificate.organization_id in reach_organizations(request.user, MANAGE)
    ):
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@require_GET
def verify_view(request: HttpRequest) -> HttpResponse:
    """Public: a certificate number is valid or not, with its hours; nothing else."""
    number = request.GET.get("number", "").strip()
    result = certificate_check(number) if number else None
    return render(
        request,
        "volunteers/verify.html",
        {"number": number, "result": result, "asked": bool(number)},
    )
