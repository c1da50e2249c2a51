"""Reads of juvenile protection. Cases are visible only to roles holding `protection.view`
within their reach, to organizations the case was referred to (once they accept), and to a user
who broke the glass, while that lasts. Everyone else gets 404: no lists, counts or search hits.
Every read of a case, whatever the path (page, API, list, export), writes an AccessLog entry.
Only reads live here: the writes (breaking the glass included) are in `services/`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.access.codes import Level
from shequ.access.perms import Perm
from shequ.access.rule import get_visible_or_404, has_perm, reach, reach_organizations, reach_q
from shequ.accounts.selectors import organizations_holding
from shequ.core.errors import NotFound
from shequ.divisions.models import Division
from shequ.organizations.models import Organization, OrganizationKind
from shequ.protection.models import (
    VIEW,
    AccessLog,
    Alert,
    CaseStatus,
    GlassBreak,
    Meeting,
    ProtectionCase,
    Referral,
    ReferralStatus,
    Report,
    ReportStatus,
    Task,
    TaskStatus,
)
from shequ.protection.permissions import (
    CONVENE,
    MANAGE,
    RECEIVE,
    SUPERVISE,
    case_caps,
    in_reach,
    may_convene_at,
    report_caps,
)

if TYPE_CHECKING:
    from shequ.accounts.models import User


def _via_each(user: User, cases: list[ProtectionCase]) -> dict[int, str]:
    """How the user reaches each case: its reach, a broken glass (one query for all the cases
    out of reach), or otherwise a referral."""
    via: dict[int, str] = {}
    outside = []
    for case in cases:
        if in_reach(user, case):
            via[case.pk] = "reach"
        else:
            outside.append(case.pk)
    if outside:
        glass = set(
            GlassBreak.objects.filter(
                case_id__in=outside, user_id=user.pk, expires_at__gt=timezone.now()
            ).values_list("case_id", flat=True)
        )
        for pk in outside:
            via[pk] = "glass" if pk in glass else "referral"
    return via


def case_queryset(user: User) -> QuerySet[ProtectionCase]:
    """The cases the user may see (the access rule and the case's explicit shares: see
    ProtectionCase.shared_q)."""
    return (
        ProtectionCase.objects.visible_to(user, VIEW)
        .select_related("child", "grade", "division", "level", "worker")
        .order_by("-created_at", "-id")
    )


def log_reads(user: User, cases: list[ProtectionCase], channel: str) -> None:
    """Every case read is logged: one insert and at most one query, whatever the count."""
    via = _via_each(user, cases)
    AccessLog.objects.bulk_create(
        [AccessLog(case=c, user=user, channel=channel, via=via[c.pk]) for c in cases]
    )


def case_list(user: User, *, channel: str = "list", **filters: Any) -> list[ProtectionCase]:
    """A page of cases; each case shown is a read, logged."""
    qs = case_queryset(user).filter(**filters)
    cases = list(qs[:200])
    log_reads(user, cases, channel)
    return cases


def case_count(user: User, **filters: Any) -> int:
    return case_queryset(user).filter(**filters).count()


def case_get(user: User, pk: int, *, channel: str) -> ProtectionCase:
    case: ProtectionCase = get_visible_or_404(case_queryset(user), user, VIEW, pk=pk)
    log_reads(user, [case], channel)
    return case


def access_log(user: User, case: ProtectionCase) -> list[AccessLog]:
    """The case's own access log, for its supervisor."""
    case_caps(user, case).require(
        "read_access_log", _("The access log is for the case's supervisor.")
    )
    return list(case.accesses.select_related("user")[:500])


def report_queryset(user: User) -> QuerySet[Report]:
    """The community queues in the user's reach, and the user's own reports."""
    return (
        Report.objects.visible_to(user, VIEW)
        .select_related("child", "division", "reporter", "reporter_organization", "case")
        .prefetch_related("situations")
        .order_by("-created_at", "-id")
    )


def report_get(user: User, pk: int) -> Report:
    report: Report = get_visible_or_404(report_queryset(user), user, VIEW, pk=pk)
    return report


def reporter_shown(user: User, report: Report) -> dict[str, Any]:
    """Who reported: only to roles holding `protection.reporter` over the report's community
    (and to the reporter themself); otherwise nothing but the kind of source."""
    if report_caps(user, report).see_reporter:
        return {
            "name": report.reporter.display_name if report.reporter else report.public_name,
            "organization": report.reporter_organization.name
            if report.reporter_organization
            else "",
            "phone": report.public_phone,
            "hidden": False,
        }
    return {"name": "", "organization": "", "phone": "", "hidden": True}


