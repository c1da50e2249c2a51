"""Reads of student placements within the access rule: through the community (division) of
the placement, plus the explicit shares of `Placement.shared_q` (the school's people, the two
supervisors, the student, the secretary the student assists)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import DecimalField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, has_perm
from shequ.organizations.models import OrganizationKind
from shequ.organizations.selectors import organizations_acting_for
from shequ.placements.models import (
    VIEW,
    AssistantAssignment,
    JournalStatus,
    Placement,
    PracticumLog,
    Student,
    WeeklyJournal,
    monday_of,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User

ZERO = Decimal("0")
HOURS = DecimalField(max_digits=8, decimal_places=1)


def _hours_sum(logs: QuerySet[PracticumLog]) -> Any:
    return Coalesce(
        Subquery(
            logs.order_by().values("placement").annotate(n=Sum("hours")).values("n"),
            output_field=HOURS,
        ),
        Value(ZERO),
        output_field=HOURS,
    )


def _approved(logs: QuerySet[PracticumLog]) -> QuerySet[PracticumLog]:
    return logs.filter(
        Exists(
            WeeklyJournal.objects.filter(
                placement_id=OuterRef("placement_id"),
                week_start=OuterRef("week_start"),
                status=JournalStatus.APPROVED,
            )
        )
    )


def placement_list(*, user: User, student_id: int | None = None) -> QuerySet[Placement]:
    """The placements the user sees, each with its logged and approved hours (two
    subqueries: the list runs a fixed number of queries)."""
    logs = PracticumLog.objects.filter(placement_id=OuterRef("pk"))
    qs = (
        Placement.objects.visible_to(user, VIEW)
        .select_related(
            "student__requirement",
            "student__school",
            "host",
            "division",
            "school_supervisor",
            "field_supervisor",
        )
        .annotate(logged_hours=_hours_sum(logs), approved_hours=_hours_sum(_approved(logs)))
        .order_by("-start_date", "-id")
    )
    if student_id is not None:
        qs = qs.filter(student_id=student_id)
    return qs


def placement_get(*, user: User, pk: int) -> Placement:
    placement: Placement = get_visible_or_404(placement_list(user=user), user, VIEW, pk=pk)
    return placement


def student_list(*, user: User) -> QuerySet[Student]:
    return (
        Student.objects.visible_to(user, VIEW)
        .select_related("school", "requirement")
        .order_by("school_id", "cohort", "number")
    )


def student_get(*, user: User, pk: int) -> Student:
    student: Student = get_visible_or_404(student_list(user=user), user, VIEW, pk=pk)
    return student


def log_list(*, user: User, placement_id: int | None = None) -> QuerySet[PracticumLog]:
    qs = PracticumLog.objects.filter(
        placement__in=Placement.objects.visible_to(user, VIEW).values("pk")
    )
    if placement_id is not None:
        qs = qs.filter(placement_id=placement_id)
    return qs.order_by("placement_id", "day")


def log_get(*, user: User, pk: int) -> PracticumLog:
    entry = log_list(user=user).select_related("placement__student").filter(pk=pk).first()
    if entry is None:
        from shequ.core.errors import NotFound

        raise NotFound()
    return entry


# ------------------------------------------------------------------ who is who on a placement


@dataclass
class Progress:
    logged: Decimal
    approved: Decimal
    required: int

    @property
    def percent(self) -> int:
        """Approved hours as a share of the required hours (at most 100)."""
        if not self.required:
            return 100
        return min(100, int(self.approved * 100 / self.required))

    @property
    def remaining(self) -> Decimal:
        return max(ZERO, Decimal(self.required) - self.approved)


def progress(placement: Placement) -> Progress:
    """Approved hours (the entries of approved weeks) and all logged hours against the
    programme's required hours. Uses the list's annotations when present."""
    logged = getattr(placement, "logged_hours", None)
    approved = getattr(placement, "approved_hours", None)
    if logged is None or approved is None:
        logs = PracticumLog.objects.filter(placement=placement)
        logged = logs.aggregate(n=Sum("hours"))["n"] or ZERO
        approved = _approved(logs).aggregate(n=Sum("hours"))["n"] or ZERO
    tenth = Decimal("0.1")
    return Progress(
        logged=Decimal(logged).quantize(tenth),
        approved=Decimal(approved).quantize(tenth),
        required=placement.student.requirement.hours,
    )


@dataclass
class Week:
    start: date
    entries: list[PracticumLog] = field(default_factory=list)
    journal: WeeklyJournal | None = None

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def hours(self) -> Decimal:
        return sum((e.hours for e in self.entries), ZERO)

    @property
    def locked(self) -> bool:
        return self.journal is not None and self.journal.status != JournalStatus.RETURNED


def weeks(placement: Placement, *, today: date | None = None) -> list[Week]:
    """The placement's weeks up to today (latest first) with their entries and journal, in
    two queries."""
    today = today or date.today()
    last = min(today, placement.end_date)
    rows: dict[date, Week] = {}
    monday = monday_of(placement.start_date)
    while monday <= last:
        rows[monday] = Week(start=monday)
        monday += timedelta(days=7)
    for entry in placement.logs.order_by("day"):
        rows.setdefault(entry.week_start, Week(start=entry.week_start)).entries.append(entry)
    for journal in placement.journals.select_related("decided_by"):
        rows.setdefault(journal.week_start, Week(start=journal.week_start)).journal = journal
    return sorted(rows.values(), key=lambda w: w.start, reverse=True)


# ------------------------------------------------------------------ choices of the forms


def hosts() -> list[Any]:
    """Where students are placed: community committees and social-work agencies."""
    from shequ.organizations.models import Organization, OrganizationKind

    return list(
        Organization.objects.filter(
            kind__in=[OrganizationKind.COMMUNITY_COMMITTEE, OrganizationKind.AGENCY],
            is_active=True,
        ).order_by("division_id", "name")
    )


def people_of(organization_ids: Any) -> list[tuple[Any, str]]:
    """(user, organization name) for each active grant at these organizations."""
    from shequ.accounts.models import RoleGrant

    seen: dict[tuple[int, int], tuple[Any, str]] = {}
    grants = (
        RoleGrant.objects.active()
        .filter(organization_id__in=organization_ids, user__is_active=True)
        .select_related("user", "organization")
        .order_by("organization__name", "user__username")
    )
    for grant in grants:
        key = (grant.user_id, grant.organization_id or 0)
        seen.setdefault(key, (grant.user, grant.organization.name if grant.organization else ""))
    return list(seen.values())


def schools_of(*, user: User) -> list[Any]:
    """The universities whose students the user registers and places (where they hold
    placement.manage): the page's choices and the only ids the API accepts."""
    return [
        o
        for o in organizations_acting_for(user=user, perm=Perm.PLACEMENT_MANAGE)
        if o.kind == OrganizationKind.UNIVERSITY
    ]


