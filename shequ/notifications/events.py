"""The events that put an item on someone's workbench, each one call from the service that
makes it (inside its transaction). `EVENTS` says, per kind, who is told (`recipients`), what the
notification says and where it leads. Titles are neutral: no child's name, no allegation, ever;
the reference (BG-12 a report, GA-7 a case, RW-3 a task) finds the record inside the
application. Titles are stored in the deployment's language (LANGUAGE_CODE), the one every
recipient reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shequ.notifications import recipients
from shequ.notifications.models import Notification
from shequ.notifications.services import notify


def report_ref(report: Any) -> str:
    return f"BG-{report.pk}"


def case_ref(case: Any) -> str:
    return f"GA-{case.pk}"


def task_ref(task: Any) -> str:
    return f"RW-{task.pk}"


@dataclass(frozen=True)
class Event:
    who: Callable[[Any], list[Any]]  # the recipients, from the record
    title: Any  # a message with the %(name)s values the caller gives
    url: str  # the URL name of the page where it is done
    url_arg: Callable[[Any], Any] | None  # its argument, from the record (None: no argument)
    reference: Callable[[Any], str]


EVENTS: dict[str, Event] = {
    "report_filed": Event(
        recipients.report_handlers,
        _("A report of a child at risk waits for acknowledgement"),
        "protection:report",
        lambda r: r.pk,
        report_ref,
    ),
    "report_overdue": Event(
        lambda r: [],  # the step says who: recipients.report_escalation
        _("A report of a child at risk was not acknowledged in time"),
        "protection:report",
        lambda r: r.pk,
        report_ref,
    ),
    "referral_made": Event(
        recipients.referral_answerers,
        _("A protection case was referred to your organization"),
        "protection:referrals",
        None,
        lambda referral: case_ref(referral.case),
    ),
    "task_assigned": Event(
        recipients.task_owners,
        _("The joint meeting gave your organization a task, due %(due)s"),
        "protection:meeting",
        lambda t: t.meeting_id,
        task_ref,
    ),
    "task_overdue": Event(
        recipients.task_conveners,
        _("A task of the joint meeting is overdue (due %(due)s)"),
        "protection:meeting",
        lambda t: t.meeting_id,
        task_ref,
    ),
    "visit_overdue": Event(
        recipients.case_handler_and_supervisors,
        _("A home visit due %(due)s is overdue"),
        "protection:case",
        lambda c: c.pk,
        case_ref,
    ),
    "closure_requested": Event(
        recipients.case_supervisors,
        _("A case closure waits for your approval"),
        "protection:case",
        lambda c: c.pk,
        case_ref,
    ),
    "journal_submitted": Event(
        lambda j: [j.placement.field_supervisor],  # who approves: journal_decide
        _("A student's weekly journal (week of %(week)s) waits for your approval"),
        "placements:detail",
        lambda j: j.placement_id,
        lambda j: f"SX-{j.placement_id}",
    ),
    "volunteer_signup": Event(
        lambda signup: recipients.activity_organizers(signup.activity),
        _("A volunteer signed up for an activity: approve or decline"),
        "volunteers:activity",
        lambda signup: signup.activity_id,
        lambda signup: f"ZY-{signup.activity_id}",
    ),
    "hours_to_confirm": Event(
        lambda signup: recipients.activity_organizers(signup.activity),
        _("A volunteer checked out: confirm the hours"),
        "volunteers:activity",
        lambda signup: signup.activity_id,
        lambda signup: f"ZY-{signup.activity_id}",
    ),
    "job_finished": Event(
        lambda job: [job.created_by],
        _("Your import of %(file)s: %(status)s"),
        "imports:job",
        lambda job: job.pk,
        lambda job: f"DR-{job.pk}",
    ),
}
EVENTS["job_failed"] = EVENTS["job_finished"]


def tell(
    kind: str,
    record: Any,
    *,
    who: list[Any] | None = None,
    key: str = "",
    now: datetime | None = None,
    **values: Any,
) -> list[Notification]:
    """Notify the people `EVENTS[kind]` names for `record` (or `who`)."""
    event = EVENTS[kind]
    with translation.override(settings.LANGUAGE_CODE):
        title = str(event.title) % values if values else str(event.title)
    args = [event.url_arg(record)] if event.url_arg is not None else []
    return notify(
        recipients=event.who(record) if who is None else who,
        kind=kind,
        title=title,
        link=reverse(event.url, args=args),
        reference=event.reference(record),
        key=key,
        now=now,
    )


def report_filed(report: Any) -> None:
    tell("report_filed", report, key=f"report:{report.pk}:{report.due_at:%Y%m%d%H%M}:filed")


def referral_made(referral: Any) -> None:
    tell("referral_made", referral)


def task_assigned(task: Any) -> None:
    tell("task_assigned", task, due=task.due_on.isoformat())


def closure_requested(case: Any) -> None:
    tell("closure_requested", case)


def journal_submitted(journal: Any) -> None:
    tell("journal_submitted", journal, week=journal.week_start.isoformat())


def volunteer_signed_up(signup: Any) -> None:
    tell("volunteer_signup", signup)


def volunteer_checked_out(signup: Any) -> None:
    tell("hours_to_confirm", signup)


def import_finished(job: Any) -> None:
    """An import checked, imported or failed: its requester is told (the job's page shows it)."""
    from shequ.imports.models import Status

    failed = job.status in (Status.FAILED, Status.INVALID)
    with translation.override(settings.LANGUAGE_CODE):
        status = str(job.get_status_display())
    tell(
        "job_failed" if failed else "job_finished", job, file=job.original_name[:80], status=status
    )