def alerts_for(user: User) -> QuerySet[Alert]:
    """Open alerts addressed to a division in the user's reach for the alert's permission, or
    to one of the user's organizations."""
    q = Q(pk__in=[])
    for perm in (
        Perm.PROTECTION_VIEW,
        Perm.PROTECTION_SUPERVISE,
        Perm.PROTECTION_MEETING,
        Perm.AUDIT_VIEW,
    ):
        for prefix in reach(user, perm):
            q |= Q(permission=perm, division__code__startswith=prefix)
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, VIEW)
    q |= Q(organization_id__in=orgs)
    return Alert.objects.filter(q, resolved_at__isnull=True).order_by("-created_at")


def referrals_waiting(user: User) -> QuerySet[Referral]:
    """Referrals addressed to the user's organizations and not yet answered."""
    orgs = reach_organizations(user, RECEIVE) | reach_organizations(user, Perm.PROTECTION_MANAGE)
    return Referral.objects.filter(
        to_organization_id__in=orgs, status=ReferralStatus.PENDING
    ).select_related("case__child", "to_organization")


# the four parties' organizations that can take a referred case
RECEIVING_KINDS = (
    OrganizationKind.CIVIL_AFFAIRS,
    OrganizationKind.GOVERNMENT,
    OrganizationKind.STREET_OFFICE,
    OrganizationKind.SCHOOL,
    OrganizationKind.POLICE,
    OrganizationKind.HOSPITAL,
    OrganizationKind.AGENCY,
    OrganizationKind.COMMUNITY_COMMITTEE,
)


def receiving_organizations() -> QuerySet[Organization]:
    """Organizations of the four parties whose people can take a referred case."""
    return Organization.objects.filter(
        kind__in=RECEIVING_KINDS,
        is_active=True,
        pk__in=organizations_holding(perms=[RECEIVE, Perm.PROTECTION_MANAGE]),
    ).select_related("division")


def meeting_queryset(user: User) -> QuerySet[Meeting]:
    """Meetings at divisions in reach (protection roles), and meetings the user's organization
    is a member of."""
    orgs = reach_organizations(user, Perm.PROTECTION_RECEIVE) | reach_organizations(
        user, Perm.PROTECTION_VIEW
    )
    return (
        Meeting.objects.filter(
            reach_q(user, Perm.PROTECTION_VIEW) | reach_q(user, CONVENE) | Q(members__in=orgs)
        )
        .distinct()
        .select_related("division", "convener")
        .order_by("-held_on", "-id")
    )


def task_queryset(user: User) -> QuerySet[Task]:
    return Task.objects.filter(meeting__in=meeting_queryset(user)).select_related(
        "meeting", "owner", "case"
    )


def open_tasks_before(meeting: Meeting) -> QuerySet[Task]:
    """The open tasks of the previous meetings at this division: where this one starts."""
    return Task.objects.filter(
        meeting__division=meeting.division,
        meeting__held_on__lte=meeting.held_on,
        status=TaskStatus.OPEN,
    ).exclude(meeting=meeting)


def open_tasks_before_each(meetings: list[Meeting]) -> dict[int, list[Task]]:
    """`open_tasks_before` for a list of meetings, in one query."""
    tasks = list(
        Task.objects.filter(
            meeting__division_id__in={m.division_id for m in meetings}, status=TaskStatus.OPEN
        ).select_related("owner", "meeting")
    )
    return {
        m.pk: [
            t
            for t in tasks
            if t.meeting.division_id == m.division_id
            and t.meeting.held_on <= m.held_on
            and t.meeting_id != m.pk
        ]
        for m in meetings
    }


def report_community(code: str) -> Division:
    """The community a report names: any community may receive one (a teacher reports a pupil
    of another street); an unknown code is a 404."""
    division = Division.objects.filter(code=code).first()
    if division is None:
        raise NotFound()
    return division


def organization_named(pk: int | None) -> Organization | None:
    """An organization named by a referral, a meeting or a resolution; whether it may take that
    part is the service's check (a receiving party, a unit of the division, a member)."""
    if not pk:
        return None
    return Organization.objects.filter(pk=pk).select_related("division").first()


def meeting_divisions(user: User) -> list[Division]:
    """The streets and counties where the user may convene a joint meeting."""
    return [
        d
        for d in Division.objects.filter(level__in=[Level.DISTRICT, Level.STREET]).order_by("code")
        if may_convene_at(user, d.code)
    ]


def meeting_organizations(divisions: list[Division]) -> list[Organization]:
    """The active organizations of these divisions: a meeting's possible convener and members."""
    prefixes = [d.prefix for d in divisions]
    return [
        o
        for o in Organization.objects.filter(is_active=True)
        .select_related("division")
        .order_by("division_id", "name")
        if any(o.division_id.startswith(p) for p in prefixes)
    ]


def organizations_named(pks: list[int]) -> list[Organization]:
    """The organizations a meeting names as its members (see `organization_named`)."""
    return list(Organization.objects.filter(pk__in=pks).select_related("division"))


