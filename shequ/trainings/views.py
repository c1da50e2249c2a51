"""Pages of trainings (so far: the completion certificate)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from shequ.trainings.models import Enrollment, Result
from shequ.trainings.selectors import training_list
from shequ.trainings.services import training_certificate_pdf


@login_required
def certificate_view(request: HttpRequest, number: str) -> HttpResponse:
    """For the trainee (their account) or whoever sees the training."""
    enrollment = (
        Enrollment.objects.filter(certificate_number=number, result=Result.PASSED)
        .select_related(
            "training__programme", "training__organizer", "training__partner", "trainee"
        )
        .first()
    )
    if enrollment is None or not (
        enrollment.trainee.user_id == request.user.pk
        or training_list(user=request.user).filter(pk=enrollment.training_id).exists()
    ):
        raise Http404
    response = HttpResponse(training_certificate_pdf(enrollment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{number}.pdf"'
    return response
