"""Who is told when an import ends: its requester. Registered with the notifications app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shequ.imports.models import Status
from shequ.notifications.events import Event, register, tell

FINISHED = Event(
    lambda job: [job.created_by],
    _("Your import of %(file)s: %(status)s"),
    "imports:job",
    lambda job: job.pk,
    lambda job: f"DR-{job.pk}",
)
register("job_finished", FINISHED)
register("job_failed", FINISHED)


def import_finished(job: Any) -> None:
    """An import checked, imported or failed: its requester is told (the job's page shows it)."""
    failed = job.status in (Status.FAILED, Status.INVALID)
    with translation.override(settings.LANGUAGE_CODE):
        status = str(job.get_status_display())
    tell(
        "job_failed" if failed else "job_finished", job, file=job.original_name[:80], status=status
    )