def meeting_get(user: User, pk: int) -> Meeting:
    """One meeting the user may see (see `meeting_queryset`), or 404."""
    meeting = (
        meeting_queryset(user)
        .prefetch_related("members", "cases", "tasks__owner")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotFound()
    return meeting


def task_get(user: User, pk: int) -> Task:
    """One task of a meeting the user may see, or 404."""
    task = task_queryset(user).filter(pk=pk).first()
    if task is None:
        raise NotFound()
    return task


def referral_waiting_get(user: User, pk: int) -> Referral:
    """A referral addressed to the user's organizations and not yet answered, or 404."""
    referral = referrals_waiting(user).filter(pk=pk).first()
    if referral is None:
        raise NotFound()
    return referral


def agenda_case(meeting: Meeting, pk: int | None) -> ProtectionCase | None:
    """A case on the meeting's agenda, named by a resolution (None when not named or not on
    the agenda)."""
    if not pk:
        return None
    case: ProtectionCase | None = meeting.cases.filter(pk=pk).first()
    return case


# ------------------------------------------------------------------ what waits (the workbench)
# These lists carry no child's details to the workbench (a reference number, the community, the
# deadline), so, like `case_count`, they write no access log: opening the case does.

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.CLOSING, CaseStatus.FOLLOW_UP)


def _listed(cases: QuerySet[ProtectionCase]) -> QuerySet[ProtectionCase]:
    """Only what a workbench item shows of a case: its number, community and grade."""
    return cases.select_related(None).select_related("division", "grade")


def _tasks_listed(user: User) -> QuerySet[Task]:
    return (
        task_queryset(user)
        .select_related(None)
        .select_related("meeting", "owner")
        .only(
            "id",
            "resolution",
            "due_on",
            "owner_id",
            "owner__name",
            "meeting_id",
            "meeting__division_id",
        )
    )


def reports_to_acknowledge(user: User) -> QuerySet[Report]:
    """Reports waiting in the queues of the communities where the user handles reports (the
    rule of `report_caps(...).handle`), oldest deadline first."""
    return (
        Report.objects.visible_to(user, VIEW)
        .filter(reach_q(user, MANAGE), status=ReportStatus.NEW)
        .select_related("division")
        .order_by("due_at", "id")
    )


def my_reports_waiting(user: User) -> QuerySet[Report]:
    """The user's own reports not yet acknowledged (they wait for the community)."""
    return (
        Report.objects.visible_to(user, VIEW)
        .filter(reporter_id=user.pk, status=ReportStatus.NEW)
        .exclude(reach_q(user, MANAGE))
        .select_related("division")
        .order_by("due_at", "id")
    )


def _handled_q(user: User, perm: Perm) -> Q:
    return reach_q(user, perm) | reach_q(user, perm, "level__code")


def visits_due(user: User, until: date) -> QuerySet[ProtectionCase]:
    """Open cases the user handles (their community or responsible level) whose next home visit
    (set by the risk grade) is due by `until`."""
    return _listed(case_queryset(user)).filter(
        _handled_q(user, MANAGE), next_visit_due__lte=until, status__in=OPEN_STATUSES
    )


def closures_to_approve(user: User) -> QuerySet[ProtectionCase]:
    """Cases whose closure waits for the user as their supervisor (see `supervises`)."""
    return _listed(case_queryset(user)).filter(
        _handled_q(user, SUPERVISE), status=CaseStatus.CLOSING
    )


def _task_organizations(user: User) -> set[int]:
    return (
        reach_organizations(user, RECEIVE)
        | reach_organizations(user, VIEW)
        | reach_organizations(user, CONVENE)
    )


def tasks_owned(user: User) -> QuerySet[Task]:
    """Open resolutions of joint meetings owned by one of the user's organizations."""
    return _tasks_listed(user).filter(
        owner_id__in=_task_organizations(user), status=TaskStatus.OPEN
    )


def tasks_convened(user: User) -> QuerySet[Task]:
    """Open resolutions owned by other units, of meetings at divisions where the user convenes:
    the convener follows them."""
    if not has_perm(user, CONVENE):
        return Task.objects.none()
    return (
        _tasks_listed(user)
        .filter(reach_q(user, CONVENE, "meeting__division__code"), status=TaskStatus.OPEN)
        .exclude(owner_id__in=_task_organizations(user))
    )


def my_referrals_waiting(user: User) -> QuerySet[Referral]:
    """Referrals the user made that the other party has not answered yet (only handlers refer:
    no query for anyone else)."""
    if not has_perm(user, MANAGE):
        return Referral.objects.none()
    return Referral.objects.filter(
        by_id=user.pk, status=ReferralStatus.PENDING, case__in=case_queryset(user).values("pk")
    ).select_related("to_organization")