def school_people(*, user: User) -> list[Any]:
    """The people of the user's schools: who may supervise a placement for the school (and
    whose account a student may be)."""
    ids = [s.pk for s in schools_of(user=user)]
    return list({u.pk: u for u, _org in people_of(ids)}.values())


def host_people() -> list[tuple[Any, str]]:
    """(user, host name) for the people of every host: the field supervisors one may name."""
    return people_of([h.pk for h in hosts()])


def secretaries(placement: Placement) -> list[Any]:
    """The people working in the placement's community."""
    from shequ.accounts.models import User

    return list(
        User.objects.filter(
            grants__division_id=placement.division_id,
            grants__revoked_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


# ------------------------------------------------------------------ what waits (the workbench)


def journals_to_approve(user: User) -> QuerySet[WeeklyJournal]:
    """Submitted journals of the placements where the user is the field supervisor (who alone
    approves or returns them, with the week's day logs)."""
    return (
        WeeklyJournal.objects.filter(
            placement__in=Placement.objects.visible_to(user, VIEW).values("pk"),
            placement__field_supervisor_id=user.pk,
            status=JournalStatus.SUBMITTED,
        )
        .select_related("placement__student")
        .order_by("week_start", "id")
    )


def my_journals(user: User) -> QuerySet[WeeklyJournal]:
    """The student's own journals that are submitted (waiting) or returned (to rewrite)."""
    if not has_perm(user, Perm.PLACEMENT_SELF):
        return WeeklyJournal.objects.none()
    return (
        WeeklyJournal.objects.filter(
            placement__student__user_id=user.pk,
            status__in=[JournalStatus.SUBMITTED, JournalStatus.RETURNED],
        )
        .select_related("placement")
        .order_by("week_start", "id")
    )


def weeks_without_journal(user: User, today: date) -> list[tuple[int, date]]:
    """(placement, Monday) of the student's past weeks with day logs and no journal yet."""
    if not has_perm(user, Perm.PLACEMENT_SELF):
        return []
    return list(
        PracticumLog.objects.filter(
            placement__student__user_id=user.pk, week_start__lt=monday_of(today)
        )
        .exclude(
            Exists(
                WeeklyJournal.objects.filter(
                    placement_id=OuterRef("placement_id"), week_start=OuterRef("week_start")
                )
            )
        )
        .values_list("placement_id", "week_start")
        .distinct()
        .order_by("week_start", "placement_id")
    )


def assistant_evaluations_due(user: User, until: date) -> QuerySet[AssistantAssignment]:
    """Assignments where the user is the secretary, ending by `until`, not yet evaluated."""
    return (
        AssistantAssignment.objects.filter(
            secretary_id=user.pk, evaluated_at__isnull=True, end_date__lte=until
        )
        .select_related("placement__student")
        .order_by("end_date", "id")
    )
