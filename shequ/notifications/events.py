"""The events that put an item on someone's workbench, each one call from the service that
makes it (inside its transaction): who is told (`recipients`), what the notification says and
where it leads. Titles are neutral: no child's name, no allegation, ever; the reference (BG-12
for a report, GA-7 for a case, RW-3 for a task) finds the record inside the application."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from shequ.notifications import recipients
from shequ.notifications.services import notify


def report_ref(report: Any) -> str:
    return f"BG-{report.pk}"


def case_ref(case: Any) -> str:
    return f"GA-{case.pk}"


def task_ref(task: Any) -> str:
    return f"RW-{task.pk}"


def report_filed(report: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A report of a child at risk waits for acknowledgement")
    notify(
        recipients=recipients.report_handlers(report),
        kind="report_filed",
        title=title,
        link=reverse("protection:report", args=[report.pk]),
        reference=report_ref(report),
        key=f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:filed",
    )


def referral_made(referral: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A protection case was referred to your organization")
    notify(
        recipients=recipients.referral_answerers(referral),
        kind="referral_made",
        title=title,
        link=reverse("protection:referrals"),
        reference=case_ref(referral.case),
    )


def task_assigned(task: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The joint meeting gave your organization a task, due %(due)s") % {
            "due": task.due_on.isoformat()
        }
    notify(
        recipients=recipients.task_owners(task),
        kind="task_assigned",
        title=title,
        link=reverse("protection:meeting", args=[task.meeting_id]),
        reference=task_ref(task),
    )


def closure_requested(case: Any) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A case closure waits for your approval")
    notify(
        recipients=recipients.case_supervisors(case),
        kind="closure_requested",
        title=title,
        link=reverse("protection:case", args=[case.pk]),
        reference=case_ref(case),
    )


def journal_submitted(journal: Any) -> None:
    """A student's weekly journal waits for the placement's field supervisor (the one who may
    approve or return it: `placements.services.journal_decide`)."""
    placement = journal.placement
    with translation.override(settings.LANGUAGE_CODE):
        title = _("A student's weekly journal (week of %(week)s) waits for your approval") % {
            "week": journal.week_start.isoformat()
        }
    notify(
        recipients=[placement.field_supervisor],
        kind="journal_submitted",
        title=title,
        link=reverse("placements:detail", args=[placement.pk]),
        reference=f"SX-{placement.pk}",
    )


def import_finished(job: Any) -> None:
    """An import checked, imported or failed: its requester is told (the job's page shows it)."""
    from shequ.imports.models import Status

    failed = job.status in (Status.FAILED, Status.INVALID)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Your import of %(file)s: %(status)s") % {
            "file": job.original_name[:80],
            "status": job.get_status_display(),
        }
    notify(
        recipients=[job.created_by],
        kind="job_failed" if failed else "job_finished",
        title=title,
        link=reverse("imports:job", args=[job.pk]),
        reference=f"DR-{job.pk}",
    )
